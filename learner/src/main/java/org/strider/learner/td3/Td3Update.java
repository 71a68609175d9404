package org.strider.learner.td3;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMax;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMin;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.strider.learner.nn.Mlp;
import org.strider.learner.nn.MseLoss;
import org.strider.learner.nn.QFunction;
import org.strider.learner.optim.Adam;
import org.strider.learner.replay.ReplayBatch;
import org.strider.random.Gaussian;

/**
 * One TD3 (or DDPG) learning step on a sampled batch, in the order of Fujimoto et al. (2018) and CleanRL's
 * {@code td3_continuous_action.py}: smoothed target action, clipped double-Q target, critic step, and every
 * {@code policy_delay} updates an actor step and polyak averaging of all targets. DDPG is the same with one
 * critic, no target smoothing and a delay of 1. Works on a {@link Td3State} in place. Every array is allocated
 * here, for the config's batch size; {@link #update} allocates none (ND4J's op dispatch still leaves short-lived
 * Java objects, mostly in the layers' GEMM calls).
 */
public final class Td3Update {
    private final Td3State s;
    private final boolean twin;
    private final int batch;
    private final double gamma;
    private final double tau;
    private final int policyDelay;
    private final double targetNoise;
    private final double targetNoiseClip;
    private final Mlp actor;
    private final QFunction q1;
    private final QFunction q2;
    private final QFunction q1Target;
    private final QFunction q2Target;

    private final INDArray obs;
    private final INDArray action;
    private final INDArray reward;
    private final INDArray nextObs;
    private final INDArray notDone;
    private final INDArray nextAction;
    private final INDArray noise;
    private final INDArray y;
    private final INDArray gradQ;
    private final INDArray low;
    private final INDArray high;
    private final float[] noiseValues;
    private final float[] scale;
    private final Td3Metrics metrics = new Td3Metrics();

    public Td3Update(final Td3State state) {
        this.s = state;
        final Td3Config config = state.config();
        this.twin = config.twinCritics();
        this.batch = config.replay().batchSize();
        this.gamma = config.td3().gamma();
        this.tau = config.td3().tau();
        this.policyDelay = config.td3().policyDelay();
        this.targetNoise = config.td3().targetNoise();
        this.targetNoiseClip = config.td3().targetNoiseClip();
        this.actor = state.actor();
        this.q1 = (QFunction) state.critic1();
        this.q1Target = (QFunction) state.critic1Target();
        this.q2 = twin ? (QFunction) state.critic2() : null;
        this.q2Target = twin ? (QFunction) state.critic2Target() : null;
        final int o = state.obsSize();
        final int a = state.actionSize();
        this.obs = Nd4j.create(DataType.FLOAT, batch, o);
        this.action = Nd4j.create(DataType.FLOAT, batch, a);
        this.reward = Nd4j.create(DataType.FLOAT, batch, 1);
        this.nextObs = Nd4j.create(DataType.FLOAT, batch, o);
        this.notDone = Nd4j.create(DataType.FLOAT, batch, 1);
        this.nextAction = Nd4j.create(DataType.FLOAT, batch, a);
        this.noise = Nd4j.create(DataType.FLOAT, batch, a);
        this.y = Nd4j.create(DataType.FLOAT, batch, 1);
        this.gradQ = Nd4j.create(DataType.FLOAT, batch, 1);
        this.low = Nd4j.createFromArray(state.actionLow());
        this.high = Nd4j.createFromArray(state.actionHigh());
        this.noiseValues = new float[batch * a];
        this.scale = state.actionScale();
    }

    /**
     * One update from {@code b}. Returns the metrics object this instance reuses.
     *
     * @throws IllegalStateException when a loss is NaN or infinite, naming the update; that update's optimiser
     *                               step is not taken
     */
    public Td3Metrics update(final ReplayBatch b) {
        load(b);
        final long n = s.updates() + 1;

        // Target policy smoothing: a' = clip(pi'(s') + clip(N(0, sigma), -c, c) * scale, low, high).
        nextAction.assign(s.actorTarget().forward(nextObs));
        if (targetNoise > 0) {
            fillTargetNoise();
            nextAction.addi(noise);
            Nd4j.exec(new BroadcastMax(nextAction, low, nextAction, 1));
            Nd4j.exec(new BroadcastMin(nextAction, high, nextAction, 1));
        }
        // Clipped double Q: the smaller of the two target critics (DDPG: its one target critic).
        final INDArray minQ = q1Target.forward(nextObs, nextAction);
        if (twin) {
            Transforms.min(minQ, q2Target.forward(nextObs, nextAction), false);
        }
        // y = r + gamma * (1 - terminated) * min_q. The replay stores terminated = 1 only for an end inside the
        // MDP, and 0 for a time-limit truncation: bootstrap through truncation, never through termination.
        y.assign(minQ).muli(notDone).muli(gamma).addi(reward);

        // Critic step: each critic regresses on y with its own Adam (the same as one Adam over both).
        final INDArray q1Values = q1.forward(obs, action);
        final INDArray q2Values = twin ? q2.forward(obs, action) : null;
        metrics.update = n;
        metrics.q1Loss = MseLoss.value(q1Values, y);
        metrics.q2Loss = twin ? MseLoss.value(q2Values, y) : 0;
        if (!Double.isFinite(metrics.q1Loss + metrics.q2Loss)) {
            throw stopped(n, "critic loss is not finite (q1 " + metrics.q1Loss + ", q2 " + metrics.q2Loss
                + "); training stopped before this update's optimiser steps");
        }
        metrics.meanQ = q1Values.meanNumber().doubleValue();
        criticStep(q1, q1Values, s.critic1Optimiser());
        // gradQ = 2 (Q1 - y) / batch after critic 1's step, so mean |Q1 - y| = sum |gradQ| / 2.
        metrics.tdError = gradQ.norm1Number().doubleValue() / 2;
        if (twin) {
            criticStep(q2, q2Values, s.critic2Optimiser());
        }

        // Delayed policy update: ascend Q1(s, pi(s)), i.e. descend -mean Q1; dQ/da is the critic's input gradient.
        metrics.actorUpdated = n % policyDelay == 0;
        if (metrics.actorUpdated) {
            final INDArray q = q1.forward(obs, actor.forward(obs));
            final double actorLoss = -q.meanNumber().doubleValue();
            if (!Double.isFinite(actorLoss)) {
                throw stopped(n, "actor loss is " + actorLoss + "; training stopped before the actor step (the "
                    + "critics took theirs)");
            }
            gradQ.assign(-1.0 / batch);
            q1.backward(gradQ, false, true);
            actor.backward(q1.gradAction(), true, false);
            s.actorOptimiser().step();
            metrics.actorLoss = actorLoss;

            // Polyak averaging of every target: theta' <- tau * theta + (1 - tau) * theta'.
            s.actorTarget().softUpdateFrom(actor, tau);
            s.critic1Target().softUpdateFrom(s.critic1(), tau);
            if (twin) {
                s.critic2Target().softUpdateFrom(s.critic2(), tau);
            }
        }
        s.updates(n);
        return metrics;
    }

    /** One MSE step of a critic towards y from its forward pass {@code values}. */
    private void criticStep(final QFunction q, final INDArray values, final Adam optimiser) {
        MseLoss.gradient(values, y, gradQ);
        q.backward(gradQ, true, false);
        optimiser.step();
    }

    private void fillTargetNoise() {
        final int a = scale.length;
        for (int i = 0; i < noiseValues.length; i++) {
            final double eps = Gaussian.next(s.targetNoiseRng()) * targetNoise;
            noiseValues[i] = (float) (Math.max(-targetNoiseClip, Math.min(targetNoiseClip, eps)) * scale[i % a]);
        }
        noise.data().setData(noiseValues);
    }

    private void load(final ReplayBatch b) {
        if (b.size != batch || b.obsSize != s.obsSize() || b.actionSize != s.actionSize()) {
            throw new IllegalArgumentException("replay batch of " + b.size + " (obs " + b.obsSize + ", action "
                + b.actionSize + ") given to an update built for " + batch + " (obs " + s.obsSize() + ", action "
                + s.actionSize() + ")");
        }
        obs.data().setData(b.obs);
        action.data().setData(b.action);
        reward.data().setData(b.reward);
        nextObs.data().setData(b.nextObs);
        notDone.data().setData(b.terminated);
        notDone.rsubi(1.0);
    }

    private static IllegalStateException stopped(final long n, final String what) {
        return new IllegalStateException("TD3 update " + n + ": " + what);
    }

    /** The targets y of the last update (live buffer; tests). */
    INDArray targetValues() {
        return y;
    }

    /** The smoothed target actions a' of the last update (live buffer; tests). */
    INDArray nextActions() {
        return nextAction;
    }
}
