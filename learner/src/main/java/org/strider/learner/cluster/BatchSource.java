package org.strider.learner.cluster;

import java.util.function.BooleanSupplier;
import org.strider.control.Endpoint;
import org.strider.control.ShardInfo;
import org.strider.learner.replay.ReplayBatch;

/** Where the distributed learner's batches come from: the replay shards. Used by the learner thread only. */
public interface BatchSource extends AutoCloseable {
    /** Starts sampling from {@code shard}, whose replies arrive on {@code replies}. */
    void addShard(ShardInfo shard, Endpoint replies);

    /**
     * {@link #addShard(ShardInfo, Endpoint)} for a shard that outlived the learner whose checkpoint this one resumed:
     * the first {@code countedInserts} of its inserts are in the checkpoint's env steps, and {@link #totalInserts}
     * counts only those beyond them. A source that cannot tell shards' counts apart takes only 0.
     */
    default void addShard(final ShardInfo shard, final Endpoint replies, final long countedInserts) {
        if (countedInserts != 0) {
            throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot discount a shard's "
                + "inserts counted before");
        }
        addShard(shard, replies);
    }

    /**
     * How many of shard {@code shardId}'s own inserts {@link #totalInserts} (with what was counted before) holds, for
     * a checkpoint's {@link ShardMarks}; -1 when unknown (the default).
     */
    default long countedInserts(final int shardId) {
        return -1;
    }

    /** Stops sampling from shard {@code shardId} (it left); requests in flight to it are abandoned. */
    void removeShard(int shardId);

    int shardCount();

    /**
     * Fills {@code out} from the shards (and sends the requests for the next batch, so it is in flight while the
     * caller updates). Waits while the shards' rate limiters hold samples back; returns false if {@code running}
     * turned false or the shards changed before the batch was complete (the caller retries).
     */
    boolean sample(ReplayBatch out, BooleanSupplier running);

    /** Transitions inserted into all current shards, as their latest replies said. */
    long totalInserts();

    @Override
    void close();
}
