package org.strider.actor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aeron.ExclusivePublication;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.strider.control.Endpoint;
import org.strider.control.ShardInfo;
import org.strider.transport.AeronRuntime;
import org.strider.transport.Channels;
import org.strider.transport.FramePoller;
import org.strider.transport.StreamIds;
import org.strider.wire.DataFrame;
import org.strider.wire.FrameCodec;
import org.strider.wire.RejectReason;
import org.strider.wire.RunKey;
import org.strider.wire.TransitionBatch;
import org.strider.wire.WeightFrame;
import org.strider.wire.WireLimits;

/**
 * An actor's data plane holding run key K over a real embedded Aeron driver: it acts only on weights signed with K
 * (not K', not unsigned, not signed NaN), and the batches it publishes carry K's MAC.
 */
class AeronActorDataPlaneAuthTest {
    private static final long RUN = 78L;
    private static final int PARAMS = 40;
    private static final RunKey K = RunKey.fromHex("daae9a74294da388af1e6cda31e6a3f73fd60c034be33d02237e7a28758b4967");
    private static final RunKey K_PRIME = RunKey.fromHex(
        "24954bb75a452eb08e1a05fb07ab0486dc5448acecf930d42cb5535b55a3773b");

    private AeronRuntime aeron;

    @BeforeEach
    void start() {
        aeron = AeronRuntime.embedded("actor-auth-test");
    }

    @AfterEach
    void stop() {
        aeron.close();
    }

    @Test
    void shouldTakeOnlyWeightsSignedWithTheRunKey() throws InterruptedException {
        try (AeronActorDataPlane plane = new AeronActorDataPlane(aeron.aeron(), RUN,
            new Endpoint(Channels.ipc(), StreamIds.weights()), 4, 3, 1, () -> true, K);
             ExclusivePublication weights = aeron.aeron().addExclusivePublication(Channels.ipc(),
                 StreamIds.weights())) {
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[(int) FrameCodec.weightFrameLength(PARAMS)]);
            final float[] nan = new float[PARAMS];
            nan[7] = Float.NaN;
            offer(weights, buffer, new FrameCodec(RUN, WireLimits.DEFAULT, K_PRIME), new WeightFrame(1, 1,
                new float[PARAMS], PARAMS));
            offer(weights, buffer, new FrameCodec(RUN, WireLimits.DEFAULT), new WeightFrame(2, 2, new float[PARAMS],
                PARAMS));
            offer(weights, buffer, new FrameCodec(RUN, WireLimits.DEFAULT, K), new WeightFrame(3, 3, nan, PARAMS));
            final float[] good = new float[PARAMS];
            good[0] = 0.25f;
            offer(weights, buffer, new FrameCodec(RUN, WireLimits.DEFAULT, K), new WeightFrame(4, 4, good, PARAMS));

            final List<Long> taken = new ArrayList<>();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (taken.isEmpty() && System.nanoTime() < deadline) {
                final WeightFrame frame = plane.pollWeights(PARAMS);
                if (frame != null) {
                    taken.add(frame.version());
                    assertEquals(0.25f, frame.params()[0]);
                }
                Thread.sleep(1);
            }
            assertEquals(List.of(4L), taken, "only the K-signed finite weights are acted on");
            final var rejects = plane.codec().rejects();
            assertEquals(1, rejects.count(RejectReason.BAD_MAC), rejects.toString());
            assertEquals(1, rejects.count(RejectReason.UNAUTHENTICATED), rejects.toString());
            assertEquals(1, rejects.count(RejectReason.NON_FINITE), rejects.toString());
            assertEquals(3, plane.rejectedFrames());
            assertNull(plane.pollWeights(PARAMS));
        }
    }

    @Test
    void shouldPublishBatchesSignedWithTheRunKey() throws InterruptedException {
        try (FramePoller shard = new FramePoller(aeron.aeron().addSubscription(Channels.ipc(),
            StreamIds.transitions(0)));
             AeronActorDataPlane plane = new AeronActorDataPlane(aeron.aeron(), RUN,
                 new Endpoint(Channels.ipc(), StreamIds.weights()), 4, 3, 1, () -> true, K)) {
            plane.route(new ShardInfo(0, new Endpoint(Channels.ipc(), StreamIds.transitions(0)),
                new Endpoint(Channels.ipc(), StreamIds.sampleRequests(0))));
            final TransitionBatch batch = new TransitionBatch(5, 0, 0, 2, 3, 1, new float[6], new float[2],
                new float[2], new float[6], new float[2]);
            assertTrue(plane.publish(batch));
            final FrameCodec withKey = new FrameCodec(RUN, WireLimits.DEFAULT, K);
            final FrameCodec withoutKey = new FrameCodec(RUN, WireLimits.DEFAULT);
            final List<DataFrame> decoded = new ArrayList<>();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (decoded.isEmpty() && System.nanoTime() < deadline) {
                shard.poll((buffer, offset, length) -> {
                    decoded.add(withKey.decode(buffer, offset, length));
                    withoutKey.decode(buffer, offset, length);
                }, 10);
                Thread.sleep(1);
            }
            assertEquals(1, decoded.size());
            assertNotNull(decoded.get(0), withKey.lastRejection());
            assertEquals(5, ((TransitionBatch) decoded.get(0)).actorId());
            assertEquals(1, withoutKey.rejects().count(RejectReason.UNEXPECTED_MAC), withoutKey.lastRejection());
        }
    }

    private static void offer(final ExclusivePublication p, final UnsafeBuffer buffer, final FrameCodec codec,
        final WeightFrame frame) throws InterruptedException {
        final int length = codec.encode(frame, buffer, 0);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (p.offer(buffer, 0, length) < 0) {
            assertTrue(System.nanoTime() < deadline, "weight frame never offered");
            Thread.sleep(1);
        }
    }
}
