package org.strider.learner.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.floating.RSqrt;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
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
 * mode {@code dx = d · rstd}.
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
            x.mean(mean, 0);
            normalised.assign(x).subiRowVector(mean);
            normalised.mul(normalised, scratch);
            scratch.mean(var, 0);
            rstd.assign(var).addi(EPS);
            Nd4j.exec(new RSqrt(rstd, rstd));
            normalised.muliRowVector(rstd);
            // running <- (1 - m) running + m batch, with the unbiased variance as PyTorch.
            runningMean.muli(1.0 - MOMENTUM);
            Nd4j.exec(new Axpy(mean, runningMean, runningMean, MOMENTUM));
            runningVar.muli(1.0 - MOMENTUM);
            Nd4j.exec(new Axpy(var, runningVar, runningVar, MOMENTUM * batchSize / (batchSize - 1.0)));
        } else {
            rstd.assign(runningVar).addi(EPS);
            Nd4j.exec(new RSqrt(rstd, rstd));
            normalised.assign(x).subiRowVector(runningMean).muliRowVector(rstd);
        }
        output.assign(normalised).muliRowVector(gain).addiRowVector(bias);
        return output;
    }

    @Override
    public INDArray backward(final INDArray gradOutput, final boolean paramGrads, final boolean inputGrad) {
        Shapes.check(gradOutput, batchSize, size, "BatchNorm output gradient");
        if (paramGrads) {
            gradOutput.sum(biasGrad, 0);
            gradOutput.mul(normalised, scratch);
            scratch.sum(gainGrad, 0);
        }
        if (!inputGrad) {
            return null;
        }
        if (!lastForwardTrained) {
            gradInput.assign(gradOutput).muliRowVector(gain).muliRowVector(rstd);
            return gradInput;
        }
        scratch.assign(gradOutput).muliRowVector(gain);
        scratch.mean(meanOfGrad, 0);
        scratch.mul(normalised, gradInput);
        gradInput.mean(meanOfGradTimesNormalised, 0);
        gradInput.assign(normalised).muliRowVector(meanOfGradTimesNormalised);
        scratch.sub(gradInput, gradInput);
        gradInput.subiRowVector(meanOfGrad).muliRowVector(rstd);
        return gradInput;
    }
}
