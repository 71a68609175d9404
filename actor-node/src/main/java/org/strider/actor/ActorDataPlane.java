package org.strider.actor;

import org.strider.control.ShardInfo;
import org.strider.wire.TransitionBatch;
import org.strider.wire.WeightFrame;

/** The Aeron side of an actor node, as its rollout loop sees it. Used by that loop's thread only. */
public interface ActorDataPlane extends AutoCloseable {
    /** Sends transitions to {@code shard} from now on (closing the previous route). */
    void route(ShardInfo shard);

    /**
     * Publishes a batch; waits out back-pressure while the node runs. Returns false when the batch was dropped
     * (no shard connected in time, node stopping): the caller counts it.
     */
    boolean publish(TransitionBatch batch);

    /**
     * The newest weight frame of {@code expectedLength} parameters that arrived since the last call, or null; valid
     * until the next call. Frames of another length are skipped and counted in {@link #rejectedWeights()}.
     */
    WeightFrame pollWeights(int expectedLength);

    /** Weight frames skipped because their length did not match the actor network. */
    long rejectedWeights();

    @Override
    void close();
}
