package org.strider.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * 10^6 random and mutated frames (set {@code -Dstrider.fuzz.frames=N} for another total) at the decoder of every frame
 * type (transition batches, sample requests, sample replies, weights), each with and without a run key: no exception
 * escapes {@link FrameCodec#decode}, every frame is either accepted or rejected and counted under exactly one reason,
 * and an accepted frame re-encodes to its own bytes (it was read faithfully).
 *
 * <p>A quarter of each path's frames are random bytes (half behind a well-formed, signed header), the rest are
 * mutations of valid frames: bit flips, interesting ints over the header and scalars, NaN and infinities over
 * floats, truncation, extension, spliced garbage, a changed type id. Half the mutated frames are then "fixed up" as a
 * peer holding the key would: body length made consistent and the MAC recomputed, so the body parsers are fuzzed
 * behind a valid MAC, not only the MAC check.
 */
class FrameCodecFuzzTest {
    private static final int FRAMES = Integer.getInteger("strider.fuzz.frames", 1_000_000);
    private static final int MAX_FRAME = 2048;
    private static final int[] INTERESTING = {0, 1, -1, 2, 3, 7, 24, 64, 255, 4096, 4097, 1 << 20, (1 << 20) + 1,
        1 << 24, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE / 4 + 1, -256};
    private static final float[] BAD_FLOATS = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0.5f, 2f,
        -0f, Float.MIN_VALUE};
    private static long nanos;
    private static long fed;

    @AfterAll
    static void report() {
        System.out.printf("FrameCodecFuzzTest: %,d frames in %.2f s (%.0f ns/frame)%n", fed, nanos / 1e9,
            (double) nanos / Math.max(1, fed));
    }

    @Test
    void shouldCountEveryRejectionWhenFuzzingEveryDecoderPathWithAndWithoutAKey() {
        final int perPath = FRAMES / (FrameType.values().length * 2);
        final long start = System.nanoTime();
        for (final FrameType type : FrameType.values()) {
            for (final boolean keyed : new boolean[] {false, true}) {
                fuzz(type, keyed, perPath, 1000L * type.ordinal() + (keyed ? 1 : 0));
            }
        }
        nanos += System.nanoTime() - start;
        fed += (long) perPath * FrameType.values().length * 2;
    }

    private static void fuzz(final FrameType type, final boolean keyed, final int frames, final long seed) {
        final String path = type + (keyed ? " with a key" : " without a key");
        final FrameCodec codec = keyed ? new FrameCodec(Frames.RUN_ID, WireLimits.DEFAULT, FrameAuthTest.KEY)
            : new FrameCodec(Frames.RUN_ID, WireLimits.DEFAULT);
        final FrameMac mac = new FrameMac(keyBytes());
        final Random records = new Random(seed);
        final byte[][] valid = new byte[8][];
        for (int i = 0; i < valid.length; i++) {
            valid[i] = Frames.bytes(codec, sample(records, type, i));
        }
        final SplittableRandom rng = new SplittableRandom(seed);
        final byte[] work = new byte[MAX_FRAME + 64];
        final UnsafeBuffer heap = new UnsafeBuffer(work);
        final UnsafeBuffer direct = Frames.direct(work.length);
        final UnsafeBuffer reencoded = new UnsafeBuffer(new byte[MAX_FRAME + 64]);
        final long[] byReason = new long[RejectReason.values().length];
        long accepted = 0;
        long rejected = 0;
        for (int i = 0; i < frames; i++) {
            final int length;
            if (rng.nextInt(4) == 0) {
                length = garbage(rng, work, type, keyed, mac);
            } else {
                final byte[] base = valid[rng.nextInt(valid.length)];
                System.arraycopy(base, 0, work, 0, base.length);
                int len = mutate(rng, work, base.length, type);
                if (rng.nextBoolean()) {
                    len = fixUp(work, len, keyed, mac);
                }
                length = len;
            }
            final boolean viaDirect = (i & 7) == 0;
            if (viaDirect) {
                direct.putBytes(0, work, 0, length);
            }
            final long before = codec.rejects().total();
            final DataFrame decoded;
            try {
                decoded = codec.decode(viaDirect ? direct : heap, 0, length);
            } catch (final Throwable e) {
                throw new AssertionError(path + ": decode threw on frame " + i, e);
            }
            if (decoded == null) {
                rejected++;
                assertEquals(before + 1, codec.rejects().total(), path);
                byReason[RejectReason.valueOf(codec.lastRejection().substring(0,
                    codec.lastRejection().indexOf(':'))).ordinal()]++;
            } else {
                accepted++;
                assertEquals(before, codec.rejects().total(), path);
                final int written = codec.encode(decoded, reencoded, 0);
                if (written != length || !Arrays.equals(work, 0, length, reencoded.byteArray(), 0, length)) {
                    throw new AssertionError(path + ": frame " + i + " accepted but does not re-encode to its bytes");
                }
            }
        }
        long sum = 0;
        for (final RejectReason reason : RejectReason.values()) {
            assertEquals(byReason[reason.ordinal()], codec.rejects().count(reason), path + " " + reason);
            sum += codec.rejects().count(reason);
        }
        assertEquals(rejected, sum, path + ": the reasons add up to the rejected frames");
        assertEquals(frames, accepted + rejected, path + ": every frame accepted or rejected");
        assertTrue(accepted > frames / 50, path + ": too few accepted to test faithfulness: " + accepted);
        final RejectCounters r = codec.rejects();
        System.out.printf("  %-32s accepted %,7d  %s%n", path, accepted, r);
        assertTrue(r.count(RejectReason.MALFORMED) > 0 && r.count(RejectReason.LENGTH_MISMATCH) > 0
            && r.count(RejectReason.BAD_MAGIC) > 0, path + " " + r);
        if (type != FrameType.SAMPLE_REQUEST) {
            assertTrue(r.count(RejectReason.NON_FINITE) > 0, path + " " + r);
        }
        if (keyed) {
            assertTrue(r.count(RejectReason.BAD_MAC) > 0 && r.count(RejectReason.UNAUTHENTICATED) > 0, path + " " + r);
        } else {
            assertTrue(r.count(RejectReason.UNEXPECTED_MAC) > 0, path + " " + r);
        }
        // No poisoned state: a valid frame still decodes.
        assertNotNull(Frames.decode(codec, valid[0]), path + ": " + codec.lastRejection());
    }

    /** The key the codec signs with: the run's, derived from the secret. */
    private static byte[] keyBytes() {
        return FrameAuthTest.KEY.forRun(Frames.RUN_ID).bytes();
    }

    private static DataFrame sample(final Random rng, final FrameType type, final int i) {
        switch (type) {
            case TRANSITION_BATCH:
                return Frames.batch(rng, i % 4, 4);
            case SAMPLE_REPLY:
                return Frames.reply(rng, i % 4, 4);
            case WEIGHT_FRAME:
                return Frames.weights(rng, i * 9, 64);
            default:
                return new SampleRequest(rng.nextLong(), rng.nextInt(300));
        }
    }

    /** Random bytes; half of them behind a well-formed header (signed when keyed) so they reach the body parser. */
    private static int garbage(final SplittableRandom rng, final byte[] work, final FrameType type, final boolean keyed,
        final FrameMac mac) {
        final int length = rng.nextInt(600);
        for (int i = 0; i < length; i++) {
            work[i] = (byte) rng.nextInt(256);
        }
        if (length >= FrameHeader.LENGTH + FrameHeader.MAC_LENGTH && rng.nextBoolean()) {
            FrameHeader.write(new UnsafeBuffer(work), 0, type, Frames.RUN_ID, 0);
            return fixUp(work, length, keyed, mac);
        }
        return length;
    }

    private static int mutate(final SplittableRandom rng, final byte[] work, final int length, final FrameType type) {
        final int mutations = 1 + rng.nextInt(3);
        int len = length;
        for (int m = 0; m < mutations; m++) {
            switch (rng.nextInt(8)) {
                case 0: { // bit flips, half in the header and scalars
                    final int flips = 1 + rng.nextInt(8);
                    for (int f = 0; f < flips && len > 0; f++) {
                        final int at = rng.nextBoolean() ? rng.nextInt(Math.min(len, 72)) : rng.nextInt(len);
                        work[at] ^= (byte) (1 << rng.nextInt(8));
                    }
                    break;
                }
                case 1: // an interesting int over an aligned header or scalar field
                    if (len >= 8) {
                        putInt(work, 4 * rng.nextInt(Math.min(len, 72) / 4), INTERESTING[rng.nextInt(INTERESTING.length)]);
                    }
                    break;
                case 2: // a bad float somewhere after the header
                    if (len >= FrameHeader.LENGTH + 4) {
                        final int at = FrameHeader.LENGTH + 4 * rng.nextInt((len - FrameHeader.LENGTH) / 4);
                        putInt(work, at, Float.floatToRawIntBits(BAD_FLOATS[rng.nextInt(BAD_FLOATS.length)]));
                    }
                    break;
                case 3: // truncated
                    len = rng.nextInt(len + 1);
                    break;
                case 4: { // extended with garbage
                    final int extra = 1 + rng.nextInt(32);
                    for (int i = 0; i < extra && len < MAX_FRAME; i++) {
                        work[len++] = (byte) rng.nextInt(256);
                    }
                    break;
                }
                case 5: // a range of garbage spliced in
                    if (len > 0) {
                        final int from = rng.nextInt(len);
                        final int to = Math.min(len, from + 1 + rng.nextInt(16));
                        for (int i = from; i < to; i++) {
                            work[i] = (byte) rng.nextInt(256);
                        }
                    }
                    break;
                case 6: // relabelled as another (valid) frame type
                    if (len >= FrameHeader.LENGTH) {
                        putShort(work, FrameHeader.TYPE_OFFSET, WireRegistry.TRANSITION_BATCH_ID + rng.nextInt(4));
                    }
                    break;
                default: // flags word
                    if (len >= FrameHeader.LENGTH) {
                        putInt(work, FrameHeader.RESERVED_OFFSET, rng.nextInt(4));
                    }
                    break;
            }
        }
        return len;
    }

    /**
     * What a peer with the key would send: the body length made to match and, keyed, the flag set and the MAC
     * recomputed over the (mutated) header and body; unkeyed, the flags cleared. Returns the frame's length.
     */
    private static int fixUp(final byte[] work, final int length, final boolean keyed, final FrameMac mac) {
        final int trailer = keyed ? FrameHeader.MAC_LENGTH : 0;
        if (length < FrameHeader.LENGTH + trailer) {
            return length;
        }
        putInt(work, FrameHeader.BODY_LENGTH_OFFSET, length - FrameHeader.LENGTH - trailer);
        putInt(work, FrameHeader.RESERVED_OFFSET, keyed ? FrameHeader.FLAG_AUTHENTICATED : 0);
        if (keyed) {
            mac.sign(work, 0, length - trailer, work, length - trailer);
        }
        return length;
    }

    private static void putInt(final byte[] work, final int at, final int value) {
        new UnsafeBuffer(work).putInt(at, value, ByteOrder.LITTLE_ENDIAN);
    }

    private static void putShort(final byte[] work, final int at, final int value) {
        new UnsafeBuffer(work).putShort(at, (short) value, ByteOrder.LITTLE_ENDIAN);
    }
}
