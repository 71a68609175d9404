package org.strider.run;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.strider.actor.ActorNode;
import org.strider.actor.AeronActorDataPlane;
import org.strider.actor.RolloutMetrics;
import org.strider.actor.RolloutStats;
import org.strider.control.ClusterConfig;
import org.strider.control.Endpoint;
import org.strider.control.NodeProtocol;
import org.strider.control.NodeRole;
import org.strider.control.RunSpec;
import org.strider.env.EnvRegistry;
import org.strider.learner.cluster.AeronBatchSource;
import org.strider.learner.cluster.DataLayout;
import org.strider.learner.cluster.LearnerMetrics;
import org.strider.learner.cluster.LearnerNode;
import org.strider.learner.cluster.LearnerSetup;
import org.strider.learner.cluster.ResumePoint;
import org.strider.learner.cluster.ReplayNode;
import org.strider.learner.cluster.ReplayShardService;
import org.strider.wire.RunKey;
import org.strider.learner.replay.service.ShardStats;
import org.strider.learner.cluster.RunMonitor;
import org.strider.learner.cluster.ShardMetrics;
import org.strider.transport.AeronRuntime;
import org.strider.transport.Channels;
import org.strider.transport.StreamIds;

/**
 * Every role of a run in one JVM, the same classes a cluster runs: a single-node Pekko cluster with all three
 * roles, one embedded Aeron media driver, streams over IPC. The learner and its coordinator start first, then the
 * shards, then the actor nodes; each node finds the coordinator through the receptionist and joins as it would
 * across hosts. Actor nodes can be added and stopped while it runs (the scaling tests do).
 */
public final class LocalRun implements AutoCloseable {
    /** How often nodes report to the coordinator. */
    public static final Duration REPORT_EVERY = Duration.ofSeconds(1);

    /**
     * Actors' transition streams: IPC with a 64 KB term (the least Aeron allows) and a 16 KB publication window, so
     * back-pressure reaches an actor after ~16 KB of frames in flight rather than 16 MB: what the rate limiter holds
     * back is held back at the actor, and the transitions it makes use fresh weights (halves the weight broadcast
     * latency against the 64 KB default window in `bench cluster`). Frames up to 8 KB (term / 8): 37 BipedalWalker
     * transitions; the window holds two of them.
     */
    public static final String INSERT_CHANNEL = "aeron:ipc?term-length=64k|pub-wnd=16k";

    private final RunSpec run;
    private final AeronRuntime aeron;
    private final ActorSystem<Void> system;
    private final LearnerNode learner;
    private final List<ActorRef<NodeProtocol.Command>> actorRefs = new ArrayList<>();
    private final List<RolloutStats> actorStats = new ArrayList<>();
    private final List<ReplayShardService> shardServices = new ArrayList<>();
    /** Null without metrics. */
    private final MeterRegistry metrics;
    private int actorsStarted;
    /** The run's data-plane key (null: unsigned frames). */
    private final RunKey key;

    private LocalRun(final RunPlan plan, final RunMonitor monitor, final LearnerSetup setup,
        final MeterRegistry metrics) {
        this.metrics = metrics;
        this.run = plan.toRunSpec();
        this.aeron = AeronRuntime.embedded("strider-local");
        this.system = ActorSystem.create(Behaviors.empty(), ClusterConfig.SYSTEM_NAME,
            ClusterConfig.node("127.0.0.1", 0, List.of(), EnumSet.allOf(NodeRole.class)));
        final Cluster cluster = Cluster.get(system);
        cluster.manager().tell(new Join(cluster.selfMember().address()));
        final DataLayout layout = DataLayout.ipc();
        this.key = setup.key();
        final AeronBatchSource source = new AeronBatchSource(aeron.aeron(), run.runId(), key);
        final LearnerMetrics learnerMetrics = metrics == null ? null : new LearnerMetrics(metrics, monitor);
        this.learner = LearnerNode.start(system, aeron.aeron(), layout, run, plan.algorithm(),
            EnvRegistry.make(plan.envId()), source, learnerMetrics == null ? monitor : learnerMetrics, setup);
        aeron.onClientLost(learner::fail);
        if (learnerMetrics != null) {
            learnerMetrics.bind(learner, source);
        }
        final ShardMetrics shardMetrics = metrics == null ? null : new ShardMetrics(metrics);
        for (int s = 0; s < plan.shards(); s++) {
            final Endpoint inserts = new Endpoint(INSERT_CHANNEL, StreamIds.transitions(s));
            final Endpoint requests = new Endpoint(Channels.ipc(), StreamIds.sampleRequests(s));
            system.systemActorOf(ReplayNode.create("replay-" + s, inserts, requests, welcome -> {
                final ReplayShardService service = new ReplayShardService(aeron.aeron(), welcome, inserts, requests,
                    key);
                synchronized (shardServices) {
                    shardServices.add(service);
                }
                if (shardMetrics != null) {
                    shardMetrics.bind(service);
                }
                return service;
            }, REPORT_EVERY), "replay-" + s, Props.empty());
        }
        for (int a = 0; a < plan.actors(); a++) {
            addActor();
        }
    }

    /** Starts every role of {@code plan} in this JVM; the run goes on in the background. */
    public static LocalRun start(final RunPlan plan, final RunMonitor monitor) {
        return new LocalRun(plan, monitor, LearnerSetup.evaluating(plan.evalEvery(), plan.evalEpisodes()), null);
    }

    /** {@link #start} writing the learner's checkpoint to {@code checkpointDir/latest.ckpt} when the run ends. */
    public static LocalRun start(final RunPlan plan, final RunMonitor monitor, final Path checkpointDir) {
        return start(plan, monitor, checkpointDir, null);
    }

    /**
     * {@link #start} with every role's {@code strider_*} meters bound to {@code metrics} (null: none): the learner's
     * (in front of {@code monitor}), each shard's and each actor node's ({@code actor="actor-<index>"}).
     */
    public static LocalRun start(final RunPlan plan, final RunMonitor monitor, final Path checkpointDir,
        final MeterRegistry metrics) {
        return new LocalRun(plan, monitor, LearnerSetup.evaluating(plan.evalEvery(), plan.evalEpisodes())
            .withCheckpoints(checkpointDir, 0), metrics);
    }

    /**
     * {@link #start} with the learner's outputs as {@code outputs} says: {@code latest.ckpt} every N env steps and
     * at the end, {@code best.ckpt} on each new best evaluation (in {@code checkpointDir}; null: no files),
     * evaluation every N episodes too if asked.
     */
    public static LocalRun start(final RunPlan plan, final RunMonitor monitor, final Path checkpointDir,
        final OutputSettings outputs, final MeterRegistry metrics) {
        return new LocalRun(plan, monitor, outputs.learnerSetup(plan, checkpointDir, null), metrics);
    }

    /**
     * Continues a run from {@code from} (see {@link ResumePoint}): the learner starts from the restored state and
     * publishes its actor at once; the shards start empty and refill to their warm-up from the actors acting with
     * those weights (not at random); env steps count on from the checkpoint's, up to {@code plan.totalSteps()}.
     */
    public static LocalRun resume(final RunPlan plan, final ResumePoint from, final RunMonitor monitor,
        final Path checkpointDir, final OutputSettings outputs, final MeterRegistry metrics) {
        if (plan.lockstep()) {
            throw new IllegalArgumentException("a lockstep run cannot resume: it reproduces the synchronous trainer "
                + "from step 0");
        }
        if (from.envSteps() >= plan.totalSteps()) {
            throw new IllegalArgumentException("the run already has " + from.envSteps() + " env steps; "
                + "resume it with more total steps than that (got " + plan.totalSteps() + ")");
        }
        return new LocalRun(plan, monitor, outputs.learnerSetup(plan, checkpointDir, from), metrics);
    }

    /** Starts one more actor node; returns its local index (for {@link #stopActor}). */
    public synchronized int addActor() {
        final int index = actorsStarted++;
        final RolloutStats stats = new RolloutStats();
        actorStats.add(stats);
        if (metrics != null) {
            RolloutMetrics.bind(metrics, stats, "actor-" + index);
        }
        actorRefs.add(system.systemActorOf(ActorNode.create("actor-" + index, AeronActorDataPlane.factory(aeron.aeron(), "127.0.0.1", key),
            REPORT_EVERY, stats), "actor-" + index, Props.empty()));
        return index;
    }

    /** Stops actor node {@code index} (it flushes its last frame and leaves); the run goes on. */
    public synchronized void stopActor(final int index) {
        actorRefs.get(index).tell(new NodeProtocol.StopRun("stopped by the operator"));
    }

    public synchronized RolloutStats actorStats(final int index) {
        return actorStats.get(index);
    }

    /** Counters of every shard started so far (in the order they were welcomed). */
    public List<ShardStats> shardStats() {
        synchronized (shardServices) {
            return shardServices.stream().map(ReplayShardService::stats).toList();
        }
    }

    public synchronized int actorCount() {
        return actorRefs.size();
    }

    public RunSpec run() {
        return run;
    }

    /** This JVM's Aeron runtime (for tests that break it). */
    AeronRuntime aeronRuntime() {
        return aeron;
    }

    public LearnerNode learner() {
        return learner;
    }

    /** Waits for the run to reach its step count (or fail, or be stopped); false on timeout. */
    public boolean awaitFinished(final Duration timeout) throws InterruptedException {
        return learner.awaitFinished(timeout);
    }

    /** Ends the run early: the learner stops, the coordinator stops the nodes. */
    public void stop() {
        learner.stop();
    }

    @Override
    public void close() throws Exception {
        learner.stop();
        learner.awaitFinished(Duration.ofSeconds(30));
        // Give the nodes the coordinator stopped a moment to flush, then end the system and the driver.
        Thread.sleep(200);
        learner.close();
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        aeron.close();
    }
}
