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

    void shardLeft(int shardId);

    /** An actor joined: republish the current weights so it gets them without waiting for the next period. */
    void actorJoined(int actorId);

    void actorReport(CoordinatorProtocol.ActorReport report);

    void shardReport(CoordinatorProtocol.ShardReport report);
}
