package org.strider.wire.bench;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Random;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.strider.wire.DataFrame;
import org.strider.wire.FrameCodec;
import org.strider.wire.RunKey;
import org.strider.wire.TransitionBatch;
import org.strider.wire.WeightFrame;
import org.strider.wire.WireLimits;

/**
 * Encode + decode throughput of the wire codec for 64-row BipedalWalker batches (obs 24, action 4), in transitions
 * per second, into array-backed and direct buffers, unsigned and signed with a run key (HMAC-SHA256/128), with the
 * signed/unsigned ratio; and of a 4 M-float weight frame, both ways. Prints figures, asserts nothing. Run:
 * {@code java -cp <common classes + deps> org.strider.wire.bench.WireBench [seconds per case]}.
 */
public final class WireBench {
    private static final int ROWS = 64;
    private static final int OBS_DIM = 24;
    private static final int ACTION_DIM = 4;

    private WireBench() {
    }

    public static void main(final String[] args) {
        final double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3.0;
        final Random rng = new Random(5);
        final TransitionBatch batch = batch(rng);
        final FrameCodec codec = new FrameCodec(1L, WireLimits.DEFAULT);
        final FrameCodec signed = new FrameCodec(1L, WireLimits.DEFAULT, RunKey.random());
        final int length = signed.maxEncodedLength(batch);
        System.out.printf("frame: %d rows x (obs %d, action %d) = %d bytes (+%d signed)%n", ROWS, OBS_DIM, ACTION_DIM,
            codec.maxEncodedLength(batch), length - codec.maxEncodedLength(batch));

        final UnsafeBuffer heap = new UnsafeBuffer(new byte[length]);
        final UnsafeBuffer direct = new UnsafeBuffer(BufferUtil.allocateDirectAligned(length + 64, 64));
        for (int round = 0; round < 2; round++) {
            final String label = round == 0 ? "warm-up " : "";
            final double plainHeap = report(label + "encode+decode, heap buffer          ", codec, batch, heap, seconds);
            final double signedHeap = report(label + "encode+decode, heap buffer, signed  ", signed, batch, heap,
                seconds);
            final double plainDirect = report(label + "encode+decode, direct buffer        ", codec, batch, direct,
                seconds);
            final double signedDirect = report(label + "encode+decode, direct buffer, signed", signed, batch, direct,
                seconds);
            reportDecodeOnly(label + "decode only,   heap buffer          ", codec, batch, heap, seconds);
            reportDecodeOnly(label + "decode only,   heap buffer, signed  ", signed, batch, heap, seconds);
            System.out.printf("%ssigned/unsigned encode+decode throughput: heap %.2f, direct %.2f%n", label,
                signedHeap / plainHeap, signedDirect / plainDirect);
        }

        final int params = 4 << 20;
        final WeightFrame weights = new WeightFrame(1, 1, new float[params], params);
        for (int i = 0; i < params; i++) {
            weights.params()[i] = (float) rng.nextGaussian();
        }
        final UnsafeBuffer big = new UnsafeBuffer(ByteBuffer.allocateDirect((int) FrameCodec.weightFrameLength(params)));
        for (final FrameCodec weightCodec : new FrameCodec[] {codec, signed}) {
            long best = Long.MAX_VALUE;
            for (int i = 0; i < 20; i++) {
                final long start = System.nanoTime();
                final int written = weightCodec.encode(weights, big, 0);
                final DataFrame decoded = weightCodec.decode(big, 0, written);
                if (decoded == null) {
                    throw new IllegalStateException(weightCodec.lastRejection());
                }
                best = Math.min(best, System.nanoTime() - start);
            }
            System.out.printf("weight frame 4 Mi floats (16 MiB), direct buffer%s: encode+decode best %.2f ms%n",
                weightCodec.authenticated() ? ", signed" : "", best / 1e6);
        }
    }

    /** Returns transitions per second. */
    private static double report(final String label, final FrameCodec codec, final TransitionBatch batch,
        final UnsafeBuffer buffer, final double seconds) {
        final long deadline = System.nanoTime() + (long) (seconds * 1e9);
        final long allocatedBefore = allocatedBytes();
        long frames = 0;
        long rows = 0;
        final long start = System.nanoTime();
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 1000; i++) {
                final int length = codec.encode(batch, buffer, 0);
                rows += ((TransitionBatch) codec.decode(buffer, 0, length)).count();
            }
            frames += 1000;
        }
        final long nanos = System.nanoTime() - start;
        print(label, frames, rows, nanos, allocatedBytes() - allocatedBefore);
        return rows / (nanos / 1e9);
    }

    private static void reportDecodeOnly(final String label, final FrameCodec codec, final TransitionBatch batch,
        final UnsafeBuffer buffer, final double seconds) {
        final int length = codec.encode(batch, buffer, 0);
        final long deadline = System.nanoTime() + (long) (seconds * 1e9);
        final long allocatedBefore = allocatedBytes();
        long frames = 0;
        long rows = 0;
        final long start = System.nanoTime();
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 1000; i++) {
                rows += ((TransitionBatch) codec.decode(buffer, 0, length)).count();
            }
            frames += 1000;
        }
        print(label, frames, rows, System.nanoTime() - start, allocatedBytes() - allocatedBefore);
    }

    private static void print(final String label, final long frames, final long rows, final long nanos,
        final long allocated) {
        System.out.printf("%s: %,.0f transitions/s (%,.0f frames/s, %.0f ns/frame, %d B allocated/frame)%n", label,
            rows / (nanos / 1e9), frames / (nanos / 1e9), (double) nanos / frames, allocated / Math.max(1, frames));
    }

    private static long allocatedBytes() {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (bean instanceof com.sun.management.ThreadMXBean) {
            return ((com.sun.management.ThreadMXBean) bean).getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return 0;
    }

    private static TransitionBatch batch(final Random rng) {
        final float[] obs = new float[ROWS * OBS_DIM];
        final float[] actions = new float[ROWS * ACTION_DIM];
        final float[] rewards = new float[ROWS];
        final float[] nextObs = new float[ROWS * OBS_DIM];
        final float[] terminated = new float[ROWS];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = (float) rng.nextGaussian();
            nextObs[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < actions.length; i++) {
            actions[i] = rng.nextFloat() * 2f - 1f;
        }
        for (int i = 0; i < ROWS; i++) {
            rewards[i] = (float) rng.nextGaussian();
            terminated[i] = i == ROWS - 1 ? 1f : 0f;
        }
        return new TransitionBatch(0, 0, 0, ROWS, OBS_DIM, ACTION_DIM, obs, actions, rewards, nextObs, terminated);
    }
}
