package org.strider.learner.cluster;

import java.util.function.BooleanSupplier;
import org.strider.control.Endpoint;
import org.strider.control.ShardInfo;
import org.strider.learner.replay.ReplayBatch;

/** Where the distributed learner's batches come from: the replay shards. Used by the learner thread only. */
public interface BatchSource extends AutoCloseable {
    /** Starts sampling from {@code shard}, whose replies arrive on {@code replies}. */
    void addShard(ShardInfo shard, Endpoint replies);

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
