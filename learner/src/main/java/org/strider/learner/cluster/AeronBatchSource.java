package org.strider.learner.cluster;

import io.aeron.Aeron;
import java.util.function.BooleanSupplier;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.strider.control.Endpoint;
import org.strider.control.ShardInfo;
import org.strider.learner.replay.ReplayBatch;
import org.strider.learner.replay.service.ShardSampler;
import org.strider.transport.FramePoller;
import org.strider.transport.FramePublisher;
import org.strider.wire.FrameCodec;
import org.strider.wire.RejectCounters;
import org.strider.wire.RunKey;
import org.strider.wire.WireLimits;

/**
 * The learner's {@link BatchSource} over Aeron: a {@link ShardSampler} (requests to each shard's request stream,
 * replies on the learner's reply stream for that shard, the next batch prefetched), and the inserts each shard
 * reported in its latest reply.
 */
public final class AeronBatchSource implements BatchSource {
    private final Aeron aeron;
    private final ShardSampler sampler;
    private final RejectCounters rejects = new RejectCounters();
    private volatile BooleanSupplier running = () -> true;

    public AeronBatchSource(final Aeron aeron, final long runId) {
        this(aeron, runId, null);
    }

    /** Requests signed with {@code key}, only replies signed with it taken (null: no key). */
    public AeronBatchSource(final Aeron aeron, final long runId, final RunKey key) {
        this.aeron = aeron;
        this.sampler = new ShardSampler(new FrameCodec(runId, WireLimits.DEFAULT, rejects, key),
            new BackoffIdleStrategy(1, 10, 1_000, 200_000), () -> running.getAsBoolean());
    }

    @Override
    public void addShard(final ShardInfo shard, final Endpoint replies) {
        addShard(shard, replies, 0);
    }

    @Override
    public void addShard(final ShardInfo shard, final Endpoint replies, final long countedInserts) {
        final FramePublisher requests = new FramePublisher(aeron.addExclusivePublication(shard.requests().channel(),
            shard.requests().streamId()), new BackoffIdleStrategy(1, 10, 1_000, 200_000), () -> running.getAsBoolean(),
            0, FrameCodec.sampleRequestLength());
        final FramePoller poller = new FramePoller(aeron.addSubscription(replies.channel(), replies.streamId()));
        sampler.addShard(shard.shardId(), requests, poller, countedInserts);
        sampler.applyChanges();
    }

    @Override
    public long countedInserts(final int shardId) {
        return sampler.countedInserts(shardId);
    }

    @Override
    public void removeShard(final int shardId) {
        sampler.removeShard(shardId);
        sampler.applyChanges();
    }

    @Override
    public int shardCount() {
        return sampler.shardCount();
    }

    @Override
    public boolean sample(final ReplayBatch out, final BooleanSupplier whileTrue) {
        running = whileTrue;
        try {
            return sampler.sample(out);
        } catch (final IllegalStateException e) {
            return false; // every shard left while we waited: the loop waits for one to join
        }
    }

    @Override
    public long totalInserts() {
        return sampler.totalInserts();
    }

    /** Sample replies the learner's codec dropped, per reason. */
    public RejectCounters rejects() {
        return rejects;
    }

    public ShardSampler sampler() {
        return sampler;
    }

    @Override
    public void close() {
        sampler.close();
    }
}
