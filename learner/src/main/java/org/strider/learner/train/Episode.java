package org.strider.learner.train;

/** A finished training episode: its index, the env step it ended on, its return and length, how it ended. */
public record Episode(long index, long endStep, double totalReward, int length, boolean terminated) {
}
