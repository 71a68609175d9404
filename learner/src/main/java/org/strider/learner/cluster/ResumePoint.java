package org.strider.learner.cluster;

import org.strider.learner.dqn.DqnState;
import org.strider.learner.td3.Td3State;

/**
 * Where a resumed learner starts: its state read from a checkpoint (networks, targets, Adam moments, update and
 * env-step counters, RNGs; no replay), the best evaluation so far (null: none), and how many training episodes the
 * run had finished (the base for evaluating every N episodes). One of {@code state} (TD3/DDPG) and
 * {@code dqnState} (DQN) is set, the other null.
 *
 * <p>The shards start empty: the run warms up again to their minimum size, but from the actors acting with the
 * restored weights (the learner publishes them at once), not at random. The env-step count goes on from
 * {@link #envSteps()}: the run's total steps mean what they meant in the first run.
 */
public record ResumePoint(Td3State state, DqnState dqnState, BestEval best, long episodes) {
    public ResumePoint {
        if ((state == null) == (dqnState == null) || episodes < 0) {
            throw new IllegalArgumentException("a resume point needs one state (TD3 or DQN) and episodes >= 0");
        }
    }

    /** A TD3/DDPG resume point. */
    public ResumePoint(final Td3State state, final BestEval best, final long episodes) {
        this(state, null, best, episodes);
    }

    /** A DQN resume point. */
    public static ResumePoint dqn(final DqnState state, final BestEval best, final long episodes) {
        return new ResumePoint(null, state, best, episodes);
    }

    /** Env steps of the restored state. */
    public long envSteps() {
        return state != null ? state.envSteps() : dqnState.envSteps();
    }

    /** Updates of the restored state. */
    public long updates() {
        return state != null ? state.updates() : dqnState.updates();
    }

    /** The restored state's config text. */
    public String describe() {
        return state != null ? state.config().describe() : dqnState.config().describe();
    }

    /** The restored state's observation size. */
    public int obsSize() {
        return state != null ? state.obsSize() : dqnState.obsSize();
    }

    /** The learner on the restored state (a new wrapper each call: call it once). */
    public LearnerAlgorithm algorithm() {
        return state != null ? new Td3Learner(state) : new DqnLearner(dqnState);
    }
}
