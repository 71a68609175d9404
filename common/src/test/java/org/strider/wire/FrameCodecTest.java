package org.strider.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.Random;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class FrameCodecTest {
    private final FrameCodec codec = new FrameCodec(Frames.RUN_ID, WireLimits.DEFAULT);

    @Test
    void shouldRoundTripTransitionBatchBitwiseWhenArraysAreLongerThanCount() {
        final Random rng = new Random(1);
        final TransitionBatch batch = Frames.batch(rng, 64, 100);
        for (final MutableDirectBuffer buffer : new MutableDirectBuffer[] {Frames.heap(40_000), Frames.direct(40_000)}) {
            for (final int offset : new int[] {0, 8, 13}) {
                final int length = codec.encode(batch, buffer, offset);
                assertEquals(FrameCodec.transitionBatchLength(64, 24, 4) - FrameHeader.MAC_LENGTH, length,
                    "an unauthenticated frame: the static size leaves room for a MAC");
                final DataFrame decoded = codec.decode(buffer, offset, length);
                Frames.assertSameBatch(batch, assertInstanceOf(TransitionBatch.class, decoded));
            }
        }
        assertEquals(0, codec.rejects().total());
    }

    @Test
    void shouldRoundTripEmptyBatchWhenCountIsZero() {
        final TransitionBatch empty = new TransitionBatch(3, 9, 2, 0, 24, 4, new float[0], new float[0],
            new float[0], new float[0], new float[0]);
        final byte[] frame = Frames.bytes(codec, empty);
        assertEquals(FrameHeader.LENGTH + 32, frame.length);
        Frames.assertSameBatch(empty, (TransitionBatch) Frames.decode(codec, frame));
    }

    @Test
    void shouldRoundTripSampleReplyAndSampleRequest() {
        final Random rng = new Random(2);
        final SampleReply reply = Frames.reply(rng, 256, 300);
        final UnsafeBuffer buffer = Frames.direct((int) FrameCodec.sampleReplyLength(256, 24, 4));
        final int length = codec.encode(reply, buffer, 0);
        assertEquals(buffer.capacity() - FrameHeader.MAC_LENGTH, length);
        Frames.assertSameReply(reply, assertInstanceOf(SampleReply.class, codec.decode(buffer, 0, length)));

        final SampleRequest request = new SampleRequest(-7L, 256);
        final byte[] frame = Frames.bytes(codec, request);
        assertEquals(FrameCodec.sampleRequestLength() - FrameHeader.MAC_LENGTH, frame.length);
        assertEquals(request, Frames.decode(codec, frame));
    }

    @Test
    void shouldRoundTripWeightFrameOfFourMillionFloats() {
        final Random rng = new Random(3);
        final int length = 4 << 20;
        final WeightFrame weights = Frames.weights(rng, length, length + 5);
        for (final MutableDirectBuffer buffer : new MutableDirectBuffer[] {
            Frames.heap((int) FrameCodec.weightFrameLength(length)), Frames.direct((int) FrameCodec.weightFrameLength(length))}) {
            final int written = codec.encode(weights, buffer, 0);
            assertEquals(16L * 1024 * 1024 + 48, written);
            Frames.assertSameWeights(weights, assertInstanceOf(WeightFrame.class, codec.decode(buffer, 0, written)));
        }
    }

    @Test
    void shouldWriteLittleEndianHeaderWhenEncoding() {
        final byte[] frame = Frames.bytes(codec, new SampleRequest(5, 32));
        assertEquals(0x44, frame[0]); // "STRD" as a little-endian int: D R T S
        assertEquals(0x52, frame[1]);
        assertEquals(0x54, frame[2]);
        assertEquals(0x53, frame[3]);
        final UnsafeBuffer buffer = new UnsafeBuffer(frame);
        assertEquals(1, buffer.getShort(4, ByteOrder.LITTLE_ENDIAN));
        assertEquals(WireRegistry.SAMPLE_REQUEST_ID, buffer.getShort(6, ByteOrder.LITTLE_ENDIAN));
        assertEquals(Frames.RUN_ID, buffer.getLong(8, ByteOrder.LITTLE_ENDIAN));
        assertEquals(12, buffer.getInt(16, ByteOrder.LITTLE_ENDIAN));
        assertEquals(0, buffer.getInt(20, ByteOrder.LITTLE_ENDIAN));
        assertEquals(5L, buffer.getLong(24, ByteOrder.LITTLE_ENDIAN));
        assertEquals(32, buffer.getInt(32, ByteOrder.LITTLE_ENDIAN));
        assertEquals(WireRegistry.SAMPLE_REQUEST_ID, FrameCodec.frameType(buffer, 0, frame.length));
        assertEquals(-1, FrameCodec.frameType(buffer, 0, 10));
    }

    @Test
    void shouldWriteIdenticalBytesToHeapAndDirectBuffers() {
        final TransitionBatch batch = Frames.batch(new Random(4), 17, 17);
        final byte[] viaHeap = Frames.bytes(codec, batch);
        final UnsafeBuffer direct = Frames.direct(viaHeap.length + 3);
        codec.encode(batch, direct, 3);
        final byte[] viaDirect = new byte[viaHeap.length];
        direct.getBytes(3, viaDirect);
        assertTrue(java.util.Arrays.equals(viaHeap, viaDirect));
    }

    @Test
    void shouldReuseScratchArraysWhenDecodingAgain() {
        final Random rng = new Random(5);
        final TransitionBatch first = (TransitionBatch) Frames.decode(codec, Frames.bytes(codec, Frames.batch(rng, 64, 64)));
        final float[] obs = first.obs();
        final TransitionBatch smaller = Frames.batch(rng, 10, 10);
        final TransitionBatch second = (TransitionBatch) Frames.decode(codec, Frames.bytes(codec, smaller));
        assertSame(obs, second.obs(), "scratch arrays are reused (borrowed until the next decode)");
        assertEquals(10, second.count());
        Frames.assertSameBatch(smaller, second);
    }

    @Test
    void shouldThrowWhenEncodingIntoTooSmallBuffer() {
        final TransitionBatch batch = Frames.batch(new Random(6), 8, 8);
        final int length = codec.maxEncodedLength(batch);
        final UnsafeBuffer buffer = Frames.heap(length + 4);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> codec.encode(batch, buffer, 5));
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> codec.encode(batch, buffer, -1));
        assertEquals(length, codec.encode(batch, buffer, 4));
    }

    @Test
    void shouldThrowWhenEncodingOverLimits() {
        final FrameCodec small = new FrameCodec(Frames.RUN_ID, new WireLimits(1 << 16, 32, 16, 1000));
        final UnsafeBuffer buffer = Frames.heap(1 << 20);
        final Random rng = new Random(7);
        final IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
            () -> small.encode(Frames.batch(rng, 33, 33), buffer, 0));
        assertTrue(count.getMessage().contains("TransitionBatch.count"), count.getMessage());
        final IllegalArgumentException dim = assertThrows(IllegalArgumentException.class,
            () -> small.encode(Frames.batch(rng, 4, 4), buffer, 0));
        assertTrue(dim.getMessage().contains("TransitionBatch.obsDim"), dim.getMessage());
        final IllegalArgumentException params = assertThrows(IllegalArgumentException.class,
            () -> small.encode(Frames.weights(rng, 1001, 1001), buffer, 0));
        assertTrue(params.getMessage().contains("WeightFrame.length"), params.getMessage());
        final FrameCodec tinyBody = new FrameCodec(Frames.RUN_ID, new WireLimits(100, 32, 32, 1000));
        final IllegalArgumentException body = assertThrows(IllegalArgumentException.class,
            () -> tinyBody.encode(Frames.weights(rng, 100, 100), buffer, 0));
        assertTrue(body.getMessage().contains("body bytes"), body.getMessage());
    }

    @Test
    void shouldNameTheFieldWhenRecordArgumentsAreInvalid() {
        final float[] none = new float[0];
        final float[] four = new float[4];
        assertMessage("TransitionBatch.count", () -> new TransitionBatch(0, 0, 0, -1, 1, 1, none, none, none, none, none));
        assertMessage("TransitionBatch.obsDim", () -> new TransitionBatch(0, 0, 0, 1, -2, 1, four, four, four, four, four));
        assertMessage("TransitionBatch.rewards", () -> new TransitionBatch(0, 0, 0, 2, 1, 1, four, four, new float[1], four, four));
        assertMessage("TransitionBatch.nextObs", () -> new TransitionBatch(0, 0, 0, 2, 2, 1, four, four, four, new float[3], four));
        assertMessage("TransitionBatch.terminated", () -> new TransitionBatch(0, 0, 0, 2, 1, 1, four, four, four, four, null));
        assertMessage("SampleReply.actions", () -> new SampleReply(0, 0, 2, 1, 3, four, four, four, four, four, 0, 0));
        assertMessage("SampleReply.shardSize", () -> new SampleReply(0, 0, 1, 1, 1, four, four, four, four, four, -1, 0));
        assertMessage("WeightFrame.params", () -> new WeightFrame(0, 0, four, 5));
        assertMessage("WeightFrame.length", () -> new WeightFrame(0, 0, four, -1));
        assertMessage("SampleRequest.count", () -> new SampleRequest(0, -1));
    }

    @Test
    void shouldFitTheLargestFramesOfDefaultLimitsInTheirBody() {
        final WireLimits limits = WireLimits.DEFAULT;
        final int trailer = FrameHeader.LENGTH + FrameHeader.MAC_LENGTH;
        assertTrue(FrameCodec.weightFrameLength(limits.maxParams()) - trailer <= limits.maxBodyBytes());
        assertTrue(FrameCodec.weightFrameLength(4 << 20) - trailer <= limits.maxBodyBytes());
        assertThrows(IllegalArgumentException.class, () -> new WireLimits(0, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new WireLimits(1, 1, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new WireLimits(Integer.MAX_VALUE, 1, 1, 1));
    }

    private static void assertMessage(final String field, final org.junit.jupiter.api.function.Executable construct) {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construct);
        assertTrue(e.getMessage().startsWith(field), e.getMessage());
    }
}
