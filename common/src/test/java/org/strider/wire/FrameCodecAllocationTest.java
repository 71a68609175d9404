package org.strider.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.strider.testing.AllocationMeter;

/** Steady-state encode and decode allocate nothing per frame but the decoded record. */
class FrameCodecAllocationTest {
    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 2_000;
    /** The decoded record (~64 B) plus slack. */
    private static final long DECODE_BYTES_PER_FRAME = 200;
    /** Encode allocates nothing; slack for the measurement. */
    private static final long ENCODE_BYTES_PER_FRAME = 1;
    /** With a run key: the record (64 B with compressed oops) and nothing for the MAC. */
    private static final long SIGNED_DECODE_BYTES_PER_FRAME = 64;

    private final FrameCodec codec = new FrameCodec(Frames.RUN_ID, WireLimits.DEFAULT);
    private final FrameCodec signed = new FrameCodec(Frames.RUN_ID, WireLimits.DEFAULT, FrameAuthTest.KEY);
    private final TransitionBatch batch = Frames.batch(new Random(21), 64, 64);
    private final int length = codec.maxEncodedLength(batch);
    private final int signedLength = signed.maxEncodedLength(batch);

    @Test
    void shouldAllocateOnlyTheRecordWhenDecodingFromHeapBuffer() {
        assertDecodeAllocation(Frames.heap(length));
    }

    @Test
    void shouldAllocateOnlyTheRecordWhenDecodingFromDirectBuffer() {
        assertDecodeAllocation(Frames.direct(length));
    }

    @Test
    void shouldAllocateAtMostTheRecordWhenDecodingSignedFrames() {
        for (final UnsafeBuffer buffer : new UnsafeBuffer[] {Frames.heap(signedLength), Frames.direct(signedLength)}) {
            assertEquals(signedLength, signed.encode(batch, buffer, 0));
            final long[] rows = {0};
            final Runnable decode = () -> {
                for (int i = 0; i < MEASURED; i++) {
                    rows[0] += ((TransitionBatch) signed.decode(buffer, 0, signedLength)).count();
                }
            };
            for (int i = 0; i < WARM_UP / MEASURED; i++) {
                decode.run();
            }
            final long perFrame = AllocationMeter.minAllocatedBytes(decode, 5) / MEASURED;
            assertTrue(perFrame <= SIGNED_DECODE_BYTES_PER_FRAME, perFrame + " bytes per signed decode");
            assertEquals(0, signed.rejects().total(), signed.lastRejection());
        }
    }

    @Test
    void shouldAllocateNothingWhenEncoding() {
        for (final FrameCodec encoder : new FrameCodec[] {codec, signed}) {
            for (final UnsafeBuffer buffer : new UnsafeBuffer[] {Frames.heap(signedLength), Frames.direct(signedLength)}) {
                assertEncodeAllocation(encoder, buffer);
            }
        }
    }

    private void assertEncodeAllocation(final FrameCodec encoder, final UnsafeBuffer buffer) {
        final Runnable encode = () -> {
            for (int i = 0; i < MEASURED; i++) {
                encoder.encode(batch, buffer, 0);
            }
        };
        for (int i = 0; i < WARM_UP / MEASURED; i++) {
            encode.run();
        }
        final long perFrame = AllocationMeter.minAllocatedBytes(encode, 5) / MEASURED;
        assertTrue(perFrame < ENCODE_BYTES_PER_FRAME, perFrame + " bytes per encode, signed " + encoder.authenticated());
    }

    private void assertDecodeAllocation(final UnsafeBuffer buffer) {
        assertEquals(length, codec.encode(batch, buffer, 0));
        final long[] rows = {0};
        final Runnable decode = () -> {
            for (int i = 0; i < MEASURED; i++) {
                rows[0] += ((TransitionBatch) codec.decode(buffer, 0, length)).count();
            }
        };
        for (int i = 0; i < WARM_UP / MEASURED; i++) {
            decode.run();
        }
        final long perFrame = AllocationMeter.minAllocatedBytes(decode, 5) / MEASURED;
        assertTrue(perFrame < DECODE_BYTES_PER_FRAME, perFrame + " bytes per decode");
        assertEquals(0, codec.rejects().total(), codec.lastRejection());
        assertEquals(64L * (WARM_UP + 5 * MEASURED), rows[0]);
    }
}
