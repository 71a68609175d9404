package org.strider.actor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import java.util.ArrayList;
import java.util.Arrays;
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

/** The actor node's rollout against a real embedded Aeron driver: what it publishes, and how it takes weights. */
class RolloutLoopTest {
    private static final long RUN = 77L;
    private static final int K = 2;
    private static final int OBS = 3;
    private static final int ACT = 1;

    private AeronRuntime aeron;
    private FramePoller shard;
    private final FrameCodec codec = new FrameCodec(RUN, WireLimits.DEFAULT);

    @BeforeEach
    void start() {
        aeron = AeronRuntime.embedded("rollout-test");
        final Subscription sub = aeron.aeron().addSubscription(Channels.ipc(), StreamIds.transitions(0));
        shard = new FramePoller(sub);
    }

    @AfterEach
    void stop() {
        shard.close();
        aeron.close();
    }

    private static RolloutSpec spec(final double sigma) {
        return new RolloutSpec("Pendulum-v1", K, new int[] {8}, "RELU", "GAUSSIAN", sigma, sigma, 0, 0.15, 0.01, 10);
    }

    /** Runs a loop of {@code steps} vector steps and returns every row it published, in order. */
    private List<float[]> run(final RolloutLoop loop, final AeronActorDataPlane plane) throws InterruptedException {
        loop.route(new ShardInfo(0, new Endpoint(Channels.ipc(), StreamIds.transitions(0)),
            new Endpoint(Channels.ipc(), StreamIds.sampleRequests(0))));
        final Thread t = new Thread(loop);
        t.start();
        final List<float[]> rows = new ArrayList<>();
        final List<Long> versions = new ArrayList<>();
        while (t.isAlive() || shard.poll((b, o, l) -> { }, 0) > 0) {
            collect(rows, versions);
            Thread.sleep(1);
        }
        t.join();
        // The publication connects before the subscription's image is added on the client side: a short loop can
        // finish before the image shows up, so wait for it rather than polling an empty subscription once.
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (!shard.isConnected() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        collect(rows, versions);
        plane.close();
        return rows;
    }

    private void collect(final List<float[]> rows, final List<Long> versions) {
        shard.poll((buffer, offset, length) -> {
            final DataFrame f = codec.decode(buffer, offset, length);
            assertTrue(f instanceof TransitionBatch, "decoded: " + codec.lastRejection());
            final TransitionBatch b = (TransitionBatch) f;
            assertEquals(3, b.actorId());
            versions.add(b.policyVersion());
            for (int r = 0; r < b.count(); r++) {
                final float[] row = new float[OBS + ACT + 1 + OBS + 1 + 1];
                System.arraycopy(b.obs(), r * OBS, row, 0, OBS);
                System.arraycopy(b.actions(), r * ACT, row, OBS, ACT);
                row[OBS + ACT] = b.rewards()[r];
                System.arraycopy(b.nextObs(), r * OBS, row, OBS + ACT + 1, OBS);
                row[2 * OBS + ACT + 1] = b.terminated()[r];
                row[2 * OBS + ACT + 2] = b.policyVersion();
                rows.add(row);
            }
        }, 64);
    }

    @Test
    void shouldPublishEveryTransitionOnceWithNextObsChainedPerEnv() throws InterruptedException {
        final RolloutStats stats = new RolloutStats();
        final RolloutLoop[] self = new RolloutLoop[1];
        final AeronActorDataPlane plane = new AeronActorDataPlane(aeron.aeron(), RUN,
            new Endpoint(Channels.ipc(), StreamIds.weights()), 10 + K, OBS, ACT, () -> true);
        final RolloutLoop loop = new RolloutLoop(3, spec(0.1), 11L, plane, stats, 150);
        self[0] = loop;
        final List<float[]> rows = run(loop, plane);

        assertEquals(0, shard.handlerErrors(), "every frame decodes: " + codec.lastRejection());
        assertEquals(300, rows.size(), "150 vector steps of 2 envs");
        assertEquals(300, stats.produced());
        assertEquals(300, stats.published());
        assertEquals(0, stats.dropped());
        for (int r = K; r < rows.size(); r++) {
            final float[] prev = rows.get(r - K);
            final float[] now = rows.get(r);
            assertArrayEquals(Arrays.copyOfRange(prev, OBS + ACT + 1, 2 * OBS + ACT + 1), Arrays.copyOfRange(now, 0, OBS),
                "row " + r + ": env " + (r % K) + "'s obs is its previous next obs (no episode ends in 150 steps)");
            assertTrue(now[OBS] >= -2f && now[OBS] <= 2f, "random warm-up action inside Pendulum's Box");
            assertEquals(0f, now[2 * OBS + ACT + 2], "no weights yet: version 0");
        }
    }

    @Test
    void shouldActWithTheNewestWeightsAndRefuseWeightsOfTheWrongSize() throws InterruptedException {
        final RolloutStats stats = new RolloutStats();
        final AeronActorDataPlane plane = new AeronActorDataPlane(aeron.aeron(), RUN,
            new Endpoint(Channels.ipc(), StreamIds.weights()), 10 + K, OBS, ACT, () -> true);
        final int params = MlpSpec.actor(OBS, new int[] {8}, Activation.RELU, new float[] {-2f}, new float[] {2f})
            .paramCount();
        final ExclusivePublication weights = aeron.aeron().addExclusivePublication(Channels.ipc(), StreamIds.weights());
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[(int) FrameCodec.weightFrameLength(params + 5)]);
        // A frame of the wrong size first (ignored and counted), then all-zero weights: tanh(0) × 2 + 0 = 0.
        offer(weights, buffer, new WeightFrame(5, 10, new float[params + 5], params + 5));
        offer(weights, buffer, new WeightFrame(6, 12, new float[params], params));

        final RolloutLoop loop = new RolloutLoop(3, spec(0.0), 11L, plane, stats, 20);
        final List<float[]> rows = run(loop, plane);
        weights.close();
        assertEquals(40, rows.size());
        for (final float[] row : rows) {
            assertEquals(0f, row[OBS], "σ 0 and zero weights act 0");
            assertEquals(6f, row[2 * OBS + ACT + 2], "frames name the policy version that produced them");
        }
        assertEquals(6, stats.policyVersion());
        assertEquals(1, stats.weightRejects());
    }

    @Test
    void shouldReportTheAppliedVersionAndItsTimeWhenTimed() throws InterruptedException {
        final RolloutStats stats = new RolloutStats();
        final List<long[]> applied = new ArrayList<>();
        stats.timeWeights((version, nanoTime) -> applied.add(new long[] {version, nanoTime}));
        final AeronActorDataPlane plane = new AeronActorDataPlane(aeron.aeron(), RUN,
            new Endpoint(Channels.ipc(), StreamIds.weights()), 10 + K, OBS, ACT, () -> true);
        final int params = MlpSpec.actor(OBS, new int[] {8}, Activation.RELU, new float[] {-2f}, new float[] {2f})
            .paramCount();
        final ExclusivePublication weights = aeron.aeron().addExclusivePublication(Channels.ipc(), StreamIds.weights());
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[(int) FrameCodec.weightFrameLength(params)]);
        offer(weights, buffer, new WeightFrame(4, 8, new float[params], params));

        final long before = System.nanoTime();
        run(new RolloutLoop(3, spec(0.0), 11L, plane, stats, 20), plane);
        final long after = System.nanoTime();
        weights.close();
        assertEquals(1, applied.size(), "one version applied, reported once");
        assertEquals(4, applied.get(0)[0]);
        assertTrue(applied.get(0)[1] >= before && applied.get(0)[1] <= after, "applied while the loop ran");
        assertEquals(4, stats.policyVersion());
    }

    private void offer(final ExclusivePublication p, final UnsafeBuffer buffer, final WeightFrame frame)
        throws InterruptedException {
        final int length = codec.encode(frame, buffer, 0);
        while (p.offer(buffer, 0, length) < 0) {
            Thread.sleep(1);
        }
    }
}
