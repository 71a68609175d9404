package org.strider.learner.td3;

/**
 * What one {@link Td3Update#update} measured, in an object the update reuses (read it before the next call).
 * Names follow CleanRL's {@code losses/*} scalars.
 */
public final class Td3Metrics {
    /** The update's number, 1-based. */
    public long update;
    /** MSE of critic 1 against the target y. */
    public double q1Loss;
    /** MSE of critic 2 against y (0 for DDPG). */
    public double q2Loss;
    /** {@code -mean Q1(s, pi(s))} of the last actor step (NaN before the first). */
    public double actorLoss = Double.NaN;
    /** Mean of Q1(s, a) over the batch. */
    public double meanQ;
    /** Mean |Q1(s, a) - y| over the batch. */
    public double tdError;
    /** Whether this update stepped the actor (and the targets): acting copies the new weights then. */
    public boolean actorUpdated;

    /** Critic loss as CleanRL's {@code qf_loss / 2}: the mean of the critics' MSEs (critic 1's for DDPG). */
    public double criticLoss(final boolean twin) {
        return twin ? (q1Loss + q2Loss) / 2 : q1Loss;
    }

    @Override
    public String toString() {
        return String.format("update %d: q1_loss %.5g, q2_loss %.5g, actor_loss %.5g, mean_q %.5g, td_error %.5g",
            update, q1Loss, q2Loss, actorLoss, meanQ, tdError);
    }
}
