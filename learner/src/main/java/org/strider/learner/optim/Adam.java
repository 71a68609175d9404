package org.strider.learner.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.factory.Nd4j;
import org.strider.learner.nn.Network;

/**
 * Adam over one flat parameter vector and its gradient, in place, with PyTorch's {@code torch.optim.Adam}
 * semantics (not DL4J's, which folds eps into the bias correction):
 * <pre>
 *   g  = grad + weightDecay * param           (L2 penalty, off by default; not AdamW)
 *   m  = beta1 * m + (1 - beta1) * g
 *   v  = beta2 * v + (1 - beta2) * g²
 *   param -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)     (eps outside the sqrt)
 * </pre>
 * The moments and one scratch array (two with weight decay) are allocated here; {@link #step()} allocates no
 * arrays.
 */
public final class Adam {
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPS = 1e-8;

    private final INDArray params;
    private final INDArray grads;
    private final INDArray m;
    private final INDArray v;
    private final INDArray scratch;
    private final INDArray decayed;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private double learningRate;
    private long step;

    public Adam(final INDArray params, final INDArray grads, final double learningRate, final double beta1,
        final double beta2, final double eps, final double weightDecay) {
        if (params.length() != grads.length() || params.dataType() != grads.dataType()) {
            throw new IllegalArgumentException("parameters (" + params.length() + " " + params.dataType()
                + ") and gradients (" + grads.length() + " " + grads.dataType() + ") differ");
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("betas must be in [0, 1): " + beta1 + ", " + beta2);
        }
        if (!(eps >= 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("eps and weight decay must be >= 0: " + eps + ", " + weightDecay);
        }
        this.params = params;
        this.grads = grads;
        this.m = Nd4j.zeros(params.dataType(), params.shape());
        this.v = Nd4j.zeros(params.dataType(), params.shape());
        this.scratch = Nd4j.zeros(params.dataType(), params.shape());
        this.decayed = weightDecay == 0 ? null : Nd4j.zeros(params.dataType(), params.shape());
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        learningRate(learningRate);
    }

    /** PyTorch's defaults (betas 0.9, 0.999; eps 1e-8; no weight decay) for a network's flat vectors. */
    public static Adam of(final Network network, final double learningRate) {
        return new Adam(network.params(), network.grads(), learningRate, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS, 0.0);
    }

    /** One update from the current gradients. */
    public void step() {
        step++;
        INDArray g = grads;
        if (decayed != null) {
            Nd4j.exec(new Axpy(params, grads, decayed, weightDecay));
            g = decayed;
        }
        m.muli(beta1);
        Nd4j.exec(new Axpy(g, m, m, 1.0 - beta1));
        g.mul(g, scratch);
        v.muli(beta2);
        Nd4j.exec(new Axpy(scratch, v, v, 1.0 - beta2));

        final double biasCorrection1 = 1.0 - Math.pow(beta1, step);
        final double biasCorrection2 = 1.0 - Math.pow(beta2, step);
        Nd4j.exec(new Sqrt(v, scratch));
        scratch.divi(Math.sqrt(biasCorrection2)).addi(eps);
        m.div(scratch, scratch);
        Nd4j.exec(new Axpy(scratch, params, params, -learningRate / biasCorrection1));
    }

    public double learningRate() {
        return learningRate;
    }

    public void learningRate(final double learningRate) {
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0: " + learningRate);
        }
        this.learningRate = learningRate;
    }

    /** Updates taken so far (PyTorch's {@code state['step']}). */
    public long stepCount() {
        return step;
    }

    /** First moment (PyTorch's {@code exp_avg}); live, for checkpoints. */
    public INDArray firstMoment() {
        return m;
    }

    /** Second moment (PyTorch's {@code exp_avg_sq}); live, for checkpoints. */
    public INDArray secondMoment() {
        return v;
    }

    /** Restores a checkpointed state: the moments are copied in. */
    public void restore(final long stepCount, final INDArray firstMoment, final INDArray secondMoment) {
        if (stepCount < 0 || firstMoment.length() != m.length() || secondMoment.length() != v.length()) {
            throw new IllegalArgumentException("Adam state does not fit: step " + stepCount + ", moments of "
                + firstMoment.length() + " and " + secondMoment.length() + " values for " + m.length() + " parameters");
        }
        m.assign(firstMoment.reshape(m.shape()));
        v.assign(secondMoment.reshape(v.shape()));
        step = stepCount;
    }
}
