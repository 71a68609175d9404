package org.strider.learner.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.floating.RSqrt;
import org.nd4j.linalg.factory.Nd4j;
import org.strider.random.SplitMix64;

/**
 * PyTorch's {@code nn.LayerNorm(size)} over the features of each row: {@code x̂ = (x - mean) / sqrt(var + eps)}
 * with the biased variance, then {@code y = x̂ * gain + bias}; gain starts at 1, bias at 0. Backward, per row
 * with {@code d = dy * gain}: {@code dx = rstd * (d - mean(d) - x̂ * mean(d * x̂))}. Every step is a
 * {@link BoundOp} (or a kept legacy op) of its own: a pass makes no ND4J object.
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
    private INDArray epsScalar;
    private RSqrt rsqrt;

    private final BoundOp rowMean = BoundOp.mean(1);
    private final BoundOp centre = BoundOp.subtract();
    private final BoundOp square = BoundOp.multiply();
    private final BoundOp rowVariance = BoundOp.mean(1);
    private final BoundOp addEps = BoundOp.add();
    private final BoundOp normalise = BoundOp.multiply();
    private final BoundOp applyGain = BoundOp.multiply();
    private final BoundOp applyBias = BoundOp.add();
    private final BoundOp biasGradSum = BoundOp.sum(0);
    private final BoundOp gainGradProduct = BoundOp.multiply();
    private final BoundOp gainGradSum = BoundOp.sum(0);
    private final BoundOp gradTimesGain = BoundOp.multiply();
    private final BoundOp gradMean = BoundOp.mean(1);
    private final BoundOp gradTimesNormalised = BoundOp.multiply();
    private final BoundOp gradTimesNormalisedMean = BoundOp.mean(1);
    private final BoundOp normalisedTimesThatMean = BoundOp.multiply();
    private final BoundOp subtractThat = BoundOp.subtract();
    private final BoundOp subtractGradMean = BoundOp.subtract();
    private final BoundOp timesRstd = BoundOp.multiply();

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
        epsScalar = Nd4j.scalar(dataType, eps);
        rsqrt = new RSqrt(rstd, rstd);
    }

    @Override
    public INDArray forward(final INDArray x) {
        Shapes.check(x, batchSize, size, "LayerNorm input");
        rowMean.run(x, mean);
        centre.run(x, mean, normalised);
        square.run(normalised, normalised, scratch);
        rowVariance.run(scratch, rstd);
        addEps.run(rstd, epsScalar, rstd);
        Nd4j.exec(rsqrt);
        normalise.run(normalised, rstd, normalised);
        applyGain.run(normalised, gain, output);
        return applyBias.run(output, bias, output);
    }

    @Override
    public INDArray backward(final INDArray gradOutput, final boolean paramGrads, final boolean inputGrad) {
        Shapes.check(gradOutput, batchSize, size, "LayerNorm output gradient");
        if (paramGrads) {
            biasGradSum.run(gradOutput, biasGrad);
            gainGradProduct.run(gradOutput, normalised, scratch);
            gainGradSum.run(scratch, gainGrad);
        }
        if (!inputGrad) {
            return null;
        }
        gradTimesGain.run(gradOutput, gain, scratch);
        gradMean.run(scratch, meanOfGrad);
        gradTimesNormalised.run(scratch, normalised, gradInput);
        gradTimesNormalisedMean.run(gradInput, meanOfGradTimesNormalised);
        normalisedTimesThatMean.run(normalised, meanOfGradTimesNormalised, gradInput);
        subtractThat.run(scratch, gradInput, gradInput);
        subtractGradMean.run(gradInput, meanOfGrad, gradInput);
        return timesRstd.run(gradInput, rstd, gradInput);
    }
}
