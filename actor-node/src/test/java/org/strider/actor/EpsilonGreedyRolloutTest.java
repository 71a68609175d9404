package org.strider.actor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.strider.control.Endpoint;
import org.strider.control.RolloutSpec;
import org.strider.control.ShardInfo;
import org.strider.nn.Activation;
import org.strider.nn.MlpSpec;
import org.strider.transport.AeronRuntime;
import org.strider.transport.Channels;
import org.strider.transport.FramePoller;
import org.strider.transport.StreamIds;
import org.strider.wire.DataFrame;
import org.strider.wire.FrameCodec;
import org.strider.wire.TransitionBatch;
import org.strider.wire.WeightFrame;
import org.strider.wire.WireLimits;

/** A DQN actor node's rollout on CartPole-v1 against a real embedded Aeron driver: ε-greedy on the Q weights. */
class EpsilonGreedyRolloutTest {
    private static final long RUN = 78L;
    private static final int K = 2;
    private static final int OBS = 4;
    private static final int[] HIDDEN = {8};

    private AeronRuntime aeron;
    private FramePoller shard;
    private final FrameCodec codec = new FrameCodec(RUN, WireLimits.DEFAULT);

    @BeforeEach
    void start() {
        aeron = AeronRuntime.embedded("epsilon-test");
        final Subscription sub = aeron.aeron().addSubscription(Channels.ipc(), StreamIds.transitions(0));
        shard = new FramePoller(sub);
    }

    @AfterEach
    void stop() {
        shard.close();
        aeron.close();
    }

    private static RolloutSpec spec(final double epsilon) {
        return RolloutSpec.discrete("CartPole-v1", K, HIDDEN, "RELU", "LINEAR", epsilon, epsilon, 0, false, 0, 10);
    }

    /** Runs the loop to its step limit; returns each published row's {action, policy version}. */
    private List<float[]> run(final RolloutLoop loop, final AeronActorDataPlane plane) throws InterruptedException {
        loop.route(new ShardInfo(0, new Endpoint(Channels.ipc(), StreamIds.transitions(0)),
            new Endpoint(Channels.ipc(), StreamIds.sampleRequests(0))));
        final Thread t = new Thread(loop);
        t.start();
        final List<float[]> rows = new ArrayList<>();
        while (t.isAlive()) {
            collect(rows);
            Thread.sleep(1);
        }
        t.join();
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (!shard.isConnected() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        collect(rows);
        plane.close();
        return rows;
    }

    private void collect(final List<float[]> rows) {
        shard.poll((buffer, offset, length) -> {
            final DataFrame f = codec.decode(buffer, offset, length);
            assertTrue(f instanceof TransitionBatch, "decoded: " + codec.lastRejection());
            final TransitionBatch b = (TransitionBatch) f;
            assertEquals(1, b.actionDim(), "DQN transitions carry the action index as one float");
            for (int r = 0; r < b.count(); r++) {
                rows.add(new float[] {b.actions()[r], b.policyVersion()});
            }
        }, 64);
    }

    private AeronActorDataPlane plane() {
        return new AeronActorDataPlane(aeron.aeron(), RUN, new Endpoint(Channels.ipc(), StreamIds.weights()), 10 + K,
            OBS, 1, () -> true);
    }

    /** Weights of the Q MLP whose output is Q = (0, 1) for every observation: all zero but action 1's bias. */
    private void sendPreferActionOne(final ExclusivePublication weights) throws InterruptedException {
        final int params = MlpSpec.mlp(OBS, HIDDEN, Activation.RELU, 2).paramCount();
        final float[] q = new float[params];
        q[params - 1] = 1f;
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[(int) FrameCodec.weightFrameLength(params)]);
        final int length = codec.encode(new WeightFrame(6, 12, q, params), buffer, 0);
        while (weights.offer(buffer, 0, length) < 0) {
            Thread.sleep(1);
        }
    }

    @Test
    void shouldActUniformlyAtRandomWhenNoWeightsArrived() throws InterruptedException {
        final AeronActorDataPlane first = plane();
        final List<float[]> random = run(new RolloutLoop(3, spec(0), 11L, first, new RolloutStats(), 60), first);
        int ones = 0;
        for (final float[] row : random) {
            assertTrue(row[0] == 0f || row[0] == 1f, "an index of Discrete(2): " + row[0]);
            assertEquals(0f, row[1], "no weights: version 0");
            ones += (int) row[0];
        }
        assertEquals(120, random.size());
        assertTrue(ones > 30 && ones < 90, "uniform warm-up actions: " + ones + " of 120 were 1");
    }

    @Test
    void shouldActGreedilyOnTheWeightsWhenEpsilonIsZero() throws InterruptedException {
        final AeronActorDataPlane plane = plane();
        final ExclusivePublication weights = aeron.aeron().addExclusivePublication(Channels.ipc(), StreamIds.weights());
        sendPreferActionOne(weights);
        final List<float[]> greedy = run(new RolloutLoop(3, spec(0), 11L, plane, new RolloutStats(), 30), plane);
        weights.close();
        assertEquals(60, greedy.size());
        for (final float[] row : greedy) {
            assertEquals(1f, row[0], "argmax Q with ε 0");
            assertEquals(6f, row[1], "acted with version 6");
        }
    }

    @Test
    void shouldExploreUniformlyWithTheWeightsWhenEpsilonIsOne() throws InterruptedException {
        final AeronActorDataPlane plane = plane();
        final ExclusivePublication weights = aeron.aeron().addExclusivePublication(Channels.ipc(), StreamIds.weights());
        sendPreferActionOne(weights);
        final List<float[]> rows = run(new RolloutLoop(3, spec(1), 11L, plane, new RolloutStats(), 60), plane);
        weights.close();
        int zeros = 0;
        for (final float[] row : rows) {
            zeros += row[0] == 0f ? 1 : 0;
        }
        assertTrue(zeros > 30 && zeros < 90, "ε 1: the greedy action 1 is replaced at random: " + zeros + " zeros");
    }

    @Test
    void shouldFollowTheScheduleOrApeXsPerActorEpsilonWhenAsked() {
        final RolloutSpec linear = RolloutSpec.discrete("CartPole-v1", 1, HIDDEN, "RELU", "LINEAR", 1.0, 0.1, 1000,
            false, 0, 1);
        final EpsilonGreedy l = new EpsilonGreedy(linear, 0, 2, 1);
        assertEquals(1.0, l.epsilon(0, 0), 1e-12);
        assertEquals(0.55, l.epsilon(500, 7), 1e-12);
        assertEquals(0.1, l.epsilon(5000, 0), 1e-12);
        final RolloutSpec exponential = RolloutSpec.discrete("CartPole-v1", 1, HIDDEN, "RELU", "EXPONENTIAL", 0.9,
            0.01, 500, true, 0, 1);
        final EpsilonGreedy e = new EpsilonGreedy(exponential, 0, 2, 1);
        assertEquals(0.01 + 0.89 * Math.exp(-1), e.epsilon(123_456, 500), 1e-12, "counts episodes, not steps");
        final RolloutSpec apeX = RolloutSpec.discrete("CartPole-v1", 1, HIDDEN, "RELU", "LINEAR", 1.0, 0.1, 1000,
            false, 8, 1);
        assertEquals(0.4, new EpsilonGreedy(apeX, 0, 2, 1).epsilon(0, 0), 1e-12);
        assertEquals(Math.pow(0.4, 8), new EpsilonGreedy(apeX, 7, 2, 1).epsilon(99, 0), 1e-15, "ε^(1 + α)");
        assertEquals(Math.pow(0.4, 2), new EpsilonGreedy(apeX, 9, 2, 1).epsilon(0, 0), 1e-15, "actor id mod N");
    }

    @Test
    void shouldRefuseADiscreteSpecForAContinuousEnvWhenBuilt() {
        final RolloutSpec spec = RolloutSpec.discrete("Pendulum-v1", 1, HIDDEN, "RELU", "LINEAR", 1, 1, 0, false, 0,
            1);
        final AeronActorDataPlane plane = plane();
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new RolloutLoop(0, spec, 1L, plane, new RolloutStats(), 1));
        plane.close();
        assertTrue(e.getMessage().contains("Pendulum-v1") && e.getMessage().contains("Discrete"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RolloutSpec.discrete("CartPole-v1", 1, HIDDEN, "RELU",
            "COSINE", 1, 1, 0, false, 0, 1));
    }
}
