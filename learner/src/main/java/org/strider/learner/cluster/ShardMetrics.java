package org.strider.learner.cluster;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.strider.learner.replay.service.ShardRejectReason;
import org.strider.learner.replay.service.ShardStats;
import org.strider.wire.RejectReason;

/**
 * Replay shards' {@code strider_replay_*} meters, read from each shard's latest {@link ShardStats} snapshot (the loop
 * publishes one every stats interval) when scraped. Tags: {@code role="replay"}, {@code shard} = the shard id, and
 * {@code reason} on drops (every codec {@link RejectReason} and {@link ShardRejectReason}, 0 until one happens). A
 * shard welcomed again (a new run on the same node) takes over its id's meters.
 */
public final class ShardMetrics {
    private final MeterRegistry registry;
    private final Map<Integer, AtomicReference<ReplayShardService>> shards = new ConcurrentHashMap<>();

    public ShardMetrics(final MeterRegistry registry) {
        this.registry = registry;
    }

    /** {@code factory} with each service it builds bound to this registry: for {@link ReplayNode#create}. */
    public Function<org.strider.control.NodeProtocol.Welcome, ReplayNode.Service> wrap(
        final Function<org.strider.control.NodeProtocol.Welcome, ReplayNode.Service> factory) {
        return welcome -> {
            final ReplayNode.Service service = factory.apply(welcome);
            if (service instanceof ReplayShardService shard) {
                bind(shard);
            }
            return service;
        };
    }

    /** Binds {@code service} (by its shard id; it replaces one bound before under that id). */
    public void bind(final ReplayShardService service) {
        final int shardId = service.stats().shardId();
        shards.computeIfAbsent(shardId, this::register).set(service);
    }

    private AtomicReference<ReplayShardService> register(final int shardId) {
        final AtomicReference<ReplayShardService> ref = new AtomicReference<>();
        final Tags tags = Tags.of("role", "replay", "shard", Integer.toString(shardId));
        counter("strider.replay.inserted", ref, tags, ShardStats::inserted, "transitions inserted");
        counter("strider.replay.batches.inserted", ref, tags, ShardStats::batchesInserted,
            "transition batches (frames) inserted");
        counter("strider.replay.sequence.gaps", ref, tags, ShardStats::sequenceGaps,
            "actor batches missing from their sequence numbers (lost before the shard)");
        counter("strider.replay.samples", ref, tags, ShardStats::samplesServed, "transitions sampled and sent");
        counter("strider.replay.sample.requests", ref, tags, ShardStats::requestsServed, "sample requests answered");
        counter("strider.replay.reply.drops", ref, tags, ShardStats::replyDrops,
            "sample replies the publisher dropped (learner gone)");
        counter("strider.replay.limiter.insert.blocked", ref, tags, ShardStats::insertBlockedPolls,
            "duty cycles the rate limiter held inserts back");
        counter("strider.replay.limiter.sample.blocked", ref, tags, ShardStats::sampleBlockedPolls,
            "times the rate limiter held the head sample request back");
        gauge("strider.replay.size", ref, tags, ShardStats::size, "transitions held");
        gauge("strider.replay.pending.requests", ref, tags, ShardStats::pendingRequests,
            "sample requests waiting for the limiter");
        gauge("strider.replay.limiter.error", ref, tags, ShardStats::limiterError,
            "(inserts - min size) * samples per insert - samples; the limiter keeps it within the error buffer");
        gauge("strider.replay.limiter.samples.per.insert", ref, tags, ShardStats::observedSamplesPerInsert,
            "samples per insert observed since the min size was reached");
        for (final RejectReason reason : RejectReason.values()) {
            rejected(ref, tags, reason);
        }
        for (final ShardRejectReason reason : ShardRejectReason.values()) {
            rejected(ref, tags, reason);
        }
        return ref;
    }

    private void rejected(final AtomicReference<ReplayShardService> ref, final Tags tags, final Enum<?> reason) {
        counter("strider.replay.frames.rejected", ref, tags.and("reason", reason.name()), s -> s.rejected(reason),
            "frames the shard dropped, per reason");
    }

    private void counter(final String name, final AtomicReference<ReplayShardService> ref, final Tags tags,
        final ToDoubleFunction<ShardStats> value, final String description) {
        FunctionCounter.builder(name, ref, r -> read(r, value)).tags(tags).description(description).register(registry);
    }

    private void gauge(final String name, final AtomicReference<ReplayShardService> ref, final Tags tags,
        final ToDoubleFunction<ShardStats> value, final String description) {
        Gauge.builder(name, ref, r -> read(r, value)).tags(tags).description(description).register(registry);
    }

    private static double read(final AtomicReference<ReplayShardService> ref, final ToDoubleFunction<ShardStats> value) {
        final ReplayShardService service = ref.get();
        return service == null ? Double.NaN : value.applyAsDouble(service.stats());
    }
}
