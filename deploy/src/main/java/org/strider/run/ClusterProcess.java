package org.strider.run;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.strider.actor.ActorNode;
import org.strider.actor.AeronActorDataPlane;
import org.strider.actor.RolloutMetrics;
import org.strider.actor.RolloutStats;
import org.strider.cluster.ClusterManagement;
import org.strider.control.ClusterConfig;
import org.strider.control.Endpoint;
import org.strider.control.NodeRole;
import org.strider.control.RunSpec;
import org.strider.env.EnvRegistry;
import org.strider.learner.cluster.AeronBatchSource;
import org.strider.learner.cluster.DataLayout;
import org.strider.learner.cluster.LearnerMetrics;
import org.strider.learner.cluster.LearnerNode;
import org.strider.learner.cluster.LearnerSetup;
import org.strider.learner.cluster.ReplayNode;
import org.strider.learner.cluster.ReplayShardService;
import org.strider.learner.replay.service.ShardSnapshot;
import org.strider.wire.RunKey;
import org.strider.learner.cluster.RunMonitor;
import org.strider.learner.cluster.ShardMetrics;
import org.strider.transport.AeronRuntime;
import org.strider.transport.Channels;
import org.strider.transport.StreamIds;

/**
 * One role per process, for a cluster of several JVMs or hosts: the same node classes as {@link LocalRun}, over
 * Aeron UDP and a Pekko cluster joined through seed nodes or Pekko Cluster Bootstrap ({@link Address#cluster()};
 * Pekko Management's health endpoints run where those settings ask, see {@link ClusterManagement}). Each method runs
 * its role until the run ends (the learner's coordinator stops the other nodes when it is done) and returns.
 */
public final class ClusterProcess {
    private ClusterProcess() {
    }

    /**
     * Where a process listens and how it joins: Pekko on {@code host:port}, Aeron data on {@code dataHost:dataPort}
     * (and + 1); the seed nodes, or the {@code strider.cluster} settings ({@code cluster}) and a run config's
     * {@code pekko.management}/{@code pekko.discovery} blocks ({@code pekko}) for bootstrap.
     */
    public record Address(String host, int port, List<String> seedNodes, String dataHost, int dataPort,
        ClusterConfig.Settings cluster, Config pekko) {
        /** Joining through {@code seedNodes}, no management. */
        public Address(final String host, final int port, final List<String> seedNodes, final String dataHost,
            final int dataPort) {
            this(host, port, seedNodes, dataHost, dataPort, ClusterConfig.Settings.seedNodes(), ConfigFactory.empty());
        }

        /** This node's Pekko config, in {@code role}. */
        Config pekkoConfig(final NodeRole role) {
            return ClusterConfig.node(host, port, seedNodes, EnumSet.of(role), cluster, pekko, ConfigFactory.load());
        }

        /** Whether the node joins itself: the seed-nodes way with none given (the learner starting the cluster). */
        boolean joinsItself() {
            return !cluster.discovery().bootstrap() && seedNodes.isEmpty();
        }
    }

    /**
     * The learner with the run's coordinator; joins itself when no seed nodes are given. Returns the learner's
     * finish reason once the run is over and the other nodes have been told to stop.
     */
    public static String runLearner(final Address at, final RunPlan plan, final RunMonitor monitor,
        final Path checkpointDir) throws Exception {
        return runLearner(at, plan, monitor, checkpointDir, null);
    }

    /** {@link #runLearner} with the learner's meters ({@link LearnerMetrics}) bound to {@code metrics} (null: none). */
    public static String runLearner(final Address at, final RunPlan plan, final RunMonitor monitor,
        final Path checkpointDir, final MeterRegistry metrics) throws Exception {
        return runLearner(at, plan, monitor, LearnerSetup.evaluating(plan.evalEvery(), plan.evalEpisodes())
            .withCheckpoints(checkpointDir, 0), metrics,
            learner -> Runtime.getRuntime().addShutdownHook(new Thread(learner::stop, "strider-learner-stop")));
    }

    /**
     * {@link #runLearner} as {@code setup} says (checkpoints, evaluations, a resumed state; see
     * {@link OutputSettings#learnerSetup}); {@code started} gets the learner node once it runs (e.g. for a Ctrl-C
     * hook that stops it). Returns the learner's finish reason once the run is over and the nodes were told to stop.
     */
    public static String runLearner(final Address at, final RunPlan plan, final RunMonitor monitor,
        final LearnerSetup setup, final MeterRegistry metrics, final Consumer<LearnerNode> started)
        throws Exception {
        final RunSpec run = plan.toRunSpec();
        try (AeronRuntime aeron = AeronRuntime.embedded("strider-learner")) {
            final ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), ClusterConfig.SYSTEM_NAME,
                at.pekkoConfig(NodeRole.LEARNER));
            if (at.joinsItself()) {
                final Cluster cluster = Cluster.get(system);
                cluster.manager().tell(new Join(cluster.selfMember().address()));
            }
            ClusterManagement.startOrTerminate(system, at.cluster());
            final AeronBatchSource source = new AeronBatchSource(aeron.aeron(), run.runId(), setup.key());
            final LearnerMetrics learnerMetrics = metrics == null ? null : new LearnerMetrics(metrics, monitor);
            final LearnerNode learner = LearnerNode.start(system, aeron.aeron(),
                new DataLayout(at.dataHost(), at.dataPort()), run, plan.algorithm(), EnvRegistry.make(plan.envId()),
                source, learnerMetrics == null ? monitor : learnerMetrics, setup);
            aeron.onClientLost(learner::fail);
            // Downed by the split-brain resolver (the learner was on the minority side of a partition) or otherwise
            // shut down under it: the run cannot go on without its coordinator, so it fails (exit 1) and an
            // orchestrator restarts the learner with --resume; after a normal finish the reason is already set.
            system.getWhenTerminated().thenRun(() -> learner.fail("the actor system terminated ("
                + CoordinatedShutdown.get(system).getShutdownReason().map(Object::toString).orElse("no reason")
                + ")"));
            if (learnerMetrics != null) {
                learnerMetrics.bind(learner, source);
            }
            started.accept(learner);
            while (!learner.awaitFinished(Duration.ofSeconds(1))) {
                Thread.onSpinWait();
            }
            // The coordinator has told every node to stop; give them a moment to flush and leave.
            Thread.sleep(2_000);
            learner.close();
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            return learner.finishReason();
        }
    }

    /** A replay shard reading transitions on {@code dataHost:dataPort} and sample requests on the port above. */
    public static void runReplay(final Address at, final String nodeId) throws Exception {
        runReplay(at, nodeId, null);
    }

    /** {@link #runReplay} with the shard's meters ({@link ShardMetrics}) bound to {@code metrics} (null: none). */
    public static void runReplay(final Address at, final String nodeId, final MeterRegistry metrics)
        throws Exception {
        runReplay(at, nodeId, metrics, null);
    }

    /** {@link #runReplay} taking only frames signed with {@code key} and signing its replies (null: unsigned). */
    public static void runReplay(final Address at, final String nodeId, final MeterRegistry metrics,
        final RunKey key) throws Exception {
        runReplay(at, nodeId, metrics, key, null);
    }

    /**
     * {@link #runReplay(Address, String, MeterRegistry, RunKey)} whose shard restores itself from {@code snapshots}'
     * file (a snapshot of this run) and writes one there every interval and when it stops (null: no snapshots).
     */
    public static void runReplay(final Address at, final String nodeId, final MeterRegistry metrics,
        final RunKey key, final ShardSnapshot.Policy snapshots) throws Exception {
        try (AeronRuntime aeron = AeronRuntime.embedded("strider-replay")) {
            // A 64 KB term as over IPC (LocalRun.INSERT_CHANNEL): the receiver window, half a term, is what an actor
            // may have in flight before back-pressure reaches it.
            final Endpoint inserts = new Endpoint(Channels.udp(at.dataHost(), at.dataPort()) + "|term-length=64k",
                StreamIds.transitions(0));
            final Endpoint requests = new Endpoint(Channels.udp(at.dataHost(), at.dataPort() + 1),
                StreamIds.sampleRequests(0));
            final var factory = ReplayShardService.factory(aeron.aeron(), inserts, requests, key, snapshots);
            final ActorSystem<Void> system = ActorSystem.create(NodeGuardian.create(ReplayNode.create(nodeId, inserts,
                requests, metrics == null ? factory : new ShardMetrics(metrics).wrap(factory), LocalRun.REPORT_EVERY),
                "replay"), ClusterConfig.SYSTEM_NAME, at.pekkoConfig(NodeRole.REPLAY));
            awaitUnlessLost(aeron, system, at.cluster());
        }
    }

    /** An actor node; its weight subscription receives on {@code dataHost}. */
    public static RolloutStats runActor(final Address at, final String nodeId) throws Exception {
        return runActor(at, nodeId, null);
    }

    /** {@link #runActor} with the node's meters ({@link RolloutMetrics}, {@code actor=nodeId}) bound to {@code metrics}. */
    public static RolloutStats runActor(final Address at, final String nodeId, final MeterRegistry metrics)
        throws Exception {
        return runActor(at, nodeId, metrics, null);
    }

    /** {@link #runActor} signing its frames and taking only weights signed with {@code key} (null: unsigned). */
    public static RolloutStats runActor(final Address at, final String nodeId, final MeterRegistry metrics,
        final RunKey key) throws Exception {
        final RolloutStats stats = new RolloutStats();
        if (metrics != null) {
            RolloutMetrics.bind(metrics, stats, nodeId);
        }
        try (AeronRuntime aeron = AeronRuntime.embedded("strider-actor")) {
            final ActorSystem<Void> system = ActorSystem.create(NodeGuardian.create(ActorNode.create(nodeId,
                AeronActorDataPlane.factory(aeron.aeron(), at.dataHost(), key), LocalRun.REPORT_EVERY, stats), "actor"),
                ClusterConfig.SYSTEM_NAME, at.pekkoConfig(NodeRole.ACTOR));
            awaitUnlessLost(aeron, system, at.cluster());
        }
        return stats;
    }

    /**
     * Starts management, then waits until {@code system} terminates; if the node's Aeron client closes by itself
     * first, terminates the system and throws (the process exits 1 instead of running on without a data plane).
     */
    private static void awaitUnlessLost(final AeronRuntime aeron, final ActorSystem<Void> system,
        final ClusterConfig.Settings cluster) throws Exception {
        final AtomicReference<String> lost = new AtomicReference<>();
        aeron.onClientLost(why -> {
            lost.set(why);
            system.terminate();
        });
        ClusterManagement.startOrTerminate(system, cluster);
        system.getWhenTerminated().toCompletableFuture().get();
        if (lost.get() != null) {
            throw new IllegalStateException(lost.get());
        }
    }
}
