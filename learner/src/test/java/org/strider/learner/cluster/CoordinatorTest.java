package org.strider.learner.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.strider.control.ClusterConfig;
import org.strider.control.CoordinatorProtocol;
import org.strider.control.Endpoint;
import org.strider.control.NodeProtocol;
import org.strider.control.NodeRefs;
import org.strider.control.NodeRole;
import org.strider.control.RolloutSpec;
import org.strider.control.RunSpec;
import org.strider.control.ShardInfo;

/**
 * The coordinator in a real two-node Pekko cluster on loopback: the learner's system holds it, the other system
 * holds a replay node and an actor node (stand-ins that record what they are told), so every control message
 * crosses Artery and goes through the Kryo serializer.
 */
class CoordinatorTest {
    private ActorSystem<Void> learnerSystem;
    private ActorSystem<Void> nodeSystem;

    @AfterEach
    void stop() throws Exception {
        for (final ActorSystem<Void> s : new ActorSystem[] {nodeSystem, learnerSystem}) {
            if (s != null) {
                s.terminate();
                s.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        }
    }

    static RunSpec run() {
        final RolloutSpec rollout = new RolloutSpec("Pendulum-v1", 2, new int[] {64, 64}, "RELU", "GAUSSIAN", 0.1, 0.1,
            0, 0.15, 0.01, 16);
        return new RunSpec(99L, 1L, "td3.gamma=0.99", rollout, 1, 1000, 64.0, 100, 640.0, 5, 10_000, false);
    }

    /** A node stand-in: joins the coordinator once it is listed, and queues every command it receives. */
    static Behavior<NodeProtocol.Command> node(final String id, final NodeRole role, final Endpoint[] endpoints,
        final BlockingQueue<NodeProtocol.Command> seen) {
        return node(id, role, endpoints, -1, 0, seen);
    }

    /** As above, joining as a node that an earlier coordinator welcomed as {@code index}, holding {@code version}. */
    static Behavior<NodeProtocol.Command> node(final String id, final NodeRole role, final Endpoint[] endpoints,
        final int index, final long version, final BlockingQueue<NodeProtocol.Command> seen) {
        return Behaviors.setup(ctx -> {
            final ActorRef<Receptionist.Listing> adapter = ctx.messageAdapter(Receptionist.Listing.class,
                NodeProtocol.CoordinatorListing::new);
            ctx.getSystem().receptionist().tell(Receptionist.subscribe(CoordinatorProtocol.KEY, adapter));
            return Behaviors.receive(NodeProtocol.Command.class)
                .onMessage(NodeProtocol.CoordinatorListing.class, m -> {
                    for (final ActorRef<CoordinatorProtocol.Command> c
                        : m.listing().getServiceInstances(CoordinatorProtocol.KEY)) {
                        c.tell(new CoordinatorProtocol.Join(id, role, NodeRefs.format(ctx.getSystem(), ctx.getSelf()),
                            endpoints, index, version));
                    }
                    return Behaviors.same();
                })
                .onMessage(NodeProtocol.StopRun.class, m -> {
                    seen.add(m);
                    return Behaviors.stopped();
                })
                .onAnyMessage(m -> {
                    seen.add(m);
                    return Behaviors.same();
                })
                .build();
        });
    }

    @Test
    void shouldAdmitShardsAndActorsAcrossNodesAndTellActorsWhenAShardLeaves() throws Exception {
        learnerSystem = ActorSystem.create(Behaviors.empty(), ClusterConfig.SYSTEM_NAME,
            ClusterConfig.node("127.0.0.1", 0, List.of(), EnumSet.of(NodeRole.LEARNER)));
        final Cluster learnerCluster = Cluster.get(learnerSystem);
        learnerCluster.manager().tell(new org.apache.pekko.cluster.typed.Join(learnerCluster.selfMember().address()));
        final String seed = learnerCluster.selfMember().address().toString();
        nodeSystem = ActorSystem.create(Behaviors.empty(), ClusterConfig.SYSTEM_NAME,
            ClusterConfig.node("127.0.0.1", 0, List.of(seed), EnumSet.of(NodeRole.REPLAY, NodeRole.ACTOR)));

        final BlockingQueue<String> hookCalls = new LinkedBlockingQueue<>();
        final RunHooks hooks = new RunHooks() {
            @Override
            public Endpoint weights() {
                return new Endpoint("aeron:ipc", 1);
            }

            @Override
            public Endpoint sampleReplies(final int shardId) {
                return new Endpoint("aeron:ipc", 30_000 + shardId);
            }

            @Override
            public long weightsVersion() {
                return 7;
            }

            @Override
            public void shardJoined(final ShardInfo shard) {
                hookCalls.add("shardJoined " + shard.shardId());
            }

            @Override
            public void shardLeft(final int shardId) {
                hookCalls.add("shardLeft " + shardId);
            }

            @Override
            public void actorJoined(final int actorId) {
                hookCalls.add("actorJoined " + actorId);
            }

            @Override
            public void actorReport(final CoordinatorProtocol.ActorReport report) {
                hookCalls.add("actorReport " + report.actorId());
            }

            @Override
            public void shardReport(final CoordinatorProtocol.ShardReport report) {
                hookCalls.add("shardReport " + report.shardId());
            }
        };
        final ActorRef<CoordinatorProtocol.Command> coordinator = learnerSystem.systemActorOf(
            Coordinator.create(run(), hooks), "coordinator", Props.empty());

        final BlockingQueue<NodeProtocol.Command> replaySeen = new LinkedBlockingQueue<>();
        final Endpoint inserts = new Endpoint("aeron:udp?endpoint=127.0.0.1:40111", 10_000);
        final Endpoint requests = new Endpoint("aeron:udp?endpoint=127.0.0.1:40112", 20_000);
        final ActorRef<NodeProtocol.Command> replay = nodeSystem.systemActorOf(
            node("replay-a", NodeRole.REPLAY, new Endpoint[] {inserts, requests}, replaySeen), "replay-a",
            Props.empty());
        final NodeProtocol.Welcome shardWelcome = assertInstanceOf(NodeProtocol.Welcome.class,
            replaySeen.poll(30, TimeUnit.SECONDS), "the replay node is welcomed within 30 s of the cluster forming");
        assertEquals(0, shardWelcome.index());
        assertEquals(new Endpoint("aeron:ipc", 30_000), shardWelcome.sampleReplies());
        assertEquals(run().rollout().envId(), shardWelcome.run().rollout().envId());
        assertEquals("shardJoined 0", hookCalls.poll(10, TimeUnit.SECONDS));

        final BlockingQueue<NodeProtocol.Command> actorSeen = new LinkedBlockingQueue<>();
        nodeSystem.systemActorOf(node("actor-a", NodeRole.ACTOR, new Endpoint[0], actorSeen), "actor-a",
            Props.empty());
        final NodeProtocol.Welcome actorWelcome = assertInstanceOf(NodeProtocol.Welcome.class,
            actorSeen.poll(30, TimeUnit.SECONDS));
        assertEquals(0, actorWelcome.index());
        assertEquals(7, actorWelcome.weightsVersion(), "a late joiner learns the newest weight version");
        assertEquals(List.of(new ShardInfo(0, inserts, requests)), List.of(actorWelcome.shards()));
        assertEquals("actorJoined 0", hookCalls.poll(10, TimeUnit.SECONDS));

        coordinator.tell(new CoordinatorProtocol.ShardReport(0, 1, 2, 3, 4, 5, 6));
        assertEquals("shardReport 0", hookCalls.poll(10, TimeUnit.SECONDS));

        // The shard's node stops: the coordinator's watch fires, the learner hears it, the actor is re-routed.
        replay.tell(new NodeProtocol.StopRun("test"));
        assertInstanceOf(NodeProtocol.StopRun.class, replaySeen.poll(10, TimeUnit.SECONDS));
        assertEquals("shardLeft 0", hookCalls.poll(30, TimeUnit.SECONDS));
        final NodeProtocol.ShardsChanged changed = assertInstanceOf(NodeProtocol.ShardsChanged.class,
            actorSeen.poll(10, TimeUnit.SECONDS));
        assertEquals(0, changed.shards().length);

        coordinator.tell(new CoordinatorProtocol.Finish("done"));
        final NodeProtocol.RunOver over = assertInstanceOf(NodeProtocol.RunOver.class,
            actorSeen.poll(10, TimeUnit.SECONDS));
        assertEquals("done", over.reason());
    }

    /** Hooks that queue what the coordinator tells the learner, with the rejoin details. */
    private static final class RecordingHooks implements RunHooks {
        final BlockingQueue<String> calls = new LinkedBlockingQueue<>();

        @Override
        public Endpoint weights() {
            return new Endpoint("aeron:ipc", 1);
        }

        @Override
        public Endpoint sampleReplies(final int shardId) {
            return new Endpoint("aeron:ipc", 30_000 + shardId);
        }

        @Override
        public long weightsVersion() {
            return 1;
        }

        @Override
        public void shardJoined(final ShardInfo shard) {
            throw new AssertionError("the coordinator names the shard's node");
        }

        @Override
        public void shardJoined(final ShardInfo shard, final String nodeRef) {
            // The path and, after '#', the actor's uid: one per incarnation of the node.
            calls.add("shardJoined " + shard.shardId() + " from " + nodeRef.substring(nodeRef.indexOf("/system/"),
                nodeRef.indexOf('#')));
        }

        @Override
        public void shardLeft(final int shardId) {
            calls.add("shardLeft " + shardId);
        }

        @Override
        public void actorJoined(final int actorId) {
            throw new AssertionError("the coordinator passes the actor's weight version");
        }

        @Override
        public void actorJoined(final int actorId, final long heldVersion) {
            calls.add("actorJoined " + actorId + " holding " + heldVersion);
        }

        @Override
        public void actorReport(final CoordinatorProtocol.ActorReport report) {
        }

        @Override
        public void shardReport(final CoordinatorProtocol.ShardReport report) {
        }
    }

    @Test
    void shouldAdmitNodesUnderTheirOldIdsWhenTheyRejoinTheCoordinatorOfARestartedLearner() throws Exception {
        learnerSystem = ActorSystem.create(Behaviors.empty(), ClusterConfig.SYSTEM_NAME,
            ClusterConfig.node("127.0.0.1", 0, List.of(), EnumSet.of(NodeRole.LEARNER)));
        final Cluster learnerCluster = Cluster.get(learnerSystem);
        learnerCluster.manager().tell(new org.apache.pekko.cluster.typed.Join(learnerCluster.selfMember().address()));
        nodeSystem = ActorSystem.create(Behaviors.empty(), ClusterConfig.SYSTEM_NAME, ClusterConfig.node("127.0.0.1",
            0, List.of(learnerCluster.selfMember().address().toString()), EnumSet.of(NodeRole.REPLAY,
            NodeRole.ACTOR)));
        final RecordingHooks hooks = new RecordingHooks();
        learnerSystem.systemActorOf(Coordinator.create(run(), hooks), "coordinator", Props.empty());

        // Shard 1 of the run before the restart: it keeps its id (and reply stream) although 0 is free.
        final BlockingQueue<NodeProtocol.Command> shardSeen = new LinkedBlockingQueue<>();
        final Endpoint[] offered = {new Endpoint("aeron:udp?endpoint=127.0.0.1:40121", 10_000),
            new Endpoint("aeron:udp?endpoint=127.0.0.1:40122", 20_000)};
        nodeSystem.systemActorOf(node("replay-b", NodeRole.REPLAY, offered, 1, 0, shardSeen), "replay-b",
            Props.empty());
        final NodeProtocol.Welcome shard = assertInstanceOf(NodeProtocol.Welcome.class,
            shardSeen.poll(30, TimeUnit.SECONDS), "the replay node is welcomed within 30 s of the cluster forming");
        assertEquals(1, shard.index());
        assertEquals(new Endpoint("aeron:ipc", 30_001), shard.sampleReplies());
        assertEquals("shardJoined 1 from /system/replay-b", hooks.calls.poll(10, TimeUnit.SECONDS));

        // Actor 5 holding version 77: welcomed as 5, and the learner hears the version to number its own above.
        final BlockingQueue<NodeProtocol.Command> oldActor = new LinkedBlockingQueue<>();
        nodeSystem.systemActorOf(node("actor-old", NodeRole.ACTOR, new Endpoint[0], 5, 77, oldActor), "actor-old",
            Props.empty());
        assertEquals(5, assertInstanceOf(NodeProtocol.Welcome.class, oldActor.poll(30, TimeUnit.SECONDS)).index());
        assertEquals("actorJoined 5 holding 77", hooks.calls.poll(10, TimeUnit.SECONDS));

        // A new actor is numbered above every id seen; a rejoin under a taken id is told to leave.
        final BlockingQueue<NodeProtocol.Command> newActor = new LinkedBlockingQueue<>();
        nodeSystem.systemActorOf(node("actor-new", NodeRole.ACTOR, new Endpoint[0], newActor), "actor-new",
            Props.empty());
        assertEquals(6, assertInstanceOf(NodeProtocol.Welcome.class, newActor.poll(30, TimeUnit.SECONDS)).index());
        assertEquals("actorJoined 6 holding 0", hooks.calls.poll(10, TimeUnit.SECONDS));
        final BlockingQueue<NodeProtocol.Command> clash = new LinkedBlockingQueue<>();
        nodeSystem.systemActorOf(node("actor-clash", NodeRole.ACTOR, new Endpoint[0], 5, 3, clash), "actor-clash",
            Props.empty());
        final NodeProtocol.StopRun refused = assertInstanceOf(NodeProtocol.StopRun.class,
            clash.poll(30, TimeUnit.SECONDS));
        assertTrue(refused.reason().contains("actor id 5 is taken"), refused.reason());
        final BlockingQueue<NodeProtocol.Command> shardClash = new LinkedBlockingQueue<>();
        nodeSystem.systemActorOf(node("replay-clash", NodeRole.REPLAY, offered, 1, 0, shardClash), "replay-clash",
            Props.empty());
        final NodeProtocol.StopRun shardRefused = assertInstanceOf(NodeProtocol.StopRun.class,
            shardClash.poll(30, TimeUnit.SECONDS));
        assertTrue(shardRefused.reason().contains("shard id 1 is taken"), shardRefused.reason());
        assertEquals(null, hooks.calls.poll(1, TimeUnit.SECONDS), "refused nodes reach no hook");
    }
}
