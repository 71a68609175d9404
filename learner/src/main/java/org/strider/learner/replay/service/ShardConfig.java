package org.strider.learner.replay.service;

import java.util.concurrent.TimeUnit;

/**
 * Settings of one replay shard's loop.
 *
 * @param shardId            this shard's index (its stream ids and the shardId of its replies)
 * @param maxInsertBatch     most rows in one transition batch; larger batches are rejected
 * @param maxSampleBatch     most rows in one sample request (sizes the reply buffer)
 * @param maxPendingRequests sample requests kept waiting for the limiter; more stay in the Aeron log
 * @param insertFragmentLimit fragments read from the insert stream per duty cycle
 * @param statsIntervalNs    how often the loop publishes a {@link ShardStats} snapshot
 */
public record ShardConfig(int shardId, int maxInsertBatch, int maxSampleBatch, int maxPendingRequests,
                          int insertFragmentLimit, long statsIntervalNs) {

    /**
     * A shard taking batches of up to {@code maxInsertBatch} rows and answering requests of up to
     * {@code maxSampleBatch}; 16 pending requests, 256 fragments per cycle, stats every 100 ms. The limiter's window
     * must hold one of each ({@link RateLimiter#requireNoDeadlock}), so keep them to what actors and learner send.
     */
    public static ShardConfig of(final int shardId, final int maxInsertBatch, final int maxSampleBatch) {
        return new ShardConfig(shardId, maxInsertBatch, maxSampleBatch, 16, 256, TimeUnit.MILLISECONDS.toNanos(100));
    }

    public ShardConfig {
        if (shardId < 0 || maxInsertBatch < 1 || maxSampleBatch < 1 || maxPendingRequests < 1
            || insertFragmentLimit < 1 || statsIntervalNs < 0) {
            throw new IllegalArgumentException("bad shard config: " + shardId + ", " + maxInsertBatch + ", "
                + maxSampleBatch + ", " + maxPendingRequests + ", " + insertFragmentLimit + ", " + statsIntervalNs);
        }
    }
}
