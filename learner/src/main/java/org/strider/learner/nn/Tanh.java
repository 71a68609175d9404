package org.strider.learner.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code y = tanh(x)}; backward {@code dx = dy (1 - tanh²(x))} in one fused op. */
public final class Tanh extends ElementwiseLayer {
    private final BoundOp tanh = BoundOp.tanh();
    private final BoundOp tanhBackward = BoundOp.tanhBackward();

    public Tanh(final int size, final DataType dataType) {
        super(size, dataType);
    }

    @Override
    public INDArray forward(final INDArray x) {
        Shapes.check(x, batchSize, size, "tanh input");
        input = x;
        return tanh.run(x, output);
    }

    @Override
    public INDArray backward(final INDArray gradOutput, final boolean paramGrads, final boolean inputGrad) {
        if (!inputGrad) {
            return null;
        }
        Shapes.check(gradOutput, batchSize, size, "tanh output gradient");
        return tanhBackward.run(input, gradOutput, gradInput);
    }
}
