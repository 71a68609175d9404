package org.strider.learner.cluster;

import org.strider.control.Endpoint;
import org.strider.transport.Channels;
import org.strider.transport.StreamIds;

/**
 * Where the learner's own streams live: the weight broadcast (what the learner publishes on, and what actors
 * subscribe to) and each shard's sample-reply stream. In one JVM everything is Aeron IPC; across hosts the
 * learner binds UDP at {@code host}: replies on {@code port}, weights by multi-destination-cast whose control
 * endpoint is {@code port + 1}.
 */
public record DataLayout(String host, int port) {
    /** Everything over IPC (one JVM). */
    public static DataLayout ipc() {
        return new DataLayout(null, 0);
    }

    public boolean isIpc() {
        return host == null;
    }

    /** The channel the learner publishes weights on. */
    public Endpoint weightsPublication() {
        return isIpc() ? new Endpoint(Channels.ipc(), StreamIds.weights())
            : new Endpoint(Channels.mdcPublication(host, port + 1), StreamIds.weights());
    }

    /** What actors subscribe to; over UDP the actor completes it with its own host (see {@link #forHost}). */
    public Endpoint weightsSubscription() {
        return isIpc() ? weightsPublication()
            : new Endpoint(Channels.mdcSubscription("{host}", host, port + 1), StreamIds.weights());
    }

    /** An actor's weight subscription with its own address filled in. */
    public static Endpoint forHost(final Endpoint endpoint, final String localHost) {
        return new Endpoint(endpoint.channel().replace("{host}", localHost), endpoint.streamId());
    }

    /** The stream shard {@code shardId} replies to sample requests on (the learner subscribes to it). */
    public Endpoint sampleReplies(final int shardId) {
        return new Endpoint(isIpc() ? Channels.ipc() : Channels.udp(host, port), StreamIds.sampleReplies(shardId));
    }
}
