package org.strider.learner.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fixed {@code y = x * scale + shift} per feature (the actor's action head); no trainable parameters.
 */
public final class ScaleShift extends ElementwiseLayer {
    private final INDArray scale;
    private final INDArray shift;
    private final BoundOp scaleOutput = BoundOp.multiply();
    private final BoundOp shiftOutput = BoundOp.add();
    private final BoundOp scaleGradient = BoundOp.multiply();

    public ScaleShift(final float[] scale, final float[] shift, final DataType dataType) {
        super(checkedLength(scale, shift), dataType);
        this.scale = Nd4j.createFromArray(new float[][] {scale}).castTo(dataType);
        this.shift = Nd4j.createFromArray(new float[][] {shift}).castTo(dataType);
    }

    private static int checkedLength(final float[] scale, final float[] shift) {
        if (scale.length != shift.length) {
            throw new IllegalArgumentException("scale and shift differ in length: " + scale.length + ", " + shift.length);
        }
        return scale.length;
    }

    @Override
    public INDArray forward(final INDArray x) {
        Shapes.check(x, batchSize, size, "scale-shift input");
        scaleOutput.run(x, scale, output);
        return shiftOutput.run(output, shift, output);
    }

    @Override
    public INDArray backward(final INDArray gradOutput, final boolean paramGrads, final boolean inputGrad) {
        if (!inputGrad) {
            return null;
        }
        Shapes.check(gradOutput, batchSize, size, "scale-shift output gradient");
        return scaleGradient.run(gradOutput, scale, gradInput);
    }
}
