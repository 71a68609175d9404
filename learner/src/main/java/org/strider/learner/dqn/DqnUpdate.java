package org.strider.learner.dqn;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.strider.learner.nn.BoundOp;
import org.strider.learner.nn.HuberLoss;
import org.strider.learner.nn.QNetwork;
import org.strider.learner.replay.ReplayBatch;
import org.strider.nn.GreedyPolicy;

/**
 * One DQN learning step on a sampled batch, as SB3's {@code DQN.train}: the target network values the next
 * observation ({@code max_a' Q'(s', a')}, or with Double DQN {@code Q'(s', argmax_a' Q(s', a'))}, van Hasselt et
 * al. 2016), {@code y = r + γ (1 - terminated) v}, the Huber (smooth L1) loss of {@code Q(s, a)} against y
 * (MSE with {@code huber_delta = 0}), its gradient back through the online network, the gradient clipped to a
 * global L2 norm of {@code max_grad_norm} (PyTorch's {@code clip_grad_norm_}), one Adam step, and every
 * {@code target_update_interval} updates the target updated with rate τ (1: a hard copy).
 *
 * <p>With batch norm the online network runs in train mode for the loss (updating its running statistics) and
 * in eval mode to pick Double DQN's a'; the target always runs in eval mode (the seed notebook's
 * {@code target.eval()}). The small per-row work (gather, max, loss) runs on Java arrays allocated here; after the
 * first call {@link #update} makes no ND4J object (the networks' ops and the norm and clip here are
 * {@link BoundOp}s) and allocates next to nothing on the Java heap ({@code DqnUpdateAllocationTest}).
 */
public final class DqnUpdate {
    private final DqnState s;
    private final int batch;
    private final int actions;
    private final double gamma;
    private final boolean doubleQ;
    private final double delta;
    private final double maxGradNorm;
    private final int targetInterval;
    private final double tau;
    private final QNetwork q;
    private final QNetwork qTarget;

    private final INDArray obs;
    private final INDArray nextObs;
    private final INDArray gradQ;
    private final float[] targetNext;
    private final float[] onlineNext;
    private final float[] qAll;
    private final float[] qTaken;
    private final float[] y;
    private final float[] gradTaken;
    private final float[] gradAll;
    private final int[] taken;
    private final INDArray result;
    private final INDArray clipCoefficient;
    private final BoundOp gradNorm = BoundOp.norm2();
    private final BoundOp clipGradients = BoundOp.multiply();
    private final DqnMetrics metrics = new DqnMetrics();
    /** Per network (0 target, 1 online): the output last copied out and a host view of it (kept: Java objects). */
    private final INDArray[] viewed = new INDArray[2];
    private final FloatBuffer[] views = new FloatBuffer[2];

    public DqnUpdate(final DqnState state) {
        this.s = state;
        final DqnConfig config = state.config();
        this.batch = config.replay().batchSize();
        this.actions = state.actions();
        this.gamma = config.dqn().gamma();
        this.doubleQ = config.dqn().doubleQ();
        this.delta = config.dqn().huberDelta();
        this.maxGradNorm = config.optimiser().maxGradNorm();
        this.targetInterval = config.dqn().targetUpdateInterval();
        this.tau = config.dqn().tau();
        this.q = state.q();
        this.qTarget = state.qTarget();
        this.obs = Nd4j.create(DataType.FLOAT, batch, state.obsSize());
        this.nextObs = Nd4j.create(DataType.FLOAT, batch, state.obsSize());
        this.gradQ = Nd4j.create(DataType.FLOAT, batch, actions);
        this.targetNext = new float[batch * actions];
        this.onlineNext = new float[batch * actions];
        this.qAll = new float[batch * actions];
        this.qTaken = new float[batch];
        this.y = new float[batch];
        this.gradTaken = new float[batch];
        this.gradAll = new float[batch * actions];
        this.taken = new int[batch];
        this.result = Nd4j.scalar(DataType.FLOAT, 0.0);
        this.clipCoefficient = Nd4j.scalar(DataType.FLOAT, 1.0);
    }

    /**
     * One update from {@code b}. Returns the metrics object this instance reuses.
     *
     * @throws IllegalStateException when the loss is NaN or infinite, naming the update; no optimiser step is taken
     */
    public DqnMetrics update(final ReplayBatch b) {
        load(b);
        final long n = s.updates() + 1;

        // Next-state value from the target network (eval mode), the action picked by the online one for Double DQN.
        qTarget.training(false);
        copy(0, qTarget.forward(nextObs), targetNext);
        if (doubleQ) {
            q.training(false);
            copy(1, q.forward(nextObs), onlineNext);
        }
        for (int i = 0; i < batch; i++) {
            final int row = i * actions;
            final int best = GreedyPolicy.argmax(doubleQ ? onlineNext : targetNext, row, actions);
            final float next = targetNext[row + best];
            // y = r + gamma (1 - terminated) v: terminated is 1 only for an end inside the MDP (never truncation).
            y[i] = b.reward[i] + (1f - b.terminated[i]) * (float) gamma * next;
        }

        // Q(s, a) from the online network in train mode; the last forward before backward.
        q.training(true);
        copy(1, q.forward(obs), qAll);
        double sumQ = 0;
        double sumAbs = 0;
        for (int i = 0; i < batch; i++) {
            qTaken[i] = qAll[i * actions + taken[i]];
            sumQ += qTaken[i];
            sumAbs += Math.abs(qTaken[i] - (double) y[i]);
        }
        metrics.update = n;
        metrics.loss = delta > 0 ? HuberLoss.value(qTaken, y, batch, delta) : mse();
        if (!Double.isFinite(metrics.loss)) {
            throw new IllegalStateException("DQN update " + n + ": loss is " + metrics.loss + " (mean Q "
                + sumQ / batch + "); training stopped before this update's optimiser step");
        }
        metrics.meanQ = sumQ / batch;
        metrics.tdError = sumAbs / batch;

        // dL/dQ is zero except at each row's taken action.
        if (delta > 0) {
            HuberLoss.gradient(qTaken, y, batch, delta, gradTaken);
        } else {
            for (int i = 0; i < batch; i++) {
                gradTaken[i] = (float) (2.0 * (qTaken[i] - (double) y[i]) / batch);
            }
        }
        java.util.Arrays.fill(gradAll, 0f);
        for (int i = 0; i < batch; i++) {
            gradAll[i * actions + taken[i]] = gradTaken[i];
        }
        gradQ.data().setData(gradAll);
        q.backward(gradQ, true, false);
        metrics.gradNorm = gradNorm.run(q.grads(), result).getDouble(0);
        if (maxGradNorm > 0) {
            // PyTorch clip_grad_norm_: scale by max_norm / (norm + 1e-6) when that is below 1.
            final double coefficient = maxGradNorm / (metrics.gradNorm + 1e-6);
            if (coefficient < 1) {
                clipCoefficient.putScalar(0, coefficient);
                clipGradients.run(q.grads(), clipCoefficient, q.grads());
            }
        }
        s.optimiser().step();

        metrics.targetUpdated = n % targetInterval == 0;
        if (metrics.targetUpdated) {
            if (tau == 1.0) {
                qTarget.copyParamsFrom(q);
            } else {
                qTarget.softUpdateFrom(q, tau);
            }
        }
        s.updates(n);
        return metrics;
    }

    private double mse() {
        double sum = 0;
        for (int i = 0; i < batch; i++) {
            final double d = qTaken[i] - (double) y[i];
            sum += d * d;
        }
        return sum / batch;
    }

    private void load(final ReplayBatch b) {
        if (b.size != batch || b.obsSize != s.obsSize() || b.actionSize != 1) {
            throw new IllegalArgumentException("replay batch of " + b.size + " (obs " + b.obsSize + ", action "
                + b.actionSize + ") given to a DQN update built for " + batch + " (obs " + s.obsSize()
                + ", action 1)");
        }
        for (int i = 0; i < batch; i++) {
            final float a = b.action[i];
            final int index = (int) a;
            if (index != a || index < 0 || index >= actions) {
                throw new IllegalArgumentException("replay batch row " + i + " has action " + a + ", not an index in "
                    + "0.." + (actions - 1));
            }
            taken[i] = index;
        }
        obs.data().setData(b.obs);
        nextObs.data().setData(b.nextObs);
    }

    /** Copies a [batch, actions] float buffer (the network's output, contiguous from 0) into {@code out}. */
    private void copy(final int network, final INDArray values, final float[] out) {
        if (values != viewed[network]) {
            views[network] = values.data().asNioFloat();
            viewed[network] = values;
        }
        views[network].get(0, out, 0, out.length);
    }

    /** The targets y of the last update (live buffer; tests). */
    float[] targetValues() {
        return y;
    }

    /** Q(s, a) of the last update (live buffer; tests). */
    float[] takenValues() {
        return qTaken;
    }
}
