package org.strider.learner.bench;

import org.strider.learner.replay.ReplayBatch;

/**
 * One learner update from a sampled batch: what {@link LearnerBench} times (the sampling into the batch is timed
 * with it). {@link LearnerBench#UPDATE} names the implementation in use.
 */
@FunctionalInterface
public interface BenchUpdate {
    void update(ReplayBatch batch);

    /** The shapes of one benchmark setting. */
    record Setting(int obsSize, int actionSize, int hidden1, int hidden2, int batch, long seed) {
        public String hidden() {
            return hidden1 + "-" + hidden2;
        }
    }

    /** Builds the update for a setting (networks, optimisers, buffers), outside the timed loop. */
    @FunctionalInterface
    interface Factory {
        BenchUpdate create(Setting setting);
    }
}
