package org.strider.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.strider.testing.AllocationMeter;

/** Random and mutated frames: decode never throws, counts every rejection under the right reason. */
class FrameCodecRejectTest {
    private final FrameCodec codec = new FrameCodec(Frames.RUN_ID, WireLimits.DEFAULT);

    @Test
    void shouldRejectEveryRandomByteArrayWithoutThrowing() {
        final Random rng = new Random(11);
        final int frames = 20_000;
        final UnsafeBuffer direct = Frames.direct(4096);
        for (int i = 0; i < frames; i++) {
            final byte[] garbage = new byte[rng.nextInt(4097)];
            rng.nextBytes(garbage);
            final DataFrame decoded;
            if ((i & 1) == 0) {
                decoded = Frames.decode(codec, garbage);
            } else {
                direct.putBytes(0, garbage);
                decoded = codec.decode(direct, 0, garbage.length);
            }
            assertNull(decoded, "garbage " + i + " decoded");
        }
        assertEquals(frames, codec.rejects().total());
        assertEquals(frames, codec.rejects().count(RejectReason.TOO_SHORT) + codec.rejects().count(RejectReason.BAD_MAGIC),
            codec.rejects().toString());
        assertValidFrameStillDecodes();
    }

    @Test
    void shouldRejectOrFaithfullyDecodeRandomBodiesBehindValidHeaders() {
        final Random rng = new Random(12);
        final FrameType[] types = FrameType.values();
        final int frames = 20_000;
        int decoded = 0;
        for (int i = 0; i < frames; i++) {
            final FrameType type = types[rng.nextInt(types.length)];
            final byte[] frame = new byte[FrameHeader.LENGTH + rng.nextInt(4097)];
            rng.nextBytes(frame);
            FrameHeader.write(new UnsafeBuffer(frame), 0, type, Frames.RUN_ID, frame.length - FrameHeader.LENGTH);
            if (rng.nextBoolean()) {
                // Small plausible sizes so the parsers get past their first checks.
                plausibleSizes(rng, type, frame);
            }
            decoded += assertRejectedOrFaithful(frame) ? 1 : 0;
        }
        assertEquals(frames, decoded + codec.rejects().total(), codec.rejects().toString());
        assertTrue(codec.rejects().count(RejectReason.MALFORMED) > 0, codec.rejects().toString());
        assertTrue(codec.rejects().count(RejectReason.OVERSIZED) > 0, codec.rejects().toString());
        assertValidFrameStillDecodes();
    }

    @ParameterizedTest
    @EnumSource(FrameType.class)
    void shouldNeverThrowWhenBitsOfValidFramesAreFlipped(final FrameType type) {
        final Random rng = new Random(13 + type.ordinal());
        final byte[] valid = Frames.bytes(codec, sample(rng, type));
        final int trials = 3_000;
        int decoded = 0;
        for (int i = 0; i < trials; i++) {
            final byte[] frame = valid.clone();
            final int flips = 1 + rng.nextInt(8);
            for (int f = 0; f < flips; f++) {
                // Half the flips land in the header and scalars, where they matter most.
                final int at = rng.nextBoolean() ? rng.nextInt(Math.min(frame.length, 72)) : rng.nextInt(frame.length);
                frame[at] ^= (byte) (1 << rng.nextInt(8));
            }
            decoded += assertRejectedOrFaithful(frame) ? 1 : 0;
        }
        assertEquals(trials, decoded + codec.rejects().total());
        assertTrue(codec.rejects().total() > trials / 2, codec.rejects().toString());
        assertValidFrameStillDecodes();
    }

    @ParameterizedTest
    @EnumSource(FrameType.class)
    void shouldRejectTruncatedAndExtendedFramesAsLengthMismatch(final FrameType type) {
        final Random rng = new Random(14 + type.ordinal());
        final byte[] valid = Frames.bytes(codec, sample(rng, type));
        for (int i = 0; i < 200; i++) {
            final int length = i < 30 ? i : rng.nextInt(valid.length);
            final RejectReason expected = length < FrameHeader.LENGTH ? RejectReason.TOO_SHORT : RejectReason.LENGTH_MISMATCH;
            assertRejected(expected, Arrays.copyOf(valid, length));
        }
        assertRejected(RejectReason.LENGTH_MISMATCH, Arrays.copyOf(valid, valid.length + 1 + rng.nextInt(100)));
        final byte[] lying = valid.clone();
        Frames.putInt(lying, FrameHeader.BODY_LENGTH_OFFSET, rng.nextInt());
        assertRejected(RejectReason.LENGTH_MISMATCH, lying);
        Frames.putInt(lying, FrameHeader.BODY_LENGTH_OFFSET, Integer.MAX_VALUE);
        assertRejected(RejectReason.LENGTH_MISMATCH, lying);
        // Extended and the header fixed up: the body now has bytes its counts do not account for.
        final byte[] extended = Arrays.copyOf(valid, valid.length + 8);
        Frames.putInt(extended, FrameHeader.BODY_LENGTH_OFFSET, extended.length - FrameHeader.LENGTH);
        assertRejected(RejectReason.MALFORMED, extended);
        assertTrue(codec.lastRejection().contains("trailing"), codec.lastRejection());
    }

    @Test
    void shouldRejectForeignHeadersWithTheirReason() {
        final byte[] valid = Frames.bytes(codec, Frames.batch(new Random(15), 8, 8));
        assertRejected(RejectReason.BAD_MAGIC, with(valid, f -> Frames.putInt(f, 0, 0x44525453)));
        assertRejected(RejectReason.BAD_VERSION, with(valid, f -> f[FrameHeader.VERSION_OFFSET] = 2));
        assertRejected(RejectReason.UNKNOWN_TYPE, with(valid, f -> f[FrameHeader.TYPE_OFFSET] = 99));
        assertRejected(RejectReason.UNKNOWN_TYPE, with(valid, f -> f[FrameHeader.TYPE_OFFSET] = 104));
        assertRejected(RejectReason.UNKNOWN_TYPE, with(valid, f -> f[FrameHeader.TYPE_OFFSET + 1] = (byte) 0x80));
        assertRejected(RejectReason.WRONG_RUN, with(valid, f -> Frames.putLong(f, FrameHeader.RUN_ID_OFFSET, Frames.RUN_ID + 1)));
        assertRejected(RejectReason.MALFORMED, with(valid, f -> f[FrameHeader.RESERVED_OFFSET + 2] = 1));
        // The same bytes from a codec of another run.
        final FrameCodec otherRun = new FrameCodec(Frames.RUN_ID ^ 1, WireLimits.DEFAULT);
        assertNull(Frames.decode(otherRun, valid));
        assertEquals(1, otherRun.rejects().count(RejectReason.WRONG_RUN));
        // A wrong-type header over a valid body is caught by the body's own checks.
        assertRejected(RejectReason.MALFORMED, with(valid,
            f -> f[FrameHeader.TYPE_OFFSET] = (byte) WireRegistry.SAMPLE_REQUEST_ID));
    }

    @Test
    void shouldRejectHugeOrNegativeSizesBeforeAllocating() {
        final Random rng = new Random(16);
        final byte[] batch = Frames.bytes(codec, Frames.batch(rng, 8, 8));
        assertRejected(RejectReason.OVERSIZED, with(batch, f -> Frames.putInt(f, Frames.TB_COUNT, Integer.MAX_VALUE)));
        assertTrue(codec.lastRejection().contains("TransitionBatch.count"), codec.lastRejection());
        assertRejected(RejectReason.MALFORMED, with(batch, f -> Frames.putInt(f, Frames.TB_COUNT, -1)));
        assertRejected(RejectReason.OVERSIZED, with(batch, f -> Frames.putInt(f, Frames.TB_OBS_DIM, 5000)));
        assertRejected(RejectReason.MALFORMED, with(batch, f -> Frames.putInt(f, Frames.TB_ACTION_DIM, -3)));
        // Within the limits but more than the body holds, and fewer than it holds.
        assertRejected(RejectReason.MALFORMED, with(batch, f -> Frames.putInt(f, Frames.TB_COUNT, 1 << 20)));
        assertRejected(RejectReason.MALFORMED, with(batch, f -> Frames.putInt(f, Frames.TB_COUNT, 7)));
        final byte[] reply = Frames.bytes(codec, Frames.reply(rng, 8, 8));
        assertRejected(RejectReason.OVERSIZED, with(reply, f -> Frames.putInt(f, Frames.SR_COUNT, Integer.MAX_VALUE)));
        assertRejected(RejectReason.MALFORMED, with(reply, f -> Frames.putLong(f, Frames.SR_SHARD_SIZE, -5)));
        final byte[] weights = Frames.bytes(codec, Frames.weights(rng, 300, 300));
        assertRejected(RejectReason.OVERSIZED, with(weights, f -> Frames.putInt(f, Frames.WF_LENGTH, Integer.MAX_VALUE)));
        assertRejected(RejectReason.MALFORMED, with(weights, f -> Frames.putInt(f, Frames.WF_LENGTH, -100)));
        assertRejected(RejectReason.MALFORMED, with(weights, f -> Frames.putInt(f, Frames.WF_LENGTH, 1 << 24)));
        assertRejected(RejectReason.MALFORMED, with(weights, f -> Frames.putInt(f, Frames.WF_PAD, 1)));
        final byte[] request = Frames.bytes(codec, new SampleRequest(1, 256));
        assertRejected(RejectReason.OVERSIZED, with(request, f -> Frames.putInt(f, Frames.SQ_COUNT, Integer.MAX_VALUE)));
        assertRejected(RejectReason.MALFORMED, with(request, f -> Frames.putInt(f, Frames.SQ_COUNT, -256)));
        // A whole body over a codec's limit, header consistent: rejected before the body is read.
        final FrameCodec small = new FrameCodec(Frames.RUN_ID, new WireLimits(1024, 1 << 20, 4096, 1 << 20));
        assertNull(Frames.decode(small, weights));
        assertEquals(1, small.rejects().count(RejectReason.OVERSIZED), small.lastRejection());

        // The claims cost no allocation of their size: a few hundred bytes for the rejection message at most.
        final byte[] hugeCount = with(batch, f -> Frames.putInt(f, Frames.TB_COUNT, 1 << 20));
        final byte[] hugeParams = with(weights, f -> Frames.putInt(f, Frames.WF_LENGTH, (1 << 24) - 1));
        final UnsafeBuffer a = new UnsafeBuffer(hugeCount);
        final UnsafeBuffer b = new UnsafeBuffer(hugeParams);
        final long allocated = AllocationMeter.minAllocatedBytes(() -> {
            codec.decode(a, 0, hugeCount.length);
            codec.decode(b, 0, hugeParams.length);
        }, 5);
        assertTrue(allocated < 4096, allocated + " bytes allocated rejecting two huge claims");
    }

    @Test
    void shouldRejectNonFiniteFloatsAndBadFlagsNamingTheField() {
        final Random rng = new Random(17);
        final int count = 8;
        final byte[] batch = Frames.bytes(codec, Frames.batch(rng, count, count));
        final int rewards = Frames.TB_FLOATS + count * (Frames.OBS_DIM + Frames.ACTION_DIM) * Float.BYTES;
        final int nextObs = rewards + count * Float.BYTES;
        final int terminated = nextObs + count * Frames.OBS_DIM * Float.BYTES;
        assertRejected(RejectReason.NON_FINITE, with(batch, f -> Frames.putFloat(f, rewards + 3 * Float.BYTES, Float.NaN)));
        assertEquals("NON_FINITE: TransitionBatch.rewards[3] is NaN", codec.lastRejection());
        assertRejected(RejectReason.NON_FINITE, with(batch, f -> Frames.putFloat(f, Frames.TB_FLOATS + 20, Float.NEGATIVE_INFINITY)));
        assertEquals("NON_FINITE: TransitionBatch.obs[5] is -Infinity", codec.lastRejection());
        assertRejected(RejectReason.NON_FINITE, with(batch, f -> Frames.putInt(f, nextObs, 0x7fc0_1234)));
        assertEquals("NON_FINITE: TransitionBatch.nextObs[0] is NaN", codec.lastRejection());
        assertRejected(RejectReason.BAD_FLAG, with(batch, f -> Frames.putFloat(f, terminated + 4, 0.5f)));
        assertEquals("BAD_FLAG: TransitionBatch.terminated[1] is 0.5, not 0 or 1", codec.lastRejection());
        assertRejected(RejectReason.NON_FINITE, with(batch, f -> Frames.putFloat(f, terminated, Float.NaN)));

        final byte[] reply = Frames.bytes(codec, Frames.reply(rng, count, count));
        assertRejected(RejectReason.NON_FINITE, with(reply, f -> Frames.putFloat(f, Frames.SR_FLOATS, Float.POSITIVE_INFINITY)));
        assertEquals("NON_FINITE: SampleReply.obs[0] is Infinity", codec.lastRejection());
        final byte[] weights = Frames.bytes(codec, Frames.weights(rng, 100, 100));
        assertRejected(RejectReason.NON_FINITE, with(weights, f -> Frames.putFloat(f, Frames.WF_FLOATS + 99 * 4, Float.NaN)));
        assertEquals("NON_FINITE: WeightFrame.params[99] is NaN", codec.lastRejection());
        assertValidFrameStillDecodes();
    }

    // ------------------------------------------------------------------ helpers

    private static DataFrame sample(final Random rng, final FrameType type) {
        switch (type) {
            case TRANSITION_BATCH:
                return Frames.batch(rng, 16, 20);
            case SAMPLE_REPLY:
                return Frames.reply(rng, 16, 16);
            case WEIGHT_FRAME:
                return Frames.weights(rng, 300, 300);
            default:
                return new SampleRequest(rng.nextLong(), 1 + rng.nextInt(1024));
        }
    }

    /** Overwrites the size fields of a random body with small values (and the scalars that must be non-negative). */
    private static void plausibleSizes(final Random rng, final FrameType type, final byte[] frame) {
        switch (type) {
            case TRANSITION_BATCH:
                if (frame.length >= Frames.TB_FLOATS) {
                    Frames.putInt(frame, Frames.TB_COUNT, rng.nextInt(4));
                    Frames.putInt(frame, Frames.TB_OBS_DIM, rng.nextInt(4));
                    Frames.putInt(frame, Frames.TB_ACTION_DIM, rng.nextInt(3));
                }
                break;
            case SAMPLE_REPLY:
                if (frame.length >= Frames.SR_FLOATS) {
                    Frames.putInt(frame, Frames.SR_COUNT, rng.nextInt(4));
                    Frames.putInt(frame, Frames.SR_COUNT + 4, rng.nextInt(4));
                    Frames.putInt(frame, Frames.SR_COUNT + 8, rng.nextInt(3));
                    Frames.putLong(frame, Frames.SR_SHARD_SIZE, rng.nextInt(100));
                    Frames.putLong(frame, Frames.SR_SHARD_SIZE + 8, rng.nextInt(100));
                }
                break;
            case WEIGHT_FRAME:
                if (frame.length >= Frames.WF_FLOATS) {
                    Frames.putInt(frame, Frames.WF_LENGTH, (frame.length - Frames.WF_FLOATS) / 4 - rng.nextInt(2));
                    Frames.putInt(frame, Frames.WF_PAD, 0);
                }
                break;
            default:
                if (frame.length >= Frames.SQ_COUNT + 4) {
                    Frames.putInt(frame, Frames.SQ_COUNT, rng.nextInt(1000));
                }
                break;
        }
    }

    /**
     * Decodes; true when accepted, in which case re-encoding must give back exactly the same bytes (protocol 1 has
     * one encoding per message, so an accepted frame was read faithfully).
     */
    private boolean assertRejectedOrFaithful(final byte[] frame) {
        final long before = codec.rejects().total();
        final DataFrame decoded = Frames.decode(codec, frame);
        if (decoded == null) {
            assertEquals(before + 1, codec.rejects().total(), "a null decode is counted");
            return false;
        }
        assertEquals(before, codec.rejects().total());
        assertArrayEquals(frame, Frames.bytes(codec, decoded), "accepted frame re-encodes to the same bytes");
        return true;
    }

    private void assertRejected(final RejectReason reason, final byte[] frame) {
        final long before = codec.rejects().count(reason);
        final long total = codec.rejects().total();
        assertNull(Frames.decode(codec, frame), "expected " + reason);
        assertEquals(before + 1, codec.rejects().count(reason), () -> "expected " + reason + ", got " + codec.lastRejection());
        assertEquals(total + 1, codec.rejects().total());
        assertTrue(codec.lastRejection().startsWith(reason.name()), codec.lastRejection());
    }

    private static byte[] with(final byte[] valid, final java.util.function.Consumer<byte[]> mutation) {
        final byte[] frame = valid.clone();
        mutation.accept(frame);
        return frame;
    }

    /** No poisoned state: after whatever came before, a valid frame decodes exactly. */
    private void assertValidFrameStillDecodes() {
        final TransitionBatch batch = Frames.batch(new Random(99), 64, 64);
        final byte[] frame = Frames.bytes(codec, batch);
        final long rejected = codec.rejects().total();
        final DataFrame decoded = Frames.decode(codec, frame);
        assertNotNull(decoded, codec.lastRejection());
        Frames.assertSameBatch(batch, (TransitionBatch) decoded);
        assertEquals(rejected, codec.rejects().total());
    }
}
