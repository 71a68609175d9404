package org.strider.learner.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.strider.control.CoordinatorProtocol;
import org.strider.control.Endpoint;
import org.strider.control.NodeProtocol;
import org.strider.control.RunSpec;
import org.strider.control.ShardInfo;

/**
 * A replay node welcomed again, as when its learner died and a restarted one's coordinator admits it: it keeps the
 * shard it serves (no second service) when the welcome fits, and leaves when it does not (another shard id, reply
 * stream or run), since its streams were built for the first. Welcomes are sent straight to the node in a local
 * actor system; the shard service is a counting stand-in.
 */
class ReplayNodeTest {
    private static final Endpoint INSERTS = new Endpoint("aeron:udp?endpoint=127.0.0.1:40131", 10_000);
    private static final Endpoint REQUESTS = new Endpoint("aeron:udp?endpoint=127.0.0.1:40132", 20_000);
    private static final Endpoint REPLIES = new Endpoint("aeron:udp?endpoint=127.0.0.1:40100", 30_000);

    private ActorSystem<NodeProtocol.Command> system;
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final AtomicInteger started = new AtomicInteger();

    @AfterEach
    void stop() throws Exception {
        if (system != null) {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** A shard service that only counts: started on a welcome, closed when the node stops. */
    private final class CountingService implements ReplayNode.Service {
        @Override
        public CoordinatorProtocol.ShardReport report() {
            return new CoordinatorProtocol.ShardReport(0, 0, 123, 0, 0, 0, 0);
        }

        @Override
        public void close() {
            events.add("closed");
        }
    }

    /** A guardian that forwards to the node and reports its end. */
    private Behavior<NodeProtocol.Command> guardian() {
        return Behaviors.setup(ctx -> {
            final ActorRef<NodeProtocol.Command> node = ctx.spawn(ReplayNode.create("r", INSERTS, REQUESTS, w -> {
                started.incrementAndGet();
                return new CountingService();
            }, Duration.ofHours(1)), "replay");
            ctx.watch(node);
            return Behaviors.receive(NodeProtocol.Command.class)
                .onMessage(NodeProtocol.Command.class, m -> {
                    node.tell(m);
                    return Behaviors.same();
                })
                .onSignal(Terminated.class, t -> {
                    events.add("node stopped");
                    return Behaviors.same();
                })
                .build();
        });
    }

    private static NodeProtocol.Welcome welcome(final RunSpec run, final int index, final Endpoint replies) {
        return new NodeProtocol.Welcome(run, index, new ShardInfo[0], new Endpoint("aeron:ipc", 1), replies, 0);
    }

    private static RunSpec otherRun() {
        final RunSpec r = CoordinatorTest.run();
        return new RunSpec(r.runId() + 1, r.seed(), r.algorithm(), r.rollout(), r.shards(), r.shardCapacity(),
            r.samplesPerInsert(), r.minSizeToSample(), r.errorBuffer(), r.weightsEvery(), r.totalEnvSteps(),
            r.lockstep());
    }

    @Test
    void shouldKeepItsShardWhenWelcomedAgainAndLeaveWhenTheWelcomeNamesAnotherShard() throws InterruptedException {
        system = ActorSystem.create(guardian(), "replay-node-test");
        system.tell(welcome(CoordinatorTest.run(), 0, REPLIES));
        system.tell(welcome(CoordinatorTest.run(), 0, REPLIES)); // a restarted learner's coordinator: same shard
        system.tell(welcome(CoordinatorTest.run(), 1, REPLIES));
        assertEquals("closed", events.poll(10, TimeUnit.SECONDS));
        assertEquals("node stopped", events.poll(10, TimeUnit.SECONDS));
        assertEquals(1, started.get(), "one shard service: the fitting welcome kept it");
    }

    @Test
    void shouldLeaveWhenWelcomedAgainWithAnotherReplyStreamOrRun() throws InterruptedException {
        system = ActorSystem.create(guardian(), "replay-node-test-2");
        system.tell(welcome(CoordinatorTest.run(), 0, REPLIES));
        system.tell(welcome(CoordinatorTest.run(), 0, new Endpoint("aeron:udp?endpoint=127.0.0.1:40200", 30_000)));
        assertEquals("closed", events.poll(10, TimeUnit.SECONDS));
        assertEquals("node stopped", events.poll(10, TimeUnit.SECONDS));
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
        events.clear();
        system = ActorSystem.create(guardian(), "replay-node-test-3");
        system.tell(welcome(CoordinatorTest.run(), 0, REPLIES));
        system.tell(welcome(otherRun(), 0, REPLIES));
        assertEquals("closed", events.poll(10, TimeUnit.SECONDS));
        assertEquals("node stopped", events.poll(10, TimeUnit.SECONDS));
        assertNull(events.poll(200, TimeUnit.MILLISECONDS));
        assertEquals(2, started.get());
    }
}
