package org.strider.learner.train;

/**
 * How a {@link Td3Trainer} reports, apart from the algorithm's config: evaluate every {@code evalEvery} env steps
 * (0: never) on {@code evalEpisodes} fixed evaluation episodes, and call the listener's progress hook every
 * {@code progressEvery} env steps (0: never).
 */
public record TrainSettings(long evalEvery, int evalEpisodes, long progressEvery) {
    public TrainSettings {
        if (evalEvery < 0 || evalEpisodes < 0 || progressEvery < 0) {
            throw new IllegalArgumentException("eval every " + evalEvery + ", eval episodes " + evalEpisodes
                + " and progress every " + progressEvery + " must be >= 0");
        }
        if (evalEvery > 0 && evalEpisodes == 0) {
            throw new IllegalArgumentException("evaluation every " + evalEvery + " steps needs at least one episode");
        }
    }

    /** Evaluation every 1000 steps on 10 episodes, progress every 1000 steps. */
    public static TrainSettings defaults() {
        return new TrainSettings(1_000, 10, 1_000);
    }
}
