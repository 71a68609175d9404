package org.strider.learner.cluster;

import io.aeron.Aeron;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.strider.env.Env;
import org.strider.learner.td3.Td3Config;
import org.strider.learner.td3.Td3State;
import org.strider.learner.train.Evaluation;
import org.strider.learner.train.StopAtAverage;
import org.strider.learner.train.Evaluator;
import org.strider.wire.FrameCodec;
import org.strider.wire.WeightFrame;
import org.strider.wire.WireLimits;

/**
 * The learner role: the algorithm's state ({@link LearnerAlgorithm}: TD3/DDPG or DQN, as {@link AlgorithmConfig}
 * says), the {@link LearnerLoop} on its own thread, the weight publication, and the
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
    private final LearnerAlgorithm state;
    /** The TD3 view of {@link #state}; null for DQN. */
    private final Td3Learner td3;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicReference<String> finishReason = new AtomicReference<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private final CheckpointFiles files;
    /** The node of each shard sampled now (learner thread: changed with the source), for {@link ShardMarks}. */
    private final Map<Integer, String> shardNodes = new HashMap<>();
    /** Ids a resumed run skips past its checkpoint's next actor id: room for actors admitted after the checkpoint. */
    static final int RESUMED_ACTOR_ID_MARGIN = 256;
    /** One above the highest actor id admitted (coordinator thread writes, learner thread reads for ShardMarks). */
    private volatile int nextActorId;
    /** A resumed learner's marks of the shards its checkpoint counted (coordinator thread). */
    private final ShardMarks marks;
    private final LearnerStatsWindow statsWindow;
    private final long evalEveryEpisodes;
    /** Finished training episodes the coordinator heard of (coordinator thread), and the count of the next eval. */
    private long episodes;
    private long nextEpisodeEval;
    /** The stop-at-average window over training episodes (coordinator thread); null when not asked for. */
    private final StopAtAverage.Window stopWindow;
    /** Learner thread. */
    private BestEval best;

    private LearnerNode(final ActorSystem<?> system, final Aeron aeron, final DataLayout layout, final RunSpec run,
        final AlgorithmConfig config, final Env evalEnv, final BatchSource source, final RunMonitor monitor,
        final LearnerSetup setup) {
        final String envId = evalEnv.spec().id();
        final ResumePoint resume = setup.resume();
        if (resume != null) {
            if (!resume.describe().equals(config.learnerConfig().describe())
                || resume.obsSize() != evalEnv.observationSpace().flatSize()) {
                throw new IllegalArgumentException("the restored learner state does not fit this run: it was trained "
                    + "with another config, algorithm or observation size");
            }
        }
        // A resumed state's config text names its algorithm, so the check above also refuses a TD3 checkpoint in a
        // DQN run and the other way round; a fresh one is checked against the env's action space here.
        this.state = resume != null ? resume.algorithm()
            : config.create(envId, evalEnv.observationSpace().flatSize(), evalEnv.actionSpace(), run.seed());
        this.td3 = state instanceof Td3Learner t ? t : null;
        this.best = resume != null ? resume.best() : null;
        this.episodes = resume != null ? resume.episodes() : 0;
        this.evalEveryEpisodes = setup.evalEveryEpisodes();
        this.stopWindow = setup.stopAt() == null ? null : setup.stopAt().newWindow();
        this.nextEpisodeEval = evalEveryEpisodes > 0 ? (episodes / evalEveryEpisodes + 1) * evalEveryEpisodes
            : Long.MAX_VALUE;
        this.files = setup.checkpointDir() == null ? null : new CheckpointFiles(setup.checkpointDir(),
            evalEnv.spec().id());
        this.marks = resume != null && files != null ? readMarks(files.dir(), resume.envSteps()) : ShardMarks.none();
        if (resume != null) {
            LOG.info("learner resumes from its checkpoint at {} env steps and {} updates ({} shard marks)",
                resume.envSteps(), resume.updates(), marks.list().size());
        }
        this.statsWindow = new LearnerStatsWindow(setup.statsEvery(), true); // fed UpdateFigures: losses as given
        this.source = source;
        final Endpoint w = layout.weightsPublication();
        final FrameCodec codec = new FrameCodec(run.runId(), WireLimits.DEFAULT, setup.key());
        this.weights = aeron.addExclusivePublication(w.channel(), w.streamId());
        this.weightsBuffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            (int) FrameCodec.weightFrameLength(state.actingSpec().paramCount()), 64));
        final LearnerListener listener = new LearnerListener() {
            @Override
            public void onUpdate(final UpdateFigures figures, final long envSteps) {
                monitor.onLearnerUpdate(figures, envSteps);
                if (td3 != null) {
                    monitor.onUpdate(td3.lastMetrics(), envSteps);
                }
                final LearnerStats row = statsWindow.add(figures, envSteps);
                if (row != null) {
                    monitor.onLearnerStats(row);
                }
            }

            @Override
            public void onEvaluation(final Evaluation evaluation) {
                monitor.onEvaluation(evaluation);
                if (BestEval.improves(best, evaluation)) {
                    best = BestEval.of(evaluation);
                    if (files != null) {
                        try {
                            files.writeBest(state, best);
                        } catch (final IOException | RuntimeException e) {
                            LOG.error("could not write the best checkpoint into {}: {}", files.dir(), e.toString());
                        }
                    }
                    monitor.onBest(best);
                }
            }

            @Override
            public void onWeightsPublished(final long version, final long updates) {
                monitor.onWeightsPublished(version, updates);
            }

            @Override
            public void onCheckpointDue(final long envSteps) {
                writeLatest();
            }

            @Override
            public void onFinished(final String reason, final Throwable cause) {
                final LearnerStats tail = statsWindow.flush(state.updates(), state.envSteps());
                if (tail != null) {
                    monitor.onLearnerStats(tail);
                }
                writeLatest();
                finishReason.set(reason);
                failure.set(cause);
                finished.countDown();
                monitor.onFinished(reason, cause);
                coordinatorRef().tell(new CoordinatorProtocol.Finish(reason));
            }
        };
        this.loop = new LearnerLoop(state, source, frame -> publish(codec, frame, run.lockstep()),
            new Evaluator(evalEnv), listener, run.weightsEvery(), run.totalEnvSteps(), setup.evalEvery(),
            setup.evalEpisodes(), run.lockstep(), setup.checkpointEvery(), resume != null, evalEveryEpisodes > 0);
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
            public void shardJoined(final ShardInfo shard, final String nodeRef) {
                final long counted = marks.take(shard.shardId(), nodeRef);
                if (counted > 0) {
                    LOG.info("shard {} served this run before the learner restarted: {} of its inserts are in the "
                        + "checkpoint's env steps, only those beyond count on", shard.shardId(), counted);
                }
                loop.change(s -> {
                    s.addShard(shard, layout.sampleReplies(shard.shardId()), counted);
                    shardNodes.put(shard.shardId(), nodeRef);
                });
            }

            @Override
            public void shardLeft(final int shardId) {
                loop.change(s -> {
                    s.removeShard(shardId);
                    shardNodes.remove(shardId);
                });
            }

            @Override
            public void actorJoined(final int actorId) {
                loop.republish();
            }

            @Override
            public void actorJoined(final int actorId, final long heldVersion) {
                nextActorId = Math.max(nextActorId, actorId + 1);
                loop.raiseVersion(heldVersion);
                loop.republish();
            }

            @Override
            public void actorReport(final CoordinatorProtocol.ActorReport report) {
                monitor.onActorReport(report);
                episodes += report.recentReturns().length;
                if (stopWindow != null) {
                    for (final double r : report.recentReturns()) {
                        if (stopWindow.add(r)) {
                            loop.stop(String.format(java.util.Locale.ROOT, "average return %.1f over the last %d "
                                + "episodes reached %s", stopWindow.average(), setup.stopAt().window(),
                                setup.stopAt().threshold()));
                            break;
                        }
                    }
                }
                if (episodes >= nextEpisodeEval) {
                    nextEpisodeEval = (episodes / evalEveryEpisodes + 1) * evalEveryEpisodes;
                    loop.requestEvaluation();
                }
            }

            @Override
            public void shardReport(final CoordinatorProtocol.ShardReport report) {
                monitor.onShardReport(report);
            }
        };
        // A resumed run numbers new actors above every id its checkpoint saw, plus a margin for actors admitted after
        // it: surviving shards drop batches of an id at or below the sequence they last had from it (ShardMarks).
        final int firstActorId = resume == null ? 0 : marks.nextActorId() + RESUMED_ACTOR_ID_MARGIN;
        this.nextActorId = firstActorId;
        this.coordinator = system.systemActorOf(Coordinator.create(run, hooks, firstActorId), "coordinator",
            Props.empty());
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
        return start(system, aeron, layout, run, config, evalEnv, source, monitor,
            LearnerSetup.evaluating(evalEvery, evalEpisodes));
    }

    /**
     * {@link #start} that also writes the learner's state (networks, targets, Adam moments, counters, RNGs; no
     * replay: the shards hold it) to {@code checkpointDir/latest.ckpt} when the run ends, before the nodes are told
     * to stop.
     */
    public static LearnerNode start(final ActorSystem<?> system, final Aeron aeron, final DataLayout layout,
        final RunSpec run, final Td3Config config, final Env evalEnv, final BatchSource source,
        final RunMonitor monitor, final long evalEvery, final int evalEpisodes, final Path checkpointDir) {
        return start(system, aeron, layout, run, config, evalEnv, source, monitor,
            LearnerSetup.evaluating(evalEvery, evalEpisodes).withCheckpoints(checkpointDir, 0));
    }

    /**
     * The learner role as {@code setup} says: evaluations (every N env steps, every N episodes), checkpoints
     * ({@code latest.ckpt} every N env steps and at the end, {@code best.ckpt} and {@code best.json} on each new
     * best evaluation, see {@link CheckpointFiles}), {@link LearnerStats} rows, and optionally a resumed state.
     */
    public static LearnerNode start(final ActorSystem<?> system, final Aeron aeron, final DataLayout layout,
        final RunSpec run, final Td3Config config, final Env evalEnv, final BatchSource source,
        final RunMonitor monitor, final LearnerSetup setup) {
        return new LearnerNode(system, aeron, layout, run, new AlgorithmConfig.Td3(config), evalEnv, source, monitor,
            setup);
    }

    /**
     * {@link #start(ActorSystem, Aeron, DataLayout, RunSpec, Td3Config, Env, BatchSource, RunMonitor, LearnerSetup)}
     * for any algorithm: TD3/DDPG or DQN, as {@code config} says.
     *
     * @throws IllegalArgumentException when the algorithm does not fit {@code evalEnv}'s action space, or the resume
     *                                  point's state does not fit the run
     */
    public static LearnerNode start(final ActorSystem<?> system, final Aeron aeron, final DataLayout layout,
        final RunSpec run, final AlgorithmConfig config, final Env evalEnv, final BatchSource source,
        final RunMonitor monitor, final LearnerSetup setup) {
        return new LearnerNode(system, aeron, layout, run, config, evalEnv, source, monitor, setup);
    }

    /** The config the learner's state is built (and checkpointed) with: no replay of its own (capacity 1). */
    public static Td3Config learnerConfig(final Td3Config config) {
        return config.toBuilder().capacity(1).build();
    }

    /** Learner thread: {@code latest.ckpt}, then the shards' marks for it ({@link ShardMarks}). */
    private void writeLatest() {
        if (files == null) {
            return;
        }
        try {
            files.writeLatest(state);
            final List<ShardMarks.Mark> list = new ArrayList<>();
            for (final Map.Entry<Integer, String> e : shardNodes.entrySet()) {
                final long counted = source.countedInserts(e.getKey());
                if (counted >= 0) {
                    list.add(new ShardMarks.Mark(e.getKey(), e.getValue(), counted));
                }
            }
            ShardMarks.write(files.dir(), state.envSteps(), nextActorId, list);
        } catch (final IOException | RuntimeException e) {
            LOG.error("could not write the learner checkpoint into {}: {}", files.dir(), e.toString());
        }
    }

    private static ShardMarks readMarks(final Path dir, final long envSteps) {
        try {
            return ShardMarks.read(dir, envSteps);
        } catch (final IOException e) {
            throw new IllegalArgumentException("cannot resume: " + e.getMessage(), e);
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

    /** Updates run so far (see {@link LearnerLoop#updates}). Any thread. */
    public long updates() {
        return loop.updates();
    }

    /** Wall time of those updates in ns (see {@link LearnerLoop#updateNanos}). Any thread. */
    public long updateNanos() {
        return loop.updateNanos();
    }

    /**
     * The TD3/DDPG state.
     *
     * @throws IllegalStateException for a DQN learner (see {@link #algorithm()})
     */
    public Td3State state() {
        if (td3 == null) {
            throw new IllegalStateException("this learner trains " + state.name() + ", it has no Td3State; use "
                + "algorithm()");
        }
        return td3.state();
    }

    /** The learner's algorithm and state. Read it once the run is over. */
    public LearnerAlgorithm algorithm() {
        return state;
    }

    /** The best evaluation so far (null before the first). Read it once the run is over, or expect a stale one. */
    public BestEval best() {
        return best;
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

    /** Ends the learner loop as {@link #stop} does, the run finishing with reason {@code "failed: " + why}. */
    public void fail(final String why) {
        loop.stop("failed: " + why);
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
