package org.strider.learner.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.floating.RSqrt;
import org.nd4j.linalg.factory.Nd4j;
import org.strider.random.SplitMix64;

/**
 * PyTorch's {@code nn.BatchNorm1d(size)} (eps 1e-5, momentum 0.1, affine, running statistics) over the batch
 * dimension of {@code [batch, size]} inputs. Its four vectors lie in the network's flat parameters in PyTorch's
 * {@code state_dict} order: gain ({@code weight}, starts at 1), {@code bias} (0), {@code running_mean} (0) and
 * {@code running_var} (1). The running statistics are not trained: their gradient stays 0, so Adam leaves them
 * alone (zero moments give a zero step), while target copies, polyak averaging, checkpoints and weight exports
 * carry them with the rest, as PyTorch's {@code load_state_dict} and SB3's {@code polyak_update} do.
 *
 * <p>Train mode ({@link #training(boolean) training(true)}, the default): normalise with the batch's mean and
 * biased variance, then update the running statistics {@code r ← (1 - m) r + m s}, with the unbiased variance
 * {@code var · n / (n - 1)}; a batch of one row is refused (PyTorch refuses it too). Eval mode: normalise with the
 * running statistics and change nothing, so the layer is a fixed per-feature affine map (which
 * {@link QNetwork#inferenceParams()} folds into the neighbouring linear layer for plain-Java inference).
 * Backward in train mode, with {@code d = dy · gain}: {@code dx = rstd (d - mean_b(d) - x̂ mean_b(d x̂))}; in eval
 * mode {@code dx = d · rstd}. Every step is a {@link BoundOp} (or a kept legacy op) of its own: a pass makes no
 * ND4J object.
 */
public final class BatchNorm implements Layer {
    /** PyTorch's defaults. */
    public static final double EPS = 1e-5;
    public static final double MOMENTUM = 0.1;

    private final int size;
    private final DataType dataType;
    private boolean training = true;

    private INDArray gain;
    private INDArray bias;
    private INDArray runningMean;
    private INDArray runningVar;
    private INDArray gainGrad;
    private INDArray biasGrad;

    private int batchSize;
    private INDArray normalised;
    private INDArray scratch;
    private INDArray mean;
    private INDArray var;
    private INDArray rstd;
    private INDArray meanOfGrad;
    private INDArray meanOfGradTimesNormalised;
    private INDArray output;
    private INDArray gradInput;
    private boolean lastForwardTrained;
    private INDArray epsScalar;
    private INDArray keepScalar;
    private RSqrt rsqrt;
    private BoundOp runningVarUpdate;

    private final BoundOp columnMean = BoundOp.mean(0);
    private final BoundOp centre = BoundOp.subtract();
    private final BoundOp square = BoundOp.multiply();
    private final BoundOp columnVariance = BoundOp.mean(0);
    private final BoundOp addEps = BoundOp.add();
    private final BoundOp normalise = BoundOp.multiply();
    private final BoundOp decayRunningMean = BoundOp.multiply();
    private final BoundOp runningMeanUpdate = BoundOp.axpy(MOMENTUM);
    private final BoundOp decayRunningVar = BoundOp.multiply();
    private final BoundOp evalAddEps = BoundOp.add();
    private final BoundOp evalCentre = BoundOp.subtract();
    private final BoundOp evalNormalise = BoundOp.multiply();
    private final BoundOp applyGain = BoundOp.multiply();
    private final BoundOp applyBias = BoundOp.add();
    private final BoundOp biasGradSum = BoundOp.sum(0);
    private final BoundOp gainGradProduct = BoundOp.multiply();
    private final BoundOp gainGradSum = BoundOp.sum(0);
    private final BoundOp evalGradTimesGain = BoundOp.multiply();
    private final BoundOp evalGradTimesRstd = BoundOp.multiply();
    private final BoundOp gradTimesGain = BoundOp.multiply();
    private final BoundOp gradMean = BoundOp.mean(0);
    private final BoundOp gradTimesNormalised = BoundOp.multiply();
    private final BoundOp gradTimesNormalisedMean = BoundOp.mean(0);
    private final BoundOp normalisedTimesThatMean = BoundOp.multiply();
    private final BoundOp subtractThat = BoundOp.subtract();
    private final BoundOp subtractGradMean = BoundOp.subtract();
    private final BoundOp timesRstd = BoundOp.multiply();

    public BatchNorm(final int size, final DataType dataType) {
        if (size <= 0) {
            throw new IllegalArgumentException("BatchNorm size must be positive: " + size);
        }
        this.size = size;
        this.dataType = dataType;
    }

    /** Train mode (batch statistics, running statistics updated) or eval mode (running statistics, no change). */
    public void training(final boolean value) {
        training = value;
    }

    public boolean training() {
        return training;
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
        return 4 * size;
    }

    @Override
    public void bind(final INDArray params, final INDArray grads, final long offset) {
        gain = FlatViews.row(params, offset, size);
        bias = FlatViews.row(params, offset + size, size);
        runningMean = FlatViews.row(params, offset + 2L * size, size);
        runningVar = FlatViews.row(params, offset + 3L * size, size);
        gainGrad = FlatViews.row(grads, offset, size);
        biasGrad = FlatViews.row(grads, offset + size, size);
    }

    @Override
    public void initialize(final double[] flat, final int offset, final SplitMix64 rng) {
        for (int i = 0; i < size; i++) {
            flat[offset + i] = 1.0;
            flat[offset + size + i] = 0.0;
            flat[offset + 2 * size + i] = 0.0;
            flat[offset + 3 * size + i] = 1.0;
        }
    }

    @Override
    public void allocate(final int batch) {
        batchSize = batch;
        normalised = Nd4j.create(dataType, batch, size);
        scratch = Nd4j.create(dataType, batch, size);
        mean = Nd4j.create(dataType, 1, size);
        var = Nd4j.create(dataType, 1, size);
        rstd = Nd4j.create(dataType, 1, size);
        meanOfGrad = Nd4j.create(dataType, 1, size);
        meanOfGradTimesNormalised = Nd4j.create(dataType, 1, size);
        output = Nd4j.create(dataType, batch, size);
        gradInput = Nd4j.create(dataType, batch, size);
        epsScalar = Nd4j.scalar(dataType, EPS);
        keepScalar = Nd4j.scalar(dataType, 1.0 - MOMENTUM);
        rsqrt = new RSqrt(rstd, rstd);
        runningVarUpdate = BoundOp.axpy(MOMENTUM * batch / (batch - 1.0));
    }

    @Override
    public INDArray forward(final INDArray x) {
        Shapes.check(x, batchSize, size, "BatchNorm input");
        lastForwardTrained = training;
        if (training) {
            if (batchSize < 2) {
                throw new IllegalArgumentException("BatchNorm in train mode needs more than one row per batch "
                    + "(got 1); switch the network to eval mode to run single rows");
            }
            columnMean.run(x, mean);
            centre.run(x, mean, normalised);
            square.run(normalised, normalised, scratch);
            columnVariance.run(scratch, var);
            addEps.run(var, epsScalar, rstd);
            Nd4j.exec(rsqrt);
            normalise.run(normalised, rstd, normalised);
            // running <- (1 - m) running + m batch, with the unbiased variance as PyTorch.
            decayRunningMean.run(runningMean, keepScalar, runningMean);
            runningMeanUpdate.run(mean, runningMean, runningMean);
            decayRunningVar.run(runningVar, keepScalar, runningVar);
            runningVarUpdate.run(var, runningVar, runningVar);
        } else {
            evalAddEps.run(runningVar, epsScalar, rstd);
            Nd4j.exec(rsqrt);
            evalCentre.run(x, runningMean, normalised);
            evalNormalise.run(normalised, rstd, normalised);
        }
        applyGain.run(normalised, gain, output);
        return applyBias.run(output, bias, output);
    }

    @Override
    public INDArray backward(final INDArray gradOutput, final boolean paramGrads, final boolean inputGrad) {
        Shapes.check(gradOutput, batchSize, size, "BatchNorm output gradient");
        if (paramGrads) {
            biasGradSum.run(gradOutput, biasGrad);
            gainGradProduct.run(gradOutput, normalised, scratch);
            gainGradSum.run(scratch, gainGrad);
        }
        if (!inputGrad) {
            return null;
        }
        if (!lastForwardTrained) {
            evalGradTimesGain.run(gradOutput, gain, gradInput);
            return evalGradTimesRstd.run(gradInput, rstd, gradInput);
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
