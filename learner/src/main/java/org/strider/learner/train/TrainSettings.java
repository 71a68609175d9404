package org.strider.learner.train;

/**
 * How a trainer ({@link Td3Trainer}, {@link DqnTrainer}) reports and when it stops early, apart from the
 * algorithm's config: evaluate every {@code evalEvery} env steps (0: never) on {@code evalEpisodes} fixed
 * evaluation episodes, call the listener's progress hook every {@code progressEvery} env steps (0: never), and
 * stop once the training returns reach {@code stopAt} (null: never).
 */
public record TrainSettings(long evalEvery, int evalEpisodes, long progressEvery, StopAtAverage stopAt) {
    /** No stop criterion. */
    public TrainSettings(final long evalEvery, final int evalEpisodes, final long progressEvery) {
        this(evalEvery, evalEpisodes, progressEvery, null);
    }

    /** These settings, stopping at {@code criterion} (null: never). */
    public TrainSettings withStopAt(final StopAtAverage criterion) {
        return new TrainSettings(evalEvery, evalEpisodes, progressEvery, criterion);
    }

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
