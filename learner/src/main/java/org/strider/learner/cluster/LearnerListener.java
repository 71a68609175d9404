package org.strider.learner.cluster;

import org.strider.learner.train.Evaluation;

/** What the learner loop reports as it runs; called on the learner thread. Default: nothing. */
public interface LearnerListener {
    default void onUpdate(final UpdateFigures figures, final long envSteps) {
    }

    default void onEvaluation(final Evaluation evaluation) {
    }

    default void onWeightsPublished(final long version, final long updates) {
    }

    /**
     * {@code checkpointEvery} more env steps have been taken: write {@code latest.ckpt} now (the state is consistent
     * on this thread between updates; the algorithm's {@code envSteps()} is set to {@code envSteps}).
     */
    default void onCheckpointDue(final long envSteps) {
    }

    /** The loop ended: {@code reason} says why, {@code failure} is null unless it failed. */
    default void onFinished(final String reason, final Throwable failure) {
    }
}
