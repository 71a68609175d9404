package org.strider.learner.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.TanhDerivative;
import org.nd4j.linalg.factory.Nd4j;
import org.strider.learner.random.SplitMix64;

/** {@code y = tanh(x)}; backward {@code dx = dy (1 - tanh²(x))} in one fused op. */
public final class Tanh implements Layer {
    private final int size;
    private final DataType dataType;
    private int batchSize;
    private INDArray input;
    private INDArray output;
    private INDArray gradInput;

    public Tanh(final int size, final DataType dataType) {
        this.size = size;
        this.dataType = dataType;
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
        input = null;
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
