package org.strider.learner.cluster;

import org.strider.control.CoordinatorProtocol;
import org.strider.control.Endpoint;
import org.strider.control.ShardInfo;

/**
 * What the coordinator needs from the learner's data side: the endpoints it hands out, the newest weight
 * version, and notifications of shards joining and leaving. Called on the coordinator's actor thread; an
 * implementation hands work to the learner thread (e.g. through a queue) rather than doing it here.
 */
public interface RunHooks {
    /** The stream actors subscribe to for weights. */
    Endpoint weights();

    /** The stream shard {@code shardId} sends its sample replies to. */
    Endpoint sampleReplies(int shardId);

    /** The newest weight version published (0 before the first). */
    long weightsVersion();

    void shardJoined(ShardInfo shard);

    /**
     * Shard {@code shard} joined from node actor {@code nodeRef} (its serialized reference: one per process, so a
     * restarted learner can tell a shard that served the run before from a new one under the same id).
     */
    default void shardJoined(final ShardInfo shard, final String nodeRef) {
        shardJoined(shard);
    }

    void shardLeft(int shardId);

    /** An actor joined: republish the current weights so it gets them without waiting for the next period. */
    void actorJoined(int actorId);

    /**
     * An actor joined holding weight version {@code heldVersion} (0: none; more for an actor that acted under a
     * learner that died): the weights it is sent must carry a higher version, or it ignores them.
     */
    default void actorJoined(final int actorId, final long heldVersion) {
        actorJoined(actorId);
    }

    void actorReport(CoordinatorProtocol.ActorReport report);

    void shardReport(CoordinatorProtocol.ShardReport report);
}
