package org.strider.run;

import io.aeron.ChannelUri;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.strider.actor.ActorDataPlane;
import org.strider.actor.ActorNode;
import org.strider.actor.AeronActorDataPlane;
import org.strider.actor.RolloutStats;
import org.strider.cluster.ClusterManagement;
import org.strider.control.ClusterConfig;
import org.strider.control.Endpoint;
import org.strider.control.NodeProtocol;
import org.strider.control.NodeRole;
import org.strider.control.ShardInfo;
import org.strider.transport.AeronRuntime;
import org.strider.wire.TransitionBatch;
import org.strider.wire.WeightFrame;

/**
 * Test-only main: an actor node ({@code strider actor}, as {@link ClusterProcess#runActor}, unsigned frames) whose
 * UDP traffic to chosen addresses goes through relays instead, for the data-plane delay test. Strider has no option
 * for a node to offer a data address other than the one it binds (a shard offers its {@code --data} address, the
 * learner the control endpoint of its weight broadcast), so the actor rewrites what it was offered, like a client
 * behind a proxy: each {@code --via TARGET=RELAY} replaces the {@code endpoint} or {@code control} address
 * {@code TARGET} of a channel by {@code RELAY} in its shard routes (its transitions go to the relay) and its weight
 * subscription (its status messages register with the relay, so the learner sends the weights there).
 *
 * <p>Arguments: {@code --name NAME --bind HOST:PORT --seed-nodes HOST:PORT --data-host HOST [--via HOST:PORT=HOST:PORT
 * ...]}. Prints the CLI actor's last line ({@link NodeProcesses#ACTOR_LINE}); exits 0 when the run ends.
 */
public final class RelayedActorNode {
    private RelayedActorNode() {
    }

    public static void main(final String[] args) throws Exception {
        final Map<String, String> options = new LinkedHashMap<>();
        final Map<String, String> via = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("RelayedActorNode: " + args[i] + " needs a value");
            }
            if (args[i].equals("--via")) {
                final String[] pair = args[i + 1].split("=");
                if (pair.length != 2) {
                    throw new IllegalArgumentException("RelayedActorNode: --via must be HOST:PORT=HOST:PORT, got '"
                        + args[i + 1] + "'");
                }
                via.put(pair[0], pair[1]);
            } else {
                options.put(args[i], args[i + 1]);
            }
        }
        final String name = required(options, "--name");
        final String[] bind = hostPort(required(options, "--bind"));
        final ClusterProcess.Address at = new ClusterProcess.Address(bind[0], Integer.parseInt(bind[1]),
            List.of(required(options, "--seed-nodes")), required(options, "--data-host"), 0);
        final RolloutStats stats = run(at, name, via);
        System.out.printf(Locale.ROOT, "actor node %s stopped: %d transitions produced, %d published, %d dropped, %d "
            + "episodes, last policy version %d%n", name, stats.produced(), stats.published(), stats.dropped(),
            stats.episodes(), stats.policyVersion());
        System.exit(0);
    }

    /** {@link ClusterProcess#runActor} with its planes built by {@link #relayed}. */
    private static RolloutStats run(final ClusterProcess.Address at, final String nodeId, final Map<String, String> via)
        throws Exception {
        final RolloutStats stats = new RolloutStats();
        try (AeronRuntime aeron = AeronRuntime.embedded("strider-actor")) {
            final ActorSystem<Void> system = ActorSystem.create(NodeGuardian.create(ActorNode.create(nodeId,
                relayed(AeronActorDataPlane.factory(aeron.aeron(), at.dataHost()), via), LocalRun.REPORT_EVERY, stats),
                "actor"), ClusterConfig.SYSTEM_NAME, at.pekkoConfig(NodeRole.ACTOR));
            final AtomicReference<String> lost = new AtomicReference<>();
            aeron.onClientLost(why -> {
                lost.set(why);
                system.terminate();
            });
            ClusterManagement.startOrTerminate(system, at.cluster());
            system.getWhenTerminated().toCompletableFuture().get();
            if (lost.get() != null) {
                throw new IllegalStateException(lost.get());
            }
        }
        return stats;
    }

    /** {@code planes} building from a welcome whose weight channel goes {@code via}, and routing shards {@code via}. */
    static BiFunction<NodeProtocol.Welcome, BooleanSupplier, ActorDataPlane> relayed(
        final BiFunction<NodeProtocol.Welcome, BooleanSupplier, ActorDataPlane> planes, final Map<String, String> via) {
        return (w, running) -> {
            final NodeProtocol.Welcome relayed = new NodeProtocol.Welcome(w.run(), w.index(), w.shards(),
                new Endpoint(rewrite(w.weights().channel(), via), w.weights().streamId()), w.sampleReplies(),
                w.weightsVersion());
            return new RoutedVia(planes.apply(relayed, running), via);
        };
    }

    /** {@code channel} with its {@code endpoint} and {@code control} addresses replaced where {@code via} names them. */
    static String rewrite(final String channel, final Map<String, String> via) {
        final ChannelUri uri = ChannelUri.parse(channel);
        for (final String key : new String[] {"endpoint", "control"}) {
            final String relay = via.get(uri.get(key));
            if (relay != null) {
                uri.put(key, relay);
            }
        }
        return uri.toString();
    }

    private static String required(final Map<String, String> options, final String name) {
        final String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("RelayedActorNode: missing " + name + " (given: " + options.keySet()
                + ")");
        }
        return value;
    }

    private static String[] hostPort(final String value) {
        final int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("RelayedActorNode: expected HOST:PORT, got '" + value + "'");
        }
        return new String[] {value.substring(0, colon), value.substring(colon + 1)};
    }

    /** A plane whose transitions go to each shard's insert address as rewritten {@code via}. */
    private static final class RoutedVia implements ActorDataPlane {
        private final ActorDataPlane plane;
        private final Map<String, String> via;

        RoutedVia(final ActorDataPlane plane, final Map<String, String> via) {
            this.plane = plane;
            this.via = via;
        }

        @Override
        public void route(final ShardInfo shard) {
            plane.route(new ShardInfo(shard.shardId(), new Endpoint(rewrite(shard.inserts().channel(), via),
                shard.inserts().streamId()), shard.requests()));
        }

        @Override
        public boolean publish(final TransitionBatch batch) {
            return plane.publish(batch);
        }

        @Override
        public WeightFrame pollWeights(final int expectedLength) {
            return plane.pollWeights(expectedLength);
        }

        @Override
        public long rejectedWeights() {
            return plane.rejectedWeights();
        }

        @Override
        public void close() {
            plane.close();
        }
    }
}
