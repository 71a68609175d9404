package org.strider.learner.cluster;

/**
 * What one learner update measured, in the terms every algorithm shares (the {@code learner.csv} columns): an
 * object each {@link LearnerAlgorithm} reuses, so read it before the next update.
 *
 * <p>TD3/DDPG: {@code loss} is the critic loss (the mean of the twin critics' MSEs; critic 1's for DDPG),
 * {@code actorLoss} the actor step's loss (NaN when this update did not step the actor), {@code meanQ} and
 * {@code tdError} critic 1's. DQN: {@code loss} is the Huber (or MSE) loss of Q(s, a) against the target,
 * {@code actorLoss} is NaN (no actor), {@code meanQ} the mean Q(s, a) of the batch and {@code tdError} the mean
 * |Q(s, a) - y|.
 */
public final class UpdateFigures {
    /** The update's number, 1-based. */
    public long update;
    /** Critic loss (TD3/DDPG) or Q loss (DQN). */
    public double loss;
    /** Actor loss of this update's actor step; NaN without one (DQN always). */
    public double actorLoss = Double.NaN;
    /** Mean Q(s, a) over the batch. */
    public double meanQ;
    /** Mean |Q(s, a) - y| over the batch. */
    public double tdError;
    /** Whether the acting network changed (TD3: the actor stepped; DQN: every update): weights may go out. */
    public boolean actingChanged;
}
