package org.strider.learner.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.floating.RSqrt;
import org.nd4j.linalg.factory.Nd4j;
import org.strider.random.SplitMix64;

/**
 * PyTorch's {@code nn.LayerNorm(size)} over the features of each row: {@code x̂ = (x - mean) / sqrt(var + eps)}
 * with the biased variance, then {@code y = x̂ * gain + bias}; gain starts at 1, bias at 0. Backward, per row
 * with {@code d = dy * gain}: {@code dx = rstd * (d - mean(d) - x̂ * mean(d * x̂))}.
 */
public final class LayerNorm implements Layer {
    private final int size;
    private final double eps;
    private final DataType dataType;

    private INDArray gain;
    private INDArray bias;
    private INDArray gainGrad;
    private INDArray biasGrad;

    private int batchSize;
    private INDArray normalised;
    private INDArray scratch;
    private INDArray mean;
    private INDArray rstd;
    private INDArray meanOfGrad;
    private INDArray meanOfGradTimesNormalised;
    private INDArray output;
    private INDArray gradInput;

    public LayerNorm(final int size, final double eps, final DataType dataType) {
        this.size = size;
        this.eps = eps;
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
        return 2 * size;
    }

    @Override
    public void bind(final INDArray params, final INDArray grads, final long offset) {
        gain = FlatViews.row(params, offset, size);
        bias = FlatViews.row(params, offset + size, size);
        gainGrad = FlatViews.row(grads, offset, size);
        biasGrad = FlatViews.row(grads, offset + size, size);
    }

    @Override
    public void initialize(final double[] flat, final int offset, final SplitMix64 rng) {
        for (int i = 0; i < size; i++) {
            flat[offset + i] = 1.0;
            flat[offset + size + i] = 0.0;
        }
    }

    @Override
    public void allocate(final int batch) {
        batchSize = batch;
        normalised = Nd4j.create(dataType, batch, size);
        scratch = Nd4j.create(dataType, batch, size);
        mean = Nd4j.create(dataType, batch, 1);
        rstd = Nd4j.create(dataType, batch, 1);
        meanOfGrad = Nd4j.create(dataType, batch, 1);
        meanOfGradTimesNormalised = Nd4j.create(dataType, batch, 1);
        output = Nd4j.create(dataType, batch, size);
        gradInput = Nd4j.create(dataType, batch, size);
    }

    @Override
    public INDArray forward(final INDArray x) {
        Shapes.check(x, batchSize, size, "LayerNorm input");
        x.mean(mean, 1);
        normalised.assign(x).subiColumnVector(mean);
        normalised.mul(normalised, scratch);
        scratch.mean(rstd, 1);
        rstd.addi(eps);
        Nd4j.exec(new RSqrt(rstd, rstd));
        normalised.muliColumnVector(rstd);
        output.assign(normalised).muliRowVector(gain).addiRowVector(bias);
        return output;
    }

    @Override
    public INDArray backward(final INDArray gradOutput, final boolean paramGrads, final boolean inputGrad) {
        Shapes.check(gradOutput, batchSize, size, "LayerNorm output gradient");
        if (paramGrads) {
            gradOutput.sum(biasGrad, 0);
            gradOutput.mul(normalised, scratch);
            scratch.sum(gainGrad, 0);
        }
        if (!inputGrad) {
            return null;
        }
        scratch.assign(gradOutput).muliRowVector(gain);
        scratch.mean(meanOfGrad, 1);
        scratch.mul(normalised, gradInput);
        gradInput.mean(meanOfGradTimesNormalised, 1);
        gradInput.assign(normalised).muliColumnVector(meanOfGradTimesNormalised);
        scratch.sub(gradInput, gradInput);
        gradInput.subiColumnVector(meanOfGrad).muliColumnVector(rstd);
        return gradInput;
    }
}
