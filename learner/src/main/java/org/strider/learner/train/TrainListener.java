package org.strider.learner.train;

import org.strider.learner.dqn.DqnMetrics;
import org.strider.learner.td3.Td3Metrics;

/**
 * Hooks a {@link Td3Trainer} or {@link DqnTrainer} calls on its thread while it runs; each has an empty default. A hook may call
 * {@link Td3Trainer#stop()} to end the run after the current step.
 */
public interface TrainListener {
    TrainListener NONE = new TrainListener() {
    };

    /** A training episode ended. */
    default void onEpisode(final Episode episode) {
    }

    /** An evaluation finished. */
    default void onEvaluation(final Evaluation evaluation) {
    }

    /**
     * Every {@code progressEvery} env steps: the step count, the last update's metrics (null before the first
     * update; the object is reused) and the env steps per second since the run started.
     */
    default void onProgress(final long envStep, final Td3Metrics lastUpdate, final double stepsPerSecond) {
    }

    /** {@link #onProgress} for a {@link DqnTrainer}: its last update's metrics (null before the first). */
    default void onDqnProgress(final long envStep, final DqnMetrics lastUpdate, final double stepsPerSecond) {
    }

    /** The trainer stops because the last episodes' average return reached the settings' {@link StopAtAverage}. */
    default void onStopAtAverage(final long envStep, final double average, final StopAtAverage criterion) {
    }
}
