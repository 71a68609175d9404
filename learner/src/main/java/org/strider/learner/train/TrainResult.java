package org.strider.learner.train;

import java.util.List;

/**
 * What one {@link Td3Trainer#runUntil} call did: the evaluation curve and the finished training episodes, in
 * order, the env step and update counts it ended at, and its wall time.
 */
public record TrainResult(List<Evaluation> curve, List<Episode> episodes, long envSteps, long updates,
    double seconds) {
    public TrainResult {
        curve = List.copyOf(curve);
        episodes = List.copyOf(episodes);
    }

    /** The last evaluation, or null if there was none. */
    public Evaluation lastEvaluation() {
        return curve.isEmpty() ? null : curve.get(curve.size() - 1);
    }
}
