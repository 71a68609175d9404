package org.strider.wire;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.unsafe.UnsafeInput;
import com.esotericsoftware.kryo.unsafe.UnsafeOutput;
import java.util.Objects;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Writes and reads data frames: a {@link FrameHeader} then the message's Kryo body. One per thread (it owns a Kryo,
 * its Input/Output and scratch arrays); not thread-safe.
 *
 * <p><b>Decoded arrays are borrowed.</b> The arrays of a decoded {@link TransitionBatch}, {@link SampleReply} or
 * {@link WeightFrame} are this codec's scratch arrays (grown on demand up to the limits, never shrunk): valid until
 * the next {@link #decode} on this codec, and possibly longer than the record's rows. Copy what you keep.
 *
 * <p>{@link #decode} never throws: a frame that is short, foreign, oversized, malformed or carries NaN is dropped,
 * counted per {@link RejectReason} and described in {@link #lastRejection()}. Sizes are checked against the limits
 * and against the bytes present before anything is allocated. {@link #encode} throws
 * {@link IllegalArgumentException} for a frame that breaks the limits or does not fit: that is the sender's bug.
 *
 * <p>Steady state allocates nothing per frame but the decoded record itself. Array-backed buffers (e.g. Agrona's
 * {@code UnsafeBuffer(byte[])}, {@code ExpandableArrayBuffer}) are written and read in place; direct buffers go
 * through one copy into a scratch array.
 */
public final class FrameCodec {
    private static final byte[] NO_BYTES = new byte[0];

    private final long runId;
    private final WireLimits limits;
    private final RejectCounters rejects;
    private final Kryo kryo;
    private final UnsafeOutput output = new UnsafeOutput(NO_BYTES);
    private final UnsafeInput input = new UnsafeInput(NO_BYTES);
    private byte[] scratch = NO_BYTES;

    public FrameCodec(final long runId, final WireLimits limits) {
        this(runId, limits, new RejectCounters());
    }

    /** A codec that counts its rejections in {@code rejects} (which other codecs may share). */
    public FrameCodec(final long runId, final WireLimits limits, final RejectCounters rejects) {
        this.runId = runId;
        this.limits = Objects.requireNonNull(limits, "limits");
        this.rejects = Objects.requireNonNull(rejects, "rejects");
        this.kryo = WireRegistry.newKryo(limits);
    }

    public long runId() {
        return runId;
    }

    public WireLimits limits() {
        return limits;
    }

    public RejectCounters rejects() {
        return rejects;
    }

    /** The last rejection, naming reason, type and field (e.g. "NON_FINITE: TransitionBatch.rewards[3] is NaN"). */
    public String lastRejection() {
        return rejects.lastRejection();
    }

    // ---------------------------------------------------------------- sizes

    /** Frame bytes (header + body) of a transition batch of these sizes; for sizing publication buffers. */
    public static long transitionBatchLength(final int count, final int obsDim, final int actionDim) {
        return FrameHeader.LENGTH + TransitionBatchSerializer.SCALAR_BYTES
            + TransitionRows.bytes(count, obsDim, actionDim);
    }

    /** Frame bytes (header + body) of a sample reply of these sizes. */
    public static long sampleReplyLength(final int count, final int obsDim, final int actionDim) {
        return FrameHeader.LENGTH + SampleReplySerializer.SCALAR_BYTES + TransitionRows.bytes(count, obsDim, actionDim);
    }

    /** Frame bytes (header + body) of a weight frame of {@code length} parameters. */
    public static long weightFrameLength(final int length) {
        return FrameHeader.LENGTH + WeightFrameSerializer.SCALAR_BYTES + (long) length * Float.BYTES;
    }

    /** Frame bytes (header + body) of a sample request. */
    public static int sampleRequestLength() {
        return FrameHeader.LENGTH + SampleRequestSerializer.BODY_BYTES;
    }

    /**
     * Bytes {@link #encode} writes for {@code frame} (exact: protocol 1 bodies have fixed-width fields). Throws
     * {@link IllegalArgumentException} where the frame breaks this codec's limits.
     */
    public int maxEncodedLength(final DataFrame frame) {
        return FrameHeader.LENGTH + checkedBodyLength(frame);
    }

    // ---------------------------------------------------------------- encode

    /**
     * Writes {@code frame} at {@code offset} of {@code dst}.
     *
     * @return bytes written (header + body)
     * @throws IllegalArgumentException if the frame breaks the limits or does not fit {@code dst}
     */
    public int encode(final DataFrame frame, final MutableDirectBuffer dst, final int offset) {
        final int bodyLength = checkedBodyLength(frame);
        final int frameLength = FrameHeader.LENGTH + bodyLength;
        if (offset < 0 || (long) offset + frameLength > dst.capacity()) {
            throw new IllegalArgumentException(frame.frameType() + " frame of " + frameLength + " bytes at offset "
                + offset + " does not fit a buffer of " + dst.capacity());
        }
        FrameHeader.write(dst, offset, frame.frameType(), runId, bodyLength);
        final byte[] array = dst.byteArray();
        final int written;
        if (array != null) {
            final int start = dst.wrapAdjustment() + offset + FrameHeader.LENGTH;
            output.setBuffer(array, array.length);
            output.setPosition(start);
            kryo.writeObject(output, frame);
            written = output.position() - start;
        } else {
            if (scratch.length < bodyLength) {
                scratch = new byte[bodyLength];
            }
            output.setBuffer(scratch, scratch.length);
            kryo.writeObject(output, frame);
            written = output.position();
            dst.putBytes(offset + FrameHeader.LENGTH, scratch, 0, written);
        }
        output.setBuffer(NO_BYTES, 0);
        if (written != bodyLength) {
            throw new IllegalStateException(frame.frameType() + " body is " + written + " bytes, expected " + bodyLength);
        }
        return frameLength;
    }

    private int checkedBodyLength(final DataFrame frame) {
        final long body;
        switch (frame.frameType()) {
            case TRANSITION_BATCH: {
                final TransitionBatch batch = (TransitionBatch) frame;
                checkRows("TransitionBatch", batch.count(), batch.obsDim(), batch.actionDim());
                body = TransitionBatchSerializer.bodyLength(batch);
                break;
            }
            case SAMPLE_REPLY: {
                final SampleReply reply = (SampleReply) frame;
                checkRows("SampleReply", reply.count(), reply.obsDim(), reply.actionDim());
                body = SampleReplySerializer.bodyLength(reply);
                break;
            }
            case WEIGHT_FRAME: {
                final WeightFrame weights = (WeightFrame) frame;
                checkLimit("WeightFrame", ".length", weights.length(), limits.maxParams());
                body = WeightFrameSerializer.bodyLength(weights);
                break;
            }
            case SAMPLE_REQUEST: {
                checkLimit("SampleRequest", ".count", ((SampleRequest) frame).count(), limits.maxCount());
                body = SampleRequestSerializer.BODY_BYTES;
                break;
            }
            default:
                throw new IllegalArgumentException("no body length for " + frame.frameType());
        }
        checkLimit(frame.frameType().messageClass().getSimpleName(), " body bytes", body, limits.maxBodyBytes());
        return (int) body;
    }

    private void checkRows(final String type, final int count, final int obsDim, final int actionDim) {
        checkLimit(type, ".count", count, limits.maxCount());
        checkLimit(type, ".obsDim", obsDim, limits.maxDim());
        checkLimit(type, ".actionDim", actionDim, limits.maxDim());
    }

    /** Builds the message only on failure: encoding allocates nothing. */
    private static void checkLimit(final String type, final String what, final long value, final long max) {
        if (value > max) {
            throw new IllegalArgumentException(type + what + " " + value + " is over the limit " + max);
        }
    }

    // ---------------------------------------------------------------- decode

    /**
     * The frame type id in a frame's header, for routing without decoding; -1 when the bytes are shorter than a
     * header or do not start with the magic. Checks nothing else.
     */
    public static int frameType(final DirectBuffer src, final int offset, final int length) {
        if (length < FrameHeader.LENGTH || offset < 0 || (long) offset + FrameHeader.LENGTH > src.capacity()
            || FrameHeader.magic(src, offset) != FrameHeader.MAGIC) {
            return -1;
        }
        return FrameHeader.frameType(src, offset);
    }

    /**
     * Reads the frame in {@code src[offset, offset + length)}.
     *
     * @return the message (its arrays borrowed from this codec until the next decode), or null when the frame was
     *     rejected (counted in {@link #rejects()}); never throws
     */
    public DataFrame decode(final DirectBuffer src, final int offset, final int length) {
        FrameType type = null;
        try {
            if (length < FrameHeader.LENGTH) {
                return reject(RejectReason.TOO_SHORT, length + " bytes, header needs " + FrameHeader.LENGTH);
            }
            if (offset < 0 || (long) offset + length > src.capacity()) {
                return reject(RejectReason.LENGTH_MISMATCH,
                    "offset " + offset + " + length " + length + " beyond a buffer of " + src.capacity());
            }
            final int magic = FrameHeader.magic(src, offset);
            if (magic != FrameHeader.MAGIC) {
                return reject(RejectReason.BAD_MAGIC, "magic 0x" + Integer.toHexString(magic));
            }
            final int version = FrameHeader.version(src, offset);
            if (version != FrameHeader.PROTOCOL_VERSION) {
                return reject(RejectReason.BAD_VERSION, "protocol version " + version);
            }
            final int typeId = FrameHeader.frameType(src, offset);
            type = FrameType.fromId(typeId);
            if (type == null) {
                return reject(RejectReason.UNKNOWN_TYPE, "frame type " + typeId);
            }
            final long frameRunId = FrameHeader.runId(src, offset);
            if (frameRunId != runId) {
                return reject(RejectReason.WRONG_RUN, type + " from run " + frameRunId + ", this run is " + runId);
            }
            final int bodyLength = FrameHeader.bodyLength(src, offset);
            if (bodyLength != length - FrameHeader.LENGTH) {
                return reject(RejectReason.LENGTH_MISMATCH,
                    type + " header says " + bodyLength + " body bytes, frame has " + (length - FrameHeader.LENGTH));
            }
            if (bodyLength > limits.maxBodyBytes()) {
                return reject(RejectReason.OVERSIZED,
                    type + " body " + bodyLength + " bytes over the limit " + limits.maxBodyBytes());
            }
            final int reserved = FrameHeader.reserved(src, offset);
            if (reserved != 0) {
                return reject(RejectReason.MALFORMED, type + " reserved header bits 0x" + Integer.toHexString(reserved));
            }
            return readBody(type, src, offset + FrameHeader.LENGTH, bodyLength);
        } catch (final FrameRejectedException e) {
            return reject(e.reason(), e.getMessage());
        } catch (final RuntimeException e) {
            return reject(RejectReason.MALFORMED, type + " body: " + e);
        } catch (final OutOfMemoryError | StackOverflowError e) {
            return reject(RejectReason.OVERSIZED, type + " body: " + e);
        } finally {
            input.setBuffer(NO_BYTES, 0, 0);
        }
    }

    private DataFrame readBody(final FrameType type, final DirectBuffer src, final int bodyOffset,
        final int bodyLength) {
        final byte[] array = src.byteArray();
        if (array != null) {
            input.setBuffer(array, src.wrapAdjustment() + bodyOffset, bodyLength);
        } else {
            if (scratch.length < bodyLength) {
                scratch = new byte[bodyLength];
            }
            src.getBytes(bodyOffset, scratch, 0, bodyLength);
            input.setBuffer(scratch, 0, bodyLength);
        }
        final DataFrame frame = kryo.readObject(input, type.messageClass());
        final int trailing = input.limit() - input.position();
        if (trailing != 0) {
            return reject(RejectReason.MALFORMED, type + " has " + trailing + " trailing body bytes");
        }
        return frame;
    }

    private DataFrame reject(final RejectReason reason, final String message) {
        rejects.record(reason, message);
        return null;
    }
}
