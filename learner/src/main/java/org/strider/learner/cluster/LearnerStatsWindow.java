package org.strider.learner.cluster;

import org.strider.learner.td3.Td3Metrics;

/**
 * Averages the learner update's figures (TD3's or, through {@link UpdateFigures}, any algorithm's) over windows of {@code every} updates, for {@code learner.csv}: sums kept in
 * fields, nothing allocated per update; a {@link LearnerStats} row is made once per window. Learner thread only.
 */
public final class LearnerStatsWindow {
    private final int every;
    private final boolean twin;
    private int count;
    private int actorSteps;
    private double criticLoss;
    private double actorLoss;
    private double meanQ;
    private double tdError;

    /** @param twin whether the critic loss is the mean of two critics' (TD3) or one (DDPG) */
    public LearnerStatsWindow(final int every, final boolean twin) {
        if (every < 1) {
            throw new IllegalArgumentException("learner stats window must be at least 1 update, got " + every);
        }
        this.every = every;
        this.twin = twin;
    }

    /** Adds one update; returns the window's row when this update completes it, else null. */
    public LearnerStats add(final Td3Metrics m, final long envSteps) {
        count++;
        criticLoss += m.criticLoss(twin);
        meanQ += m.meanQ;
        tdError += m.tdError;
        if (m.actorUpdated && !Double.isNaN(m.actorLoss)) {
            actorSteps++;
            actorLoss += m.actorLoss;
        }
        if (count < every) {
            return null;
        }
        return drain(m.update, envSteps);
    }

    /**
     * Adds one update of any algorithm ({@link UpdateFigures}: the loss as given, the actor loss averaged over the
     * updates that have one); returns the window's row when this update completes it, else null.
     */
    public LearnerStats add(final UpdateFigures f, final long envSteps) {
        count++;
        criticLoss += f.loss;
        meanQ += f.meanQ;
        tdError += f.tdError;
        if (!Double.isNaN(f.actorLoss)) {
            actorSteps++;
            actorLoss += f.actorLoss;
        }
        if (count < every) {
            return null;
        }
        return drain(f.update, envSteps);
    }

    /** The row of the updates added since the last one (null if none): the tail of a run. */
    public LearnerStats flush(final long update, final long envSteps) {
        return count == 0 ? null : drain(update, envSteps);
    }

    private LearnerStats drain(final long update, final long envSteps) {
        final LearnerStats row = new LearnerStats(update, envSteps, count, criticLoss / count,
            actorSteps == 0 ? Double.NaN : actorLoss / actorSteps, meanQ / count, tdError / count);
        count = 0;
        actorSteps = 0;
        criticLoss = 0;
        actorLoss = 0;
        meanQ = 0;
        tdError = 0;
        return row;
    }
}
