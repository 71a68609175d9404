package org.strider.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Frames signed with the run key: round trips, and every way a frame can lack or break its MAC. */
class FrameAuthTest {
    /** SHA-256("strider test key K") and SHA-256("strider test key K prime"). */
    static final RunKey KEY = RunKey.fromHex("daae9a74294da388af1e6cda31e6a3f73fd60c034be33d02237e7a28758b4967");
    static final RunKey OTHER_KEY = RunKey.fromHex("24954bb75a452eb08e1a05fb07ab0486dc5448acecf930d42cb5535b55a3773b");

    private final FrameCodec signed = new FrameCodec(Frames.RUN_ID, WireLimits.DEFAULT, KEY);
    private final FrameCodec plain = new FrameCodec(Frames.RUN_ID, WireLimits.DEFAULT);

    static DataFrame sample(final Random rng, final FrameType type) {
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

    @ParameterizedTest
    @EnumSource(FrameType.class)
    void shouldRoundTripEveryFrameTypeWhenSignedInHeapAndDirectBuffers(final FrameType type) {
        final DataFrame frame = sample(new Random(40 + type.ordinal()), type);
        final byte[] unsigned = Frames.bytes(plain, frame);
        final int length = signed.maxEncodedLength(frame);
        assertEquals(unsigned.length + FrameHeader.MAC_LENGTH, length);
        for (final MutableDirectBuffer buffer : new MutableDirectBuffer[] {Frames.heap(length + 16),
            Frames.direct(length + 16)}) {
            for (final int offset : new int[] {0, 5, 16}) {
                assertEquals(length, signed.encode(frame, buffer, offset));
                assertEquals(FrameHeader.FLAG_AUTHENTICATED, FrameHeader.reserved(buffer, offset));
                final byte[] body = new byte[unsigned.length - FrameHeader.LENGTH];
                buffer.getBytes(offset + FrameHeader.LENGTH, body);
                assertArrayEquals(Arrays.copyOfRange(unsigned, FrameHeader.LENGTH, unsigned.length), body,
                    "the body is the unsigned frame's");
                assertSame(type, frame, signed.decode(buffer, offset, length));
            }
        }
        assertEquals(0, signed.rejects().total(), signed.lastRejection());
        assertTrue(signed.authenticated());
    }

    @Test
    void shouldRejectAsBadMacWhenSignedWithAnotherKey() {
        final FrameCodec other = new FrameCodec(Frames.RUN_ID, WireLimits.DEFAULT, OTHER_KEY);
        final Random rng = new Random(41);
        for (final FrameType type : FrameType.values()) {
            assertRejected(signed, RejectReason.BAD_MAC, Frames.bytes(other, sample(rng, type)));
            assertTrue(signed.lastRejection().contains("MAC does not verify"), signed.lastRejection());
        }
        assertEquals(4, signed.rejects().total());
    }

    @Test
    void shouldRejectAndCountUnsignedFramesUnderAKeyAndSignedFramesWithoutOne() {
        final Random rng = new Random(42);
        for (final FrameType type : FrameType.values()) {
            final DataFrame frame = sample(rng, type);
            assertRejected(signed, RejectReason.UNAUTHENTICATED, Frames.bytes(plain, frame));
            assertRejected(plain, RejectReason.UNEXPECTED_MAC, Frames.bytes(signed, frame));
        }
        assertEquals(4, signed.rejects().count(RejectReason.UNAUTHENTICATED));
        assertEquals(4, plain.rejects().count(RejectReason.UNEXPECTED_MAC));
        assertTrue(plain.lastRejection().contains("this node has no run key"), plain.lastRejection());
    }

    @Test
    void shouldRejectAStrippedOrForgedMac() {
        final byte[] frame = Frames.bytes(signed, Frames.batch(new Random(43), 8, 8));
        // MAC cut off and the flag cleared: an unauthenticated frame, which a keyed codec refuses.
        final byte[] stripped = Arrays.copyOf(frame, frame.length - FrameHeader.MAC_LENGTH);
        Frames.putInt(stripped, FrameHeader.RESERVED_OFFSET, 0);
        assertRejected(signed, RejectReason.UNAUTHENTICATED, stripped);
        // MAC cut off, flag kept: the length no longer adds up.
        assertRejected(signed, RejectReason.LENGTH_MISMATCH, Arrays.copyOf(frame, frame.length - FrameHeader.MAC_LENGTH));
        final byte[] zeros = frame.clone();
        Arrays.fill(zeros, frame.length - FrameHeader.MAC_LENGTH, frame.length, (byte) 0);
        assertRejected(signed, RejectReason.BAD_MAC, zeros);
        // A signed batch relabelled as another frame type by someone without the key: the MAC covers the header.
        assertRejected(signed, RejectReason.BAD_MAC,
            with(frame, f -> f[FrameHeader.TYPE_OFFSET] = (byte) WireRegistry.SAMPLE_REPLY_ID));
        assertRejected(signed, RejectReason.MALFORMED, with(frame, f -> f[FrameHeader.RESERVED_OFFSET] = 3));
    }

    @Test
    void shouldRejectAsWrongRunBeforeCheckingTheMac() {
        final Random rng = new Random(44);
        final TransitionBatch batch = Frames.batch(rng, 8, 8);
        final FrameCodec otherRunSameKey = new FrameCodec(Frames.RUN_ID + 1, WireLimits.DEFAULT, KEY);
        final FrameCodec otherRunOtherKey = new FrameCodec(Frames.RUN_ID + 1, WireLimits.DEFAULT, OTHER_KEY);
        final FrameCodec otherRunNoKey = new FrameCodec(Frames.RUN_ID + 1, WireLimits.DEFAULT);
        assertRejected(signed, RejectReason.WRONG_RUN, Frames.bytes(otherRunSameKey, batch));
        assertRejected(signed, RejectReason.WRONG_RUN, Frames.bytes(otherRunOtherKey, batch));
        assertRejected(signed, RejectReason.WRONG_RUN, Frames.bytes(otherRunNoKey, batch));
        assertTrue(signed.lastRejection().contains("from run " + (Frames.RUN_ID + 1)), signed.lastRejection());
        assertEquals(3, signed.rejects().count(RejectReason.WRONG_RUN));
    }

    @Test
    void shouldRejectEveryBitFlipAnywhereInASignedFrame() {
        final byte[] frame = Frames.bytes(signed, Frames.batch(new Random(45), 4, 4));
        final Map<RejectReason, Integer> reasons = new EnumMap<>(RejectReason.class);
        for (int bit = 0; bit < frame.length * 8; bit++) {
            frame[bit / 8] ^= (byte) (1 << (bit % 8));
            final long before = signed.rejects().total();
            assertNull(Frames.decode(signed, frame), "bit " + bit + " flipped, frame accepted");
            assertEquals(before + 1, signed.rejects().total());
            reasons.merge(RejectReason.valueOf(signed.lastRejection().split(":")[0]), 1, Integer::sum);
            frame[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        assertEquals(frame.length * 8L, signed.rejects().total());
        // Header fields fail their own checks; everything else (body, MAC, type ids that exist) fails the MAC.
        assertEquals(32, reasons.get(RejectReason.BAD_MAGIC));
        assertEquals(16, reasons.get(RejectReason.BAD_VERSION));
        assertEquals(64, reasons.get(RejectReason.WRONG_RUN));
        assertEquals(32, reasons.get(RejectReason.LENGTH_MISMATCH));
        assertEquals(1, reasons.get(RejectReason.UNAUTHENTICATED));
        assertEquals(31, reasons.get(RejectReason.MALFORMED));
        assertTrue(reasons.get(RejectReason.BAD_MAC) >= (frame.length - FrameHeader.LENGTH) * 8, reasons.toString());
        assertNotNull(Frames.decode(signed, frame), "the unflipped frame still decodes");
    }

    @Test
    void shouldStillRejectNonFiniteFloatsBehindAValidMac() {
        final TransitionBatch batch = Frames.batch(new Random(46), 4, 4);
        batch.rewards()[2] = Float.NaN;
        assertRejected(signed, RejectReason.NON_FINITE, Frames.bytes(signed, batch));
        assertEquals("NON_FINITE: TransitionBatch.rewards[2] is NaN", signed.lastRejection());
        final WeightFrame weights = Frames.weights(new Random(47), 50, 50);
        weights.params()[49] = Float.POSITIVE_INFINITY;
        assertRejected(signed, RejectReason.NON_FINITE, Frames.bytes(signed, weights));
    }

    @Test
    void shouldWriteIdenticalSignedBytesToHeapAndDirectBuffers() {
        final TransitionBatch batch = Frames.batch(new Random(48), 17, 17);
        final byte[] viaHeap = Frames.bytes(signed, batch);
        final UnsafeBuffer direct = Frames.direct(viaHeap.length + 3);
        signed.encode(batch, direct, 3);
        final byte[] viaDirect = new byte[viaHeap.length];
        direct.getBytes(3, viaDirect);
        assertArrayEquals(viaHeap, viaDirect);
        assertNotNull(signed.decode(direct, 3, viaHeap.length), signed.lastRejection());
    }

    private static void assertSame(final FrameType type, final DataFrame expected, final DataFrame actual) {
        switch (type) {
            case TRANSITION_BATCH:
                Frames.assertSameBatch((TransitionBatch) expected, assertInstanceOf(TransitionBatch.class, actual));
                break;
            case SAMPLE_REPLY:
                Frames.assertSameReply((SampleReply) expected, assertInstanceOf(SampleReply.class, actual));
                break;
            case WEIGHT_FRAME:
                Frames.assertSameWeights((WeightFrame) expected, assertInstanceOf(WeightFrame.class, actual));
                break;
            default:
                assertEquals(expected, actual);
        }
    }

    private static void assertRejected(final FrameCodec codec, final RejectReason reason, final byte[] frame) {
        final long before = codec.rejects().count(reason);
        assertNull(Frames.decode(codec, frame), "expected " + reason);
        assertEquals(before + 1, codec.rejects().count(reason), () -> "expected " + reason + ", got "
            + codec.lastRejection());
    }

    private static byte[] with(final byte[] valid, final java.util.function.Consumer<byte[]> mutation) {
        final byte[] frame = valid.clone();
        mutation.accept(frame);
        return frame;
    }
}
