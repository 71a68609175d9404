package org.strider.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.Random;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/** Test frames with awkward floats, bitwise comparisons and buffers of each kind. */
final class Frames {
    static final long RUN_ID = 0x5EED_2024_0005L;
    /** BipedalWalker-v3 sizes. */
    static final int OBS_DIM = 24;
    static final int ACTION_DIM = 4;

    // Body field offsets within a frame (header 24 bytes), as the serializers document them.
    static final int TB_COUNT = 44;
    static final int TB_OBS_DIM = 48;
    static final int TB_ACTION_DIM = 52;
    static final int TB_FLOATS = 56;
    static final int SR_COUNT = 36;
    static final int SR_SHARD_SIZE = 48;
    static final int SR_FLOATS = 64;
    static final int WF_LENGTH = 40;
    static final int WF_PAD = 44;
    static final int WF_FLOATS = 48;
    static final int SQ_COUNT = 32;

    private Frames() {
    }

    /** Finite floats with signed zeros, subnormals and extremes mixed in. */
    static float awkward(final Random rng) {
        switch (rng.nextInt(10)) {
            case 0:
                return -0.0f;
            case 1:
                return Float.intBitsToFloat(1 + rng.nextInt(0x007f_ffff)); // positive subnormal
            case 2:
                return Float.intBitsToFloat(0x8000_0001 + rng.nextInt(0x007f_ffff)); // negative subnormal
            case 3:
                return rng.nextBoolean() ? Float.MAX_VALUE : -Float.MIN_NORMAL;
            default:
                return (float) rng.nextGaussian() * 3f;
        }
    }

    static float[] awkwardArray(final Random rng, final int length) {
        final float[] array = new float[length];
        for (int i = 0; i < length; i++) {
            array[i] = awkward(rng);
        }
        return array;
    }

    static float[] flags(final Random rng, final int length) {
        final float[] array = new float[length];
        for (int i = 0; i < length; i++) {
            array[i] = rng.nextInt(5) == 0 ? 1f : 0f;
        }
        return array;
    }

    /** A batch of {@code count} rows in arrays of {@code capacity} rows (the extra rows hold junk, even NaN). */
    static TransitionBatch batch(final Random rng, final int count, final int capacity) {
        final TransitionBatch batch = new TransitionBatch(rng.nextInt(64), rng.nextLong(), rng.nextInt(1000), count,
            OBS_DIM, ACTION_DIM, awkwardArray(rng, capacity * OBS_DIM), awkwardArray(rng, capacity * ACTION_DIM),
            awkwardArray(rng, capacity), awkwardArray(rng, capacity * OBS_DIM), flags(rng, capacity));
        for (int i = count; i < capacity; i++) {
            batch.rewards()[i] = Float.NaN; // beyond count: never sent, so never rejected
            batch.terminated()[i] = 7f;
        }
        return batch;
    }

    static SampleReply reply(final Random rng, final int count, final int capacity) {
        return new SampleReply(rng.nextLong(), rng.nextInt(8), count, OBS_DIM, ACTION_DIM,
            awkwardArray(rng, capacity * OBS_DIM), awkwardArray(rng, capacity * ACTION_DIM),
            awkwardArray(rng, capacity), awkwardArray(rng, capacity * OBS_DIM), flags(rng, capacity),
            1_000_000L + rng.nextInt(1000), 5_000_000_000L + rng.nextInt(1000));
    }

    static WeightFrame weights(final Random rng, final int length, final int capacity) {
        return new WeightFrame(rng.nextInt(1 << 20), rng.nextInt(1 << 24), awkwardArray(rng, capacity), length);
    }

    static UnsafeBuffer heap(final int capacity) {
        return new UnsafeBuffer(new byte[capacity]);
    }

    static UnsafeBuffer direct(final int capacity) {
        return new UnsafeBuffer(BufferUtil.allocateDirectAligned(Math.max(64, capacity), 64));
    }

    /** The exact bytes of a frame. */
    static byte[] bytes(final FrameCodec codec, final DataFrame frame) {
        final UnsafeBuffer buffer = heap(codec.maxEncodedLength(frame));
        final int length = codec.encode(frame, buffer, 0);
        assertEquals(buffer.capacity(), length, "maxEncodedLength is exact");
        return buffer.byteArray();
    }

    static DataFrame decode(final FrameCodec codec, final byte[] frame) {
        return codec.decode(new UnsafeBuffer(frame), 0, frame.length);
    }

    static void putInt(final byte[] frame, final int offset, final int value) {
        ByteBuffer.wrap(frame).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
    }

    static void putLong(final byte[] frame, final int offset, final long value) {
        ByteBuffer.wrap(frame).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(offset, value);
    }

    static void putFloat(final byte[] frame, final int offset, final float value) {
        ByteBuffer.wrap(frame).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(offset, value);
    }

    static void assertBitwise(final String what, final float[] expected, final float[] actual, final int length) {
        for (int i = 0; i < length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                throw new AssertionError(what + "[" + i + "]: expected " + expected[i] + " (0x"
                    + Integer.toHexString(Float.floatToRawIntBits(expected[i])) + ") but was " + actual[i] + " (0x"
                    + Integer.toHexString(Float.floatToRawIntBits(actual[i])) + ")");
            }
        }
    }

    static void assertSameBatch(final TransitionBatch expected, final TransitionBatch actual) {
        assertEquals(expected.actorId(), actual.actorId(), "actorId");
        assertEquals(expected.sequence(), actual.sequence(), "sequence");
        assertEquals(expected.policyVersion(), actual.policyVersion(), "policyVersion");
        assertEquals(expected.count(), actual.count(), "count");
        assertEquals(expected.obsDim(), actual.obsDim(), "obsDim");
        assertEquals(expected.actionDim(), actual.actionDim(), "actionDim");
        final int n = expected.count();
        assertBitwise("obs", expected.obs(), actual.obs(), n * expected.obsDim());
        assertBitwise("actions", expected.actions(), actual.actions(), n * expected.actionDim());
        assertBitwise("rewards", expected.rewards(), actual.rewards(), n);
        assertBitwise("nextObs", expected.nextObs(), actual.nextObs(), n * expected.obsDim());
        assertBitwise("terminated", expected.terminated(), actual.terminated(), n);
    }

    static void assertSameReply(final SampleReply expected, final SampleReply actual) {
        assertEquals(expected.requestId(), actual.requestId(), "requestId");
        assertEquals(expected.shardId(), actual.shardId(), "shardId");
        assertEquals(expected.count(), actual.count(), "count");
        assertEquals(expected.obsDim(), actual.obsDim(), "obsDim");
        assertEquals(expected.actionDim(), actual.actionDim(), "actionDim");
        assertEquals(expected.shardSize(), actual.shardSize(), "shardSize");
        assertEquals(expected.shardInserts(), actual.shardInserts(), "shardInserts");
        final int n = expected.count();
        assertBitwise("obs", expected.obs(), actual.obs(), n * expected.obsDim());
        assertBitwise("actions", expected.actions(), actual.actions(), n * expected.actionDim());
        assertBitwise("rewards", expected.rewards(), actual.rewards(), n);
        assertBitwise("nextObs", expected.nextObs(), actual.nextObs(), n * expected.obsDim());
        assertBitwise("terminated", expected.terminated(), actual.terminated(), n);
    }

    static void assertSameWeights(final WeightFrame expected, final WeightFrame actual) {
        assertEquals(expected.version(), actual.version(), "version");
        assertEquals(expected.updates(), actual.updates(), "updates");
        assertEquals(expected.length(), actual.length(), "length");
        assertBitwise("params", expected.params(), actual.params(), expected.length());
    }
}
