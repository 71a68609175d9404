package org.strider.learner.cluster;

/**
 * One row of {@code learner.csv}: the mean of each TD3 figure over the {@code count} updates that ended with update
 * {@code update} (the actor loss over those of them that stepped the actor; NaN if none did). For DQN
 * {@code criticLoss} is the Q network's loss (Huber or MSE), {@code actorLoss} NaN, {@code meanQ} and
 * {@code tdError} as for TD3 (see {@link UpdateFigures}).
 */
public record LearnerStats(long update, long envSteps, int count, double criticLoss, double actorLoss, double meanQ,
    double tdError) {
}
