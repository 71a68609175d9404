package org.strider.k8s;

import java.util.concurrent.atomic.AtomicLong;
import org.strider.learner.cluster.BestEval;
import org.strider.learner.cluster.ForwardingRunMonitor;
import org.strider.learner.cluster.RunMonitor;
import org.strider.learner.cluster.UpdateFigures;
import org.strider.learner.train.Evaluation;

/**
 * Passes every report on to {@code next} and keeps what {@link LearnerStatus} needs: the env steps, the last and the
 * best evaluation mean (every evaluation counts, also two between reads). Thread-safe; nothing allocated per update.
 */
public final class LearnerStatusMonitor extends ForwardingRunMonitor {
    private final AtomicLong envSteps = new AtomicLong();
    private double bestEval = Double.NaN;
    private double lastEval = Double.NaN;

    public LearnerStatusMonitor(final RunMonitor next) {
        super(next);
    }

    /** The run's status now, in {@code state}. */
    public synchronized LearnerStatus status(final String state) {
        return new LearnerStatus(envSteps.get(), bestEval, lastEval, state);
    }

    @Override
    public void onLearnerUpdate(final UpdateFigures figures, final long steps) {
        envSteps.set(steps);
        super.onLearnerUpdate(figures, steps);
    }

    @Override
    public void onEvaluation(final Evaluation evaluation) {
        synchronized (this) {
            lastEval = evaluation.mean();
            if (Double.isNaN(bestEval) || lastEval > bestEval) {
                bestEval = lastEval;
            }
            envSteps.accumulateAndGet(evaluation.envStep(), Math::max);
        }
        super.onEvaluation(evaluation);
    }

    @Override
    public void onBest(final BestEval best) {
        synchronized (this) {
            // Also the best a resumed run starts from (before any evaluation of its own).
            if (Double.isNaN(bestEval) || best.mean() > bestEval) {
                bestEval = best.mean();
            }
        }
        super.onBest(best);
    }
}
