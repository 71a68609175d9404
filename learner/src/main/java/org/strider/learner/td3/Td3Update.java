package org.strider.learner.td3;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.strider.learner.nn.BoundOp;
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
 * critic, no target smoothing and a delay of 1. Works on a {@link Td3State} in place. Every array and op is made
 * here or in the networks, for the config's batch size; after the first call {@link #update} makes no ND4J object
 * (each op is a {@link BoundOp}) and allocates next to nothing on the Java heap ({@code Td3UpdateAllocationTest}).
 */
public final class Td3Update {
    private final Td3State s;
    private final boolean twin;
    private final int batch;
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
    private final INDArray actorGradQ;
    private final INDArray low;
    private final INDArray high;
    private final INDArray gammaScalar;
    private final INDArray result;
    private final MseLoss loss1;
    private final MseLoss loss2;
    private final float[] noiseValues;
    private final float[] notDoneValues;
    private final float[] scale;
    private final Td3Metrics metrics = new Td3Metrics();

    // Each op is made once and bound to its arrays (see BoundOp); named for its step below.
    private final BoundOp copyNextAction = BoundOp.copy();
    private final BoundOp addNoise = BoundOp.add();
    private final BoundOp clipLow = BoundOp.maximum();
    private final BoundOp clipHigh = BoundOp.minimum();
    private final BoundOp minOfTargets = BoundOp.minimum();
    private final BoundOp timesNotDone = BoundOp.multiply();
    private final BoundOp timesGamma = BoundOp.multiply();
    private final BoundOp plusReward = BoundOp.add();
    private final BoundOp meanQ = BoundOp.mean();
    private final BoundOp norm1 = BoundOp.norm1();

    public Td3Update(final Td3State state) {
        this.s = state;
        final Td3Config config = state.config();
        this.twin = config.twinCritics();
        this.batch = config.replay().batchSize();
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
        this.loss1 = new MseLoss(DataType.FLOAT, batch, 1);
        this.loss2 = twin ? new MseLoss(DataType.FLOAT, batch, 1) : null;
        // d(-mean Q)/dQ, the same for every actor step.
        this.actorGradQ = Nd4j.create(DataType.FLOAT, batch, 1).assign(-1.0 / batch);
        this.low = Nd4j.createFromArray(state.actionLow());
        this.high = Nd4j.createFromArray(state.actionHigh());
        this.gammaScalar = Nd4j.scalar(DataType.FLOAT, config.td3().gamma());
        this.result = Nd4j.scalar(DataType.FLOAT, 0.0);
        this.noiseValues = new float[batch * a];
        this.notDoneValues = new float[batch];
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
        copyNextAction.run(s.actorTarget().forward(nextObs), nextAction);
        if (targetNoise > 0) {
            fillTargetNoise();
            addNoise.run(nextAction, noise, nextAction);
            clipLow.run(nextAction, low, nextAction);
            clipHigh.run(nextAction, high, nextAction);
        }
        // Clipped double Q: the smaller of the two target critics (DDPG: its one target critic).
        INDArray minQ = q1Target.forward(nextObs, nextAction);
        if (twin) {
            minQ = minOfTargets.run(minQ, q2Target.forward(nextObs, nextAction), y);
        }
        // y = r + gamma * (1 - terminated) * min_q. The replay stores terminated = 1 only for an end inside the
        // MDP, and 0 for a time-limit truncation: bootstrap through truncation, never through termination.
        timesNotDone.run(minQ, notDone, y);
        timesGamma.run(y, gammaScalar, y);
        plusReward.run(y, reward, y);

        // Critic step: each critic regresses on y with its own Adam (the same as one Adam over both).
        final INDArray q1Values = q1.forward(obs, action);
        metrics.update = n;
        metrics.q1Loss = loss1.evaluate(q1Values, y);
        metrics.q2Loss = twin ? loss2.evaluate(q2.forward(obs, action), y) : 0;
        if (!Double.isFinite(metrics.q1Loss + metrics.q2Loss)) {
            throw stopped(n, "critic loss is not finite (q1 " + metrics.q1Loss + ", q2 " + metrics.q2Loss
                + "); training stopped before this update's optimiser steps");
        }
        metrics.meanQ = reduce(meanQ, q1Values);
        // The gradient is 2 (Q1 - y) / batch, so mean |Q1 - y| = sum |gradient| / 2.
        metrics.tdError = reduce(norm1, criticStep(q1, loss1, s.critic1Optimiser())) / 2;
        if (twin) {
            criticStep(q2, loss2, s.critic2Optimiser());
        }

        // Delayed policy update: ascend Q1(s, pi(s)), i.e. descend -mean Q1; dQ/da is the critic's input gradient.
        metrics.actorUpdated = n % policyDelay == 0;
        if (metrics.actorUpdated) {
            final double actorLoss = -reduce(meanQ, q1.forward(obs, actor.forward(obs)));
            if (!Double.isFinite(actorLoss)) {
                throw stopped(n, "actor loss is " + actorLoss + "; training stopped before the actor step (the "
                    + "critics took theirs)");
            }
            q1.backward(actorGradQ, false, true);
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

    /** One MSE step of a critic from the loss it was last valued with; returns dLoss/dQ. */
    private INDArray criticStep(final QFunction q, final MseLoss loss, final Adam optimiser) {
        final INDArray gradient = loss.gradient();
        q.backward(gradient, true, false);
        optimiser.step();
        return gradient;
    }

    /** Runs a reduction of {@code x} to a scalar and reads it. */
    private double reduce(final BoundOp op, final INDArray x) {
        return op.run(x, result).getDouble(0);
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
        for (int i = 0; i < batch; i++) {
            notDoneValues[i] = 1f - b.terminated[i];
        }
        notDone.data().setData(notDoneValues);
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
