package org.strider.learner.cluster;

import org.strider.control.CoordinatorProtocol;
import org.strider.learner.td3.Td3Metrics;
import org.strider.learner.train.Evaluation;

/**
 * Everything a run reports, in one place, for progress output, CSV files and metrics: the learner's updates,
 * averaged stats, evaluations, best evaluations and weight versions (learner thread), and the nodes' reports (coordinator thread). Implementations
 * must be thread-safe. Default: nothing.
 */
public interface RunMonitor {
    /** A TD3/DDPG update's own figures (learner thread; after {@link #onLearnerUpdate} for the same update). */
    default void onUpdate(final Td3Metrics metrics, final long envSteps) {
    }

    /**
     * Every update of every algorithm, in the shared terms of {@link UpdateFigures} (learner thread). A monitor that
     * passes calls on to another must pass this one on too: the run's files count updates from it.
     */
    default void onLearnerUpdate(final UpdateFigures figures, final long envSteps) {
    }

    default void onEvaluation(final Evaluation evaluation) {
    }

    default void onWeightsPublished(final long version, final long updates) {
    }

    /** A {@code learner.csv} row: the mean of the last {@link LearnerSetup#statsEvery} updates (learner thread). */
    default void onLearnerStats(final LearnerStats stats) {
    }

    /** An evaluation beat the best so far ({@code best.ckpt} is written by now, if the run keeps files). */
    default void onBest(final BestEval best) {
    }

    default void onFinished(final String reason, final Throwable failure) {
    }

    default void onActorReport(final CoordinatorProtocol.ActorReport report) {
    }

    default void onShardReport(final CoordinatorProtocol.ShardReport report) {
    }
}
