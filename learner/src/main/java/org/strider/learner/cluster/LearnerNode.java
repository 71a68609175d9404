package org.strider.learner.cluster;

import io.aeron.Aeron;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strider.learner.checkpoint.Checkpoint;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.agrona.CloseHelper;
import org.agrona.collections.LongLongConsumer;
import org.agrona.BufferUtil;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import io.aeron.ExclusivePublication;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.strider.control.CoordinatorProtocol;
import org.strider.control.Endpoint;
import org.strider.control.RunSpec;
import org.strider.control.ShardInfo;
import org.strider.env.Box;
import org.strider.env.Env;
import org.strider.learner.td3.Td3Config;
import org.strider.learner.td3.Td3State;
import org.strider.learner.train.Evaluation;
import org.strider.learner.train.Evaluator;
import org.strider.learner.td3.Td3Metrics;
import org.strider.wire.FrameCodec;
import org.strider.wire.RunKey;
import org.strider.wire.WeightFrame;
import org.strider.wire.WireLimits;

/**
 * The learner role: the TD3 state, the {@link LearnerLoop} on its own thread, the weight publication, and the
 * run's {@link Coordinator} actor, wired so that the coordinator's admissions reach the loop (shards to sample
 * from, actors to send weights to) and the loop's end stops the run. The learner holds no replay of its own
 * (its config's capacity is set to 1): every batch comes from the shards.
 */
public final class LearnerNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LearnerNode.class);

    private final LearnerLoop loop;
    private final Thread thread;
    private final BatchSource source;
    private final ExclusivePublication weights;
    private final UnsafeBuffer weightsBuffer;
    private final AtomicLong weightsSkipped = new AtomicLong();
    /** Waits out a lockstep weight offer (the learner thread's only). */
    private final BackoffIdleStrategy lockstepIdle = new BackoffIdleStrategy(1, 10, 1_000, 200_000);
    private final ActorRef<CoordinatorProtocol.Command> coordinator;
    private final Td3State state;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicReference<String> finishReason = new AtomicReference<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private LearnerNode(final ActorSystem<?> system, final Aeron aeron, final DataLayout layout, final RunSpec run,
        final Td3Config config, final Env evalEnv, final BatchSource source, final RunMonitor monitor,
        final long evalEvery, final int evalEpisodes, final Path checkpointDir, final RunKey key) {
        if (!(evalEnv.actionSpace() instanceof Box box)) {
            throw new IllegalArgumentException(evalEnv.spec().id() + " has a discrete action space; TD3 and DDPG need "
                + "a continuous Box");
        }
        this.state = Td3State.create(config.toBuilder().capacity(1).build(), evalEnv.observationSpace().flatSize(),
            box, run.seed());
        this.source = source;
        final Endpoint w = layout.weightsPublication();
        final FrameCodec codec = new FrameCodec(run.runId(), WireLimits.DEFAULT, key);
        this.weights = aeron.addExclusivePublication(w.channel(), w.streamId());
        this.weightsBuffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            (int) FrameCodec.weightFrameLength(state.actor().paramCount()), 64));
        final LearnerListener listener = new LearnerListener() {
            @Override
            public void onUpdate(final Td3Metrics metrics, final long envSteps) {
                monitor.onUpdate(metrics, envSteps);
            }

            @Override
            public void onEvaluation(final Evaluation evaluation) {
                monitor.onEvaluation(evaluation);
            }

            @Override
            public void onWeightsPublished(final long version, final long updates) {
                monitor.onWeightsPublished(version, updates);
            }

            @Override
            public void onFinished(final String reason, final Throwable cause) {
                if (checkpointDir != null) {
                    writeCheckpoint(checkpointDir, evalEnv.spec().id());
                }
                finishReason.set(reason);
                failure.set(cause);
                finished.countDown();
                monitor.onFinished(reason, cause);
                coordinatorRef().tell(new CoordinatorProtocol.Finish(reason));
            }
        };
        this.loop = new LearnerLoop(state, source, frame -> publish(codec, frame, run.lockstep()),
            new Evaluator(evalEnv), listener, run.weightsEvery(), run.totalEnvSteps(), evalEvery, evalEpisodes,
            run.lockstep());
        final RunHooks hooks = new RunHooks() {
            @Override
            public Endpoint weights() {
                return layout.weightsSubscription();
            }

            @Override
            public Endpoint sampleReplies(final int shardId) {
                return layout.sampleReplies(shardId);
            }

            @Override
            public long weightsVersion() {
                return loop.weightsVersion();
            }

            @Override
            public void shardJoined(final ShardInfo shard) {
                loop.change(s -> s.addShard(shard, layout.sampleReplies(shard.shardId())));
            }

            @Override
            public void shardLeft(final int shardId) {
                loop.change(s -> s.removeShard(shardId));
            }

            @Override
            public void actorJoined(final int actorId) {
                loop.republish();
            }

            @Override
            public void actorReport(final CoordinatorProtocol.ActorReport report) {
                monitor.onActorReport(report);
            }

            @Override
            public void shardReport(final CoordinatorProtocol.ShardReport report) {
                monitor.onShardReport(report);
            }
        };
        this.coordinator = system.systemActorOf(Coordinator.create(run, hooks), "coordinator", Props.empty());
        this.thread = new Thread(loop, "strider-learner");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private ActorRef<CoordinatorProtocol.Command> coordinatorRef() {
        return coordinator;
    }

    /**
     * Starts the learner role in {@code system}: registers the coordinator, starts the learner thread.
     *
     * @param source    the sampling side of the shards (e.g. {@code AeronBatchSource})
     * @param evalEvery evaluate every this many inserted transitions (0: never)
     */
    public static LearnerNode start(final ActorSystem<?> system, final Aeron aeron, final DataLayout layout,
        final RunSpec run, final Td3Config config, final Env evalEnv, final BatchSource source,
        final RunMonitor monitor, final long evalEvery, final int evalEpisodes) {
        return start(system, aeron, layout, run, config, evalEnv, source, monitor, evalEvery, evalEpisodes, null);
    }

    /**
     * {@link #start} that also writes the learner's state (networks, targets, Adam moments, counters, RNGs; no
     * replay: the shards hold it) to {@code checkpointDir/latest.ckpt} when the run ends, before the nodes are told
     * to stop.
     */
    public static LearnerNode start(final ActorSystem<?> system, final Aeron aeron, final DataLayout layout,
        final RunSpec run, final Td3Config config, final Env evalEnv, final BatchSource source,
        final RunMonitor monitor, final long evalEvery, final int evalEpisodes, final Path checkpointDir) {
        return start(system, aeron, layout, run, config, evalEnv, source, monitor, evalEvery, evalEpisodes,
            checkpointDir, null);
    }

    /** {@link #start} whose weight frames are signed with the node's run {@code key} (null: unsigned). */
    public static LearnerNode start(final ActorSystem<?> system, final Aeron aeron, final DataLayout layout,
        final RunSpec run, final Td3Config config, final Env evalEnv, final BatchSource source,
        final RunMonitor monitor, final long evalEvery, final int evalEpisodes, final Path checkpointDir,
        final RunKey key) {
        return new LearnerNode(system, aeron, layout, run, config, evalEnv, source, monitor, evalEvery, evalEpisodes,
            checkpointDir, key);
    }

    private void writeCheckpoint(final Path dir, final String envId) {
        try {
            Files.createDirectories(dir);
            final Path tmp = dir.resolve("latest.ckpt.tmp");
            Checkpoint.write(tmp, envId, state, false);
            Files.move(tmp, dir.resolve("latest.ckpt"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        } catch (final IOException | RuntimeException e) {
            LOG.error("could not write the learner checkpoint into {}: {}", dir, e.toString());
        }
    }

    /**
     * One offer, never a wait: weights are newest-wins, so a version an actor is too slow to take (back-pressure)
     * or that nobody subscribes to yet is skipped and counted; the next period sends a newer one. Waiting here
     * would let one stalled actor stop the learner, and with it the shards that actor waits on.
     */
    private void publish(final FrameCodec codec, final WeightFrame frame, final boolean lockstep) {
        final int length = codec.encode(frame, weightsBuffer, 0);
        if (!lockstep) {
            if (weights.offer(weightsBuffer, 0, length) < 0) {
                weightsSkipped.incrementAndGet();
            }
            return;
        }
        // Lockstep: the one actor waits for every version, so this waits for it (to connect, to take the frame).
        final BackoffIdleStrategy idle = lockstepIdle;
        idle.reset();
        while (weights.offer(weightsBuffer, 0, length) < 0) {
            if (!loop.running() || weights.isClosed()) {
                weightsSkipped.incrementAndGet();
                return;
            }
            idle.idle();
        }
    }

    /** Weight versions not sent because no actor was subscribed or one was too slow to take them. */
    public long weightsSkipped() {
        return weightsSkipped.get();
    }

    /**
     * Optional, for benchmarks: {@code clock} gets {@code (version, System.nanoTime())} on the learner thread as each
     * weight version starts to be published; null turns it off (see {@link LearnerLoop#timeWeights}).
     */
    public void timeWeights(final LongLongConsumer clock) {
        loop.timeWeights(clock);
    }

    /** TD3 updates run so far (see {@link LearnerLoop#updates}). Any thread. */
    public long updates() {
        return loop.updates();
    }

    /** Wall time of those updates in ns (see {@link LearnerLoop#updateNanos}). Any thread. */
    public long updateNanos() {
        return loop.updateNanos();
    }

    public Td3State state() {
        return state;
    }

    public long weightsVersion() {
        return loop.weightsVersion();
    }

    /** Waits until the run is over; returns false on timeout. */
    public boolean awaitFinished(final Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Why the learner stopped (null while it runs). */
    public String finishReason() {
        return finishReason.get();
    }

    /** The exception that ended the learner, or null. */
    public Throwable failure() {
        return failure.get();
    }

    /** Ends the learner loop (it evaluates once more and tells the coordinator to stop the nodes). */
    public void stop() {
        loop.stop();
    }

    @Override
    public void close() {
        loop.stop();
        try {
            thread.join(30_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        CloseHelper.quietCloseAll(source, weights);
    }
}
