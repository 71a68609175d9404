package org.strider.learner.cluster;

import org.strider.control.CoordinatorProtocol;
import org.strider.learner.td3.Td3Metrics;
import org.strider.learner.train.Evaluation;

/**
 * A {@link RunMonitor} that passes every report on to {@code next}: extend it to observe some reports and override
 * only those (calling {@code super}), so a report added to {@link RunMonitor} later reaches {@code next} without
 * every wrapper being edited.
 */
public abstract class ForwardingRunMonitor implements RunMonitor {
    private final RunMonitor next;

    protected ForwardingRunMonitor(final RunMonitor next) {
        this.next = next;
    }

    @Override
    public void onUpdate(final Td3Metrics metrics, final long envSteps) {
        next.onUpdate(metrics, envSteps);
    }

    @Override
    public void onLearnerUpdate(final UpdateFigures figures, final long envSteps) {
        next.onLearnerUpdate(figures, envSteps);
    }

    @Override
    public void onEvaluation(final Evaluation evaluation) {
        next.onEvaluation(evaluation);
    }

    @Override
    public void onWeightsPublished(final long version, final long updates) {
        next.onWeightsPublished(version, updates);
    }

    @Override
    public void onLearnerStats(final LearnerStats stats) {
        next.onLearnerStats(stats);
    }

    @Override
    public void onBest(final BestEval best) {
        next.onBest(best);
    }

    @Override
    public void onFinished(final String reason, final Throwable failure) {
        next.onFinished(reason, failure);
    }

    @Override
    public void onActorReport(final CoordinatorProtocol.ActorReport report) {
        next.onActorReport(report);
    }

    @Override
    public void onShardReport(final CoordinatorProtocol.ShardReport report) {
        next.onShardReport(report);
    }
}
