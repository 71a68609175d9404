package org.strider.learner.replay.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.strider.learner.replay.ReplayBatch;
import org.strider.learner.replay.ReplayBuffer;
import org.strider.transport.AeronRuntime;
import org.strider.transport.Channels;
import org.strider.transport.FramePublisher;
import org.strider.wire.FrameCodec;
import org.strider.wire.TransitionBatch;
import org.strider.wire.WireLimits;

/** Shards on agent threads, actors and a sampler over one embedded driver's IPC; closes all of it. */
final class ShardFixture implements AutoCloseable {
    static final int OBS = 24;
    static final int ACT = 4;
    static final long RUN = 42;
    static final long CONNECT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);

    final AeronRuntime runtime;
    final AtomicBoolean running = new AtomicBoolean(true);
    /** The first exception a shard loop threw (none may escape {@code doWork}: checked on close). */
    final AtomicReference<Throwable> shardError = new AtomicReference<>();
    final ShardStreams streams;
    final List<ReplayShard> shards = new ArrayList<>();
    private final List<AgentRunner> runners = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    ShardFixture(final String name, final int termLength) {
        this(name, termLength, ShardStreams.all(Channels.ipc()));
    }

    ShardFixture(final String name, final int termLength, final ShardStreams streams) {
        this.runtime = AeronRuntime.embedded(name, termLength);
        this.streams = streams;
    }

    static IdleStrategy idle() {
        return new BackoffIdleStrategy(10, 5, 1_000, 200_000);
    }

    ReplayShard startShard(final ShardConfig config, final int capacity, final RateLimiter limiter, final long seed) {
        return start(openShard(config, new ReplayBuffer(capacity, OBS, ACT, seed), limiter,
            new FrameCodec(RUN, WireLimits.DEFAULT)));
    }

    /** A shard on this fixture's streams, not started yet (e.g. to restore it first): see {@link #start}. */
    ReplayShard openShard(final ShardConfig config, final ReplayBuffer buffer, final RateLimiter limiter,
        final FrameCodec codec) {
        return streams.openShard(runtime.aeron(), config, buffer, limiter, codec, idle(), running::get,
            CONNECT_TIMEOUT_NS);
    }

    /** Runs {@code shard}'s loop on its own thread until {@link #stopShard} or {@link #close}. */
    ReplayShard start(final ReplayShard shard) {
        final AgentRunner runner = new AgentRunner(idle(), e -> shardError.compareAndSet(null, e), null,
            shard);
        AgentRunner.startOnThread(runner);
        runners.add(runner);
        shards.add(shard);
        return shard;
    }

    /** Stops the {@code index}-th started shard's loop (it no longer answers), as when its node leaves. */
    void stopShard(final int index) {
        runners.get(index).close();
    }

    ShardSampler sampler(final int... shardIds) {
        final ShardSampler sampler = new ShardSampler(new FrameCodec(RUN, WireLimits.DEFAULT), idle(), running::get);
        for (final int id : shardIds) {
            streams.addTo(sampler, runtime.aeron(), id, idle(), running::get);
        }
        closeables.add(sampler);
        return sampler;
    }

    FramePublisher actorPublisher(final int shard, final int rows) {
        final FramePublisher publisher = streams.openActorPublisher(runtime.aeron(), shard, rows, OBS, ACT, idle(),
            running::get, CONNECT_TIMEOUT_NS);
        closeables.add(publisher);
        return publisher;
    }

    /**
     * Starts an actor thread publishing {@code batches} batches of {@code rows} transitions; transition ids are
     * {@code actorId * 1e6 + k}, every value derived from the id (see {@link #assertWholeRows}).
     */
    Thread startActor(final FramePublisher publisher, final int actorId, final int batches, final int rows) {
        return startActor(publisher, actorId, batches, rows, 0);
    }

    /** As above, sleeping {@code pauseMs} after each batch (an actor slower than the learner). */
    Thread startActor(final FramePublisher publisher, final int actorId, final int batches, final int rows,
        final long pauseMs) {
        final Thread thread = new Thread(() -> {
            final FrameCodec codec = new FrameCodec(RUN, WireLimits.DEFAULT);
            final float[] obs = new float[rows * OBS];
            final float[] action = new float[rows * ACT];
            final float[] reward = new float[rows];
            final float[] next = new float[rows * OBS];
            final float[] terminated = new float[rows];
            int id = actorId * 1_000_000;
            for (int b = 0; b < batches && running.get(); b++) {
                for (int r = 0; r < rows; r++, id++) {
                    fill(id, r, obs, action, reward, next, terminated);
                }
                final TransitionBatch batch = new TransitionBatch(actorId, b, 0, rows, OBS, ACT, obs, action,
                    reward, next, terminated);
                publisher.offer(codec.encode(batch, publisher.buffer(), 0));
                if (pauseMs > 0) {
                    sleep(pauseMs);
                }
            }
        }, "actor-" + actorId);
        thread.start();
        threads.add(thread);
        return thread;
    }

    static void fill(final int id, final int r, final float[] obs, final float[] action, final float[] reward,
        final float[] next, final float[] terminated) {
        for (int k = 0; k < OBS; k++) {
            obs[r * OBS + k] = id + k;
            next[r * OBS + k] = id + k + 1;
        }
        for (int k = 0; k < ACT; k++) {
            action[r * ACT + k] = (k - 1.5f) / 2;
        }
        reward[r] = (id % 1000) * 0.5f;
        terminated[r] = id % 7 == 0 ? 1f : 0f;
    }

    /** Checks every row is a whole transition written by {@link #fill}, returns its id. */
    static int[] assertWholeRows(final ReplayBatch batch) {
        final int[] ids = new int[batch.size];
        for (int r = 0; r < batch.size; r++) {
            final int id = (int) batch.obs[r * OBS];
            ids[r] = id;
            for (int k = 0; k < OBS; k++) {
                assertEquals(id + k, batch.obs[r * OBS + k]);
                assertEquals(id + k + 1, batch.nextObs[r * OBS + k]);
            }
            assertEquals((id % 1000) * 0.5f, batch.reward[r]);
            assertEquals(id % 7 == 0 ? 1f : 0f, batch.terminated[r]);
            assertEquals(0.75f, batch.action[r * ACT + 3]);
        }
        return ids;
    }

    /** Waits until {@code shard}'s published stats satisfy {@code condition} (10 s at most); returns them. */
    static ShardStats awaitStats(final ReplayShard shard, final Predicate<ShardStats> condition) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        ShardStats stats = shard.stats();
        while (!condition.test(stats)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("stats never matched: " + stats);
            }
            sleep(1);
            stats = shard.stats();
        }
        return stats;
    }

    static void sleep(final long ms) {
        try {
            Thread.sleep(ms);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    void join() throws InterruptedException {
        for (final Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(20));
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (final Thread thread : threads) {
            thread.join(5_000);
        }
        CloseHelper.closeAll(runners);
        CloseHelper.closeAll(closeables);
        runtime.close();
        if (shardError.get() != null) {
            throw new AssertionError("a shard loop threw", shardError.get());
        }
    }
}
