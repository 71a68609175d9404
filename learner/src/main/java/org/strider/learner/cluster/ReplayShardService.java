package org.strider.learner.cluster;

import io.aeron.Aeron;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.strider.control.CoordinatorProtocol;
import org.strider.control.Endpoint;
import org.strider.control.NodeProtocol;
import org.strider.control.RunSpec;
import org.strider.env.Env;
import org.strider.env.EnvRegistry;
import org.strider.learner.replay.ReplayBuffer;
import org.strider.learner.replay.service.RateLimiter;
import org.strider.learner.replay.service.ReplayShard;
import org.strider.learner.replay.service.ShardConfig;
import org.strider.learner.replay.service.ShardSnapshot;
import org.strider.learner.replay.service.ShardStats;
import org.strider.random.Seeds;
import org.strider.transport.FramePoller;
import org.strider.transport.FramePublisher;
import org.strider.wire.FrameCodec;
import org.strider.wire.RunKey;
import org.strider.wire.WireLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replay node's shard, started from its welcome: a {@link ReplayBuffer} of the run's per-shard capacity, a
 * {@link RateLimiter} with the run's samples-per-insert, min size and error buffer, and a {@link ReplayShard} loop
 * on its own thread (Agrona {@link AgentRunner}, back-off idle) reading the node's insert and request streams and
 * replying on the stream the learner named.
 */
public final class ReplayShardService implements ReplayNode.Service {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayShardService.class);
    /** How long a reply waits for the learner to connect before it is dropped (and counted). */
    private static final long CONNECT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);

    private final ReplayShard shard;
    private final AgentRunner runner;
    private final RateLimiter limiter;

    /** Builds each welcomed node's service on {@code aeron} over the streams the node offered. */
    public static java.util.function.Function<NodeProtocol.Welcome, ReplayNode.Service> factory(final Aeron aeron,
        final Endpoint inserts, final Endpoint requests) {
        return factory(aeron, inserts, requests, null);
    }

    /** {@link #factory(Aeron, Endpoint, Endpoint)} whose shards take only frames signed with {@code key} (null: none). */
    public static java.util.function.Function<NodeProtocol.Welcome, ReplayNode.Service> factory(final Aeron aeron,
        final Endpoint inserts, final Endpoint requests, final RunKey key) {
        return factory(aeron, inserts, requests, key, null);
    }

    /**
     * {@link #factory(Aeron, Endpoint, Endpoint, RunKey)} whose shard restores itself from {@code snapshots}' file
     * when it holds a snapshot of this run, and writes one there every interval (null: no snapshots).
     */
    public static java.util.function.Function<NodeProtocol.Welcome, ReplayNode.Service> factory(final Aeron aeron,
        final Endpoint inserts, final Endpoint requests, final RunKey key, final ShardSnapshot.Policy snapshots) {
        return welcome -> new ReplayShardService(aeron, welcome, inserts, requests, key, snapshots);
    }

    public ReplayShardService(final Aeron aeron, final NodeProtocol.Welcome welcome, final Endpoint inserts,
        final Endpoint requests) {
        this(aeron, welcome, inserts, requests, null);
    }

    /** As above, inserts and requests checked and replies signed with {@code key} (null: no key). */
    public ReplayShardService(final Aeron aeron, final NodeProtocol.Welcome welcome, final Endpoint inserts,
        final Endpoint requests, final RunKey key) {
        this(aeron, welcome, inserts, requests, key, null);
    }

    /** As above, restoring from and writing snapshots per {@code snapshots} (null: none). */
    public ReplayShardService(final Aeron aeron, final NodeProtocol.Welcome welcome, final Endpoint inserts,
        final Endpoint requests, final RunKey key, final ShardSnapshot.Policy snapshots) {
        final RunSpec run = welcome.run();
        final int shardId = welcome.index();
        final int obs;
        final int act;
        try (Env probe = EnvRegistry.make(run.rollout().envId())) {
            obs = probe.observationSpace().flatSize();
            act = probe.actionSpace().flatSize();
        }
        final int batch = AlgorithmConfig.parse(run.algorithm()).batchSize();
        ReplayBuffer buffer = newBuffer(run, shardId, obs, act);
        RateLimiter rates = newLimiter(run);
        long restored = 0;
        if (snapshots != null) {
            try {
                if (ShardSnapshot.read(snapshots.file(), run.runId(), buffer, rates) >= 0) {
                    restored = buffer.added();
                    LOG.info("replay shard {} restored {} transitions ({} inserted before) from {}", shardId,
                        buffer.size(), restored, snapshots.file());
                } else {
                    LOG.info("replay shard {}: no snapshot at {} yet; starting empty", shardId, snapshots.file());
                }
            } catch (final IOException e) {
                LOG.warn("replay shard {} starts empty: {} (the file is kept as {})", shardId, e.getMessage(),
                    setAside(snapshots.file()));
                buffer = newBuffer(run, shardId, obs, act);
                rates = newLimiter(run);
            }
        }
        this.limiter = rates;
        // Lockstep actors send frames of exactly one transition, which the limiter's minimal window needs.
        final ShardConfig config = ShardConfig.of(shardId,
            run.lockstep() ? 1 : run.rollout().rowsPerFrame() + run.rollout().envsPerActor(), batch);
        final FrameCodec codec = new FrameCodec(run.runId(), WireLimits.DEFAULT, key);
        final FramePoller insertPoller = new FramePoller(aeron.addSubscription(inserts.channel(), inserts.streamId()));
        final FramePoller requestPoller = new FramePoller(aeron.addSubscription(requests.channel(),
            requests.streamId()));
        final Endpoint replies = welcome.sampleReplies();
        final FramePublisher replyPublisher = new FramePublisher(aeron.addExclusivePublication(replies.channel(),
            replies.streamId()), new BackoffIdleStrategy(1, 10, 1_000, 200_000), () -> true, CONNECT_TIMEOUT_NS,
            (int) FrameCodec.sampleReplyLength(batch, obs, act));
        this.shard = new ReplayShard(config, buffer, limiter, codec, insertPoller, requestPoller, replyPublisher);
        if (snapshots != null) {
            shard.restoredFrom(restored).snapshotTo(new ShardSnapshot(snapshots.file(), snapshots.every().toNanos(),
                System.nanoTime()), run.runId());
        }
        this.runner = new AgentRunner(new BackoffIdleStrategy(1, 10, 1_000, 500_000),
            e -> LOG.warn("replay shard {} loop error (it goes on): {}", shardId, e.toString()), null, shard);
        AgentRunner.startOnThread(runner);
    }

    private static ReplayBuffer newBuffer(final RunSpec run, final int shardId, final int obs, final int act) {
        // Lockstep: sampled exactly as the synchronous trainer's replay (Td3State seeds it with derive(seed, 4)).
        return new ReplayBuffer(run.shardCapacity(), obs, act,
            run.lockstep() ? Seeds.derive(run.seed(), 4) : Seeds.derive(Seeds.derive(run.seed(), 200), shardId));
    }

    private static RateLimiter newLimiter(final RunSpec run) {
        return RateLimiter.sampleToInsertRatio(run.samplesPerInsert(), run.minSizeToSample(), run.errorBuffer());
    }

    /** Moves a snapshot that could not be restored to {@code FILE.rejected} (so the next write keeps it); its path. */
    private static Path setAside(final Path file) {
        final Path aside = file.resolveSibling(file.getFileName() + ".rejected");
        try {
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            return aside;
        } catch (final IOException e) {
            LOG.warn("could not move {} aside: {}", file, e.toString());
            return file;
        }
    }

    public ShardStats stats() {
        return shard.stats();
    }

    @Override
    public CoordinatorProtocol.ShardReport report() {
        final ShardStats s = shard.stats();
        return new CoordinatorProtocol.ShardReport(s.shardId(), s.size(), s.inserted(), s.rejected(), s.samplesServed(),
            s.insertBlockedPolls(), s.sampleBlockedPolls());
    }

    /**
     * Stops the shard's loop and logs its final counters (INFO), per actor: what a run that lost an actor can
     * reconcile against the actors' own counts.
     */
    @Override
    public void close() {
        CloseHelper.quietClose(runner);
        final ShardSnapshot snapshot = shard.shardSnapshot();
        if (snapshot != null) {
            LOG.info("replay shard {} snapshots: {} written to {} (last {} bytes in {} ms), {} failed{}",
                shard.shardId(), snapshot.written(), snapshot.file(), snapshot.lastBytes(),
                snapshot.lastWriteNs() / 1_000_000, snapshot.failed(),
                snapshot.lastError() == null ? "" : " (" + snapshot.lastError() + ")");
        }
        final ShardStats s = shard.stats();
        LOG.info("replay shard {} closed: {} inserted (by actor {}), {} sequence gaps, {} frames rejected, {} samples "
            + "in {} requests, {}", s.shardId(), s.inserted(), new TreeMap<>(s.insertedByActor()),
            s.sequenceGaps(), s.rejected(), s.samplesServed(), s.requestsServed(), limiter);
    }
}
