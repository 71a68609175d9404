package org.strider.learner.cluster;

import org.strider.learner.td3.Td3State;

/**
 * Where a resumed learner starts: its state read from a checkpoint (networks, targets, Adam moments, update and
 * env-step counters, RNGs; no replay), the best evaluation so far (null: none), and how many training episodes the
 * run had finished (the base for evaluating every N episodes).
 *
 * <p>The shards start empty: the run warms up again to their minimum size, but from the actors acting with the
 * restored weights (the learner publishes them at once), not at random. The env-step count goes on from
 * {@code state.envSteps()}: the run's total steps mean what they meant in the first run.
 */
public record ResumePoint(Td3State state, BestEval best, long episodes) {
    public ResumePoint {
        if (state == null || episodes < 0) {
            throw new IllegalArgumentException("a resume point needs a state and episodes >= 0");
        }
    }
}
