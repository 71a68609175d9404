package org.strider.learner.replay.service;

import java.util.Map;

/**
 * A snapshot of one replay shard's counters, published by its loop for metrics (immutable; maps are copies).
 *
 * @param shardId                  the shard
 * @param size                     transitions held now
 * @param inserted                 transitions inserted since start
 * @param batchesInserted          transition batches inserted
 * @param insertedByActor          transitions inserted per actor id
 * @param sequenceGaps             batches missing from actors' sequence numbers (lost before the shard)
 * @param rejectedByReason         frames dropped per reason: the codec's {@code RejectReason} names and
 *                                 {@link ShardRejectReason} names
 * @param rejected                 frames dropped in all
 * @param samplesServed            transitions sampled and sent
 * @param requestsServed           sample requests answered
 * @param pendingRequests          sample requests waiting for the limiter
 * @param replyDrops               replies the publisher dropped (learner gone)
 * @param insertBlockedPolls       duty cycles the limiter held inserts back
 * @param sampleBlockedPolls       times the limiter held the head request back
 * @param observedSamplesPerInsert the limiter's samples per insert since the min size was reached
 * @param limiterError             the limiter's error, {@code (inserts - minSize) * spi - samples}
 * @param timestampNs              {@link System#nanoTime()} of the snapshot
 */
public record ShardStats(int shardId, long size, long inserted, long batchesInserted,
                         Map<Integer, Long> insertedByActor, long sequenceGaps, Map<String, Long> rejectedByReason,
                         long rejected, long samplesServed, long requestsServed, int pendingRequests,
                         long replyDrops, long insertBlockedPolls, long sampleBlockedPolls,
                         double observedSamplesPerInsert, double limiterError, long timestampNs) {

    public ShardStats {
        insertedByActor = Map.copyOf(insertedByActor);
        rejectedByReason = Map.copyOf(rejectedByReason);
    }

    /** Frames dropped for {@code reason} (a codec RejectReason or ShardRejectReason name). */
    public long rejected(final Enum<?> reason) {
        return rejectedByReason.getOrDefault(reason.name(), 0L);
    }
}
