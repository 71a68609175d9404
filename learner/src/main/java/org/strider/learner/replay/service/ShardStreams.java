package org.strider.learner.replay.service;

import io.aeron.Aeron;
import java.util.function.BooleanSupplier;
import org.agrona.concurrent.IdleStrategy;
import org.strider.learner.replay.ReplayBuffer;
import org.strider.transport.FramePoller;
import org.strider.transport.FramePublisher;
import org.strider.transport.StreamIds;
import org.strider.wire.FrameCodec;

/**
 * Opens the Aeron streams of one shard's three channels (stream ids from {@link StreamIds}) for both ends: the
 * shard subscribes to inserts and requests and publishes replies; the learner publishes requests and subscribes to
 * replies. Over IPC all three channels are {@code Channels.ipc()}; over UDP the insert and request channels are the
 * shard's endpoints and the reply channel the learner's.
 *
 * @param insertChannel  where actors send transition batches (the shard subscribes)
 * @param requestChannel where the learner sends sample requests (the shard subscribes)
 * @param replyChannel   where the shard sends replies (the learner subscribes)
 */
public record ShardStreams(String insertChannel, String requestChannel, String replyChannel) {

    /** One channel for all three streams (IPC). */
    public static ShardStreams all(final String channel) {
        return new ShardStreams(channel, channel, channel);
    }

    /**
     * The shard's loop over these streams.
     *
     * @param connectTimeoutNs how long a reply waits for the learner before it is dropped
     */
    public ReplayShard openShard(final Aeron aeron, final ShardConfig config, final ReplayBuffer buffer,
        final RateLimiter limiter, final FrameCodec codec, final IdleStrategy replyIdle, final BooleanSupplier running,
        final long connectTimeoutNs) {
        final int shard = config.shardId();
        final long replyBytes = FrameCodec.sampleReplyLength(config.maxSampleBatch(), buffer.obsSize(),
            buffer.actionSize());
        final FramePoller inserts = new FramePoller(aeron.addSubscription(insertChannel,
            StreamIds.transitions(shard)));
        final FramePoller requests = new FramePoller(aeron.addSubscription(requestChannel,
            StreamIds.sampleRequests(shard)));
        final FramePublisher replies = new FramePublisher(aeron.addExclusivePublication(replyChannel,
            StreamIds.sampleReplies(shard)), replyIdle, running, connectTimeoutNs, Math.toIntExact(replyBytes));
        return new ReplayShard(config, buffer, limiter, codec, inserts, requests, replies);
    }

    /** Adds shard {@code shard} to the learner's sampler over these streams. */
    public void addTo(final ShardSampler sampler, final Aeron aeron, final int shard, final IdleStrategy requestIdle,
        final BooleanSupplier running, final long connectTimeoutNs) {
        final FramePublisher requests = new FramePublisher(aeron.addExclusivePublication(requestChannel,
            StreamIds.sampleRequests(shard)), requestIdle, running, connectTimeoutNs,
            FrameCodec.sampleRequestLength());
        final FramePoller replies = new FramePoller(aeron.addSubscription(replyChannel,
            StreamIds.sampleReplies(shard)));
        sampler.addShard(shard, requests, replies);
    }

    /** An actor's publisher of transition batches to shard {@code shard}, its buffer sized for {@code maxRows}. */
    public FramePublisher openActorPublisher(final Aeron aeron, final int shard, final int maxRows, final int obsSize,
        final int actionSize, final IdleStrategy idle, final BooleanSupplier running, final long connectTimeoutNs) {
        return new FramePublisher(aeron.addExclusivePublication(insertChannel, StreamIds.transitions(shard)), idle,
            running, connectTimeoutNs, Math.toIntExact(FrameCodec.transitionBatchLength(maxRows, obsSize,
            actionSize)));
    }
}
