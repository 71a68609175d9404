package org.strider.learner.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.strider.learner.random.SplitMix64;

/**
 * Fixed {@code y = x * scale + shift} per feature (the actor's action head); no trainable parameters.
 */
public final class ScaleShift implements Layer {
    private final int size;
    private final DataType dataType;
    private final INDArray scale;
    private final INDArray shift;
    private int batchSize;
    private INDArray output;
    private INDArray gradInput;

    public ScaleShift(final float[] scale, final float[] shift, final DataType dataType) {
        if (scale.length != shift.length) {
            throw new IllegalArgumentException("scale and shift differ in length: " + scale.length + ", " + shift.length);
        }
        this.size = scale.length;
        this.dataType = dataType;
        this.scale = Nd4j.createFromArray(new float[][] {scale}).castTo(dataType);
        this.shift = Nd4j.createFromArray(new float[][] {shift}).castTo(dataType);
    }

    @Override
    public int inputSize() {
        return size;
    }

    @Override
    public int outputSize() {
        return size;
    }

    @Override
    public int paramCount() {
        return 0;
    }

    @Override
    public void bind(final INDArray params, final INDArray grads, final long offset) {
        // no parameters
    }

    @Override
    public void initialize(final double[] flat, final int offset, final SplitMix64 rng) {
        // no parameters
    }

    @Override
    public void allocate(final int batch) {
        batchSize = batch;
        output = Nd4j.create(dataType, batch, size);
        gradInput = Nd4j.create(dataType, batch, size);
    }

    @Override
    public INDArray forward(final INDArray x) {
        Shapes.check(x, batchSize, size, "scale-shift input");
        output.assign(x).muliRowVector(scale).addiRowVector(shift);
        return output;
    }

    @Override
    public INDArray backward(final INDArray gradOutput, final boolean paramGrads, final boolean inputGrad) {
        if (!inputGrad) {
            return null;
        }
        Shapes.check(gradOutput, batchSize, size, "scale-shift output gradient");
        gradInput.assign(gradOutput).muliRowVector(scale);
        return gradInput;
    }
}
