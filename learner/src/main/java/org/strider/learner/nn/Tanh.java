package org.strider.learner.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.TanhDerivative;
import org.nd4j.linalg.factory.Nd4j;

/** {@code y = tanh(x)}; backward {@code dx = dy (1 - tanh²(x))} in one fused op. */
public final class Tanh extends ElementwiseLayer {
    public Tanh(final int size, final DataType dataType) {
        super(size, dataType);
    }

    @Override
    public INDArray forward(final INDArray x) {
        Shapes.check(x, batchSize, size, "tanh input");
        input = x;
        Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh(x, output));
        return output;
    }

    @Override
    public INDArray backward(final INDArray gradOutput, final boolean paramGrads, final boolean inputGrad) {
        if (!inputGrad) {
            return null;
        }
        Shapes.check(gradOutput, batchSize, size, "tanh output gradient");
        Nd4j.exec(new TanhDerivative(input, gradOutput, gradInput));
        return gradInput;
    }
}
