package org.strider.learner.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.strider.random.SplitMix64;

/**
 * {@code y = x W^T + b} with W {@code [out, in]} and b {@code [1, out]} viewed in the flat vector (PyTorch's
 * layout). Forward is one GEMM and a row broadcast; backward is up to three GEMMs into preallocated arrays:
 * {@code dW = dy^T x}, {@code db = 1^T dy}, {@code dx = dy W}. Each is a {@link BoundOp} of its own, so a pass
 * makes no ND4J object.
 */
public final class Linear implements Layer {
    private final int inputSize;
    private final int outputSize;
    private final DataType dataType;
    private final LinearInit init;
    private final BoundOp forwardGemm = BoundOp.gemm(false, true, 1.0, 0.0);
    private final BoundOp addBias = BoundOp.add();
    private final BoundOp weightGradGemm = BoundOp.gemm(true, false, 1.0, 0.0);
    private final BoundOp biasGradGemm = BoundOp.gemm(false, false, 1.0, 0.0);
    private final BoundOp inputGradGemm = BoundOp.gemm(false, false, 1.0, 0.0);

    private INDArray weight;
    private INDArray bias;
    private INDArray weightGrad;
    private INDArray biasGrad;

    private int batchSize;
    private INDArray input;
    private INDArray output;
    private INDArray gradInput;
    private INDArray ones;

    public Linear(final int inputSize, final int outputSize, final DataType dataType, final LinearInit init) {
        if (inputSize <= 0 || outputSize <= 0) {
            throw new IllegalArgumentException("Linear sizes must be positive: " + inputSize + " -> " + outputSize);
        }
        this.inputSize = inputSize;
        this.outputSize = outputSize;
        this.dataType = dataType;
        this.init = init;
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int outputSize() {
        return outputSize;
    }

    @Override
    public int paramCount() {
        return inputSize * outputSize + outputSize;
    }

    @Override
    public void bind(final INDArray params, final INDArray grads, final long offset) {
        final long biasOffset = offset + (long) inputSize * outputSize;
        weight = FlatViews.matrix(params, offset, outputSize, inputSize);
        bias = FlatViews.row(params, biasOffset, outputSize);
        weightGrad = FlatViews.matrix(grads, offset, outputSize, inputSize);
        biasGrad = FlatViews.row(grads, biasOffset, outputSize);
    }

    @Override
    public void initialize(final double[] flat, final int offset, final SplitMix64 rng) {
        init.initialize(inputSize, outputSize, flat, offset, offset + inputSize * outputSize, rng);
    }

    @Override
    public void allocate(final int batch) {
        batchSize = batch;
        output = Nd4j.create(dataType, batch, outputSize);
        gradInput = Nd4j.create(dataType, batch, inputSize);
        ones = Nd4j.ones(dataType, 1, batch);
        input = null;
    }

    @Override
    public INDArray forward(final INDArray x) {
        Shapes.check(x, batchSize, inputSize, "Linear input");
        input = x;
        forwardGemm.run(x, weight, output);
        return addBias.run(output, bias, output);
    }

    @Override
    public INDArray backward(final INDArray gradOutput, final boolean paramGrads, final boolean inputGrad) {
        Shapes.check(gradOutput, batchSize, outputSize, "Linear output gradient");
        if (paramGrads) {
            weightGradGemm.run(gradOutput, input, weightGrad);
            biasGradGemm.run(ones, gradOutput, biasGrad);
        }
        if (!inputGrad) {
            return null;
        }
        return inputGradGemm.run(gradOutput, weight, gradInput);
    }

    /** The buffer {@link #backward} returns dL/dInput in (valid after {@link #allocate}). */
    INDArray gradInputBuffer() {
        return gradInput;
    }

    /** View of the weight {@code [out, in]} in the flat parameters. */
    public INDArray weight() {
        return weight;
    }

    /** View of the bias {@code [1, out]} in the flat parameters. */
    public INDArray bias() {
        return bias;
    }
}
