package org.strider.wire;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.unsafe.UnsafeInput;
import com.esotericsoftware.kryo.unsafe.UnsafeOutput;
import java.util.Objects;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Writes and reads data frames: a {@link FrameHeader} then the message's Kryo body. One per thread (it owns a Kryo,
 * its Input/Output and scratch arrays); not thread-safe.
 *
 * <p><b>Decoded arrays are borrowed.</b> The arrays of a decoded {@link TransitionBatch}, {@link SampleReply} or
 * {@link WeightFrame} are this codec's scratch arrays (grown on demand up to the limits, never shrunk): valid until
 * the next {@link #decode} on this codec, and possibly longer than the record's rows. Copy what you keep.
 *
 * <p><b>Authentication.</b> A codec made with a {@link RunKey} signs every frame it encodes (flag
 * {@link FrameHeader#FLAG_AUTHENTICATED}, a {@link FrameHeader#MAC_LENGTH}-byte HMAC-SHA256 trailer over header and
 * body) and accepts only frames whose MAC verifies under that key: the MAC key is the run's own,
 * {@link RunKey#forRun derived} from the secret and the run id, so one secret serves a sweep of runs. A frame without one is
 * {@link RejectReason#UNAUTHENTICATED}, a wrong one {@link RejectReason#BAD_MAC}. A codec without a key writes
 * unauthenticated frames (byte for byte the frames of before) and rejects signed ones as
 * {@link RejectReason#UNEXPECTED_MAC}: a node must never take frames it cannot check, and the count makes a key
 * configured on some nodes only visible at once. The header's magic, version, type and run id are checked before the
 * MAC (so frames of another run still count as {@link RejectReason#WRONG_RUN}); the body is parsed only after it.
 *
 * <p>{@link #decode} never throws: a frame that is short, foreign, oversized, malformed or carries NaN is dropped,
 * counted per {@link RejectReason} and described in {@link #lastRejection()}. Sizes are checked against the limits
 * and against the bytes present before anything is allocated. {@link #encode} throws
 * {@link IllegalArgumentException} for a frame that breaks the limits or does not fit: that is the sender's bug.
 *
 * <p>Steady state allocates nothing per frame but the decoded record itself, with or without a key. Array-backed
 * buffers (e.g. Agrona's {@code UnsafeBuffer(byte[])}, {@code ExpandableArrayBuffer}) are written, signed and read in
 * place; direct buffers go through one copy into a scratch array.
 */
public final class FrameCodec {
    private static final byte[] NO_BYTES = new byte[0];

    private final long runId;
    private final WireLimits limits;
    private final RejectCounters rejects;
    private final Kryo kryo;
    private final UnsafeOutput output = new UnsafeOutput(NO_BYTES);
    private final UnsafeInput input = new UnsafeInput(NO_BYTES);
    /** Null without a run key. */
    private final FrameMac mac;
    private final int macLength;
    private final int flags;
    /** Writes headers into whichever array a frame is built in. */
    private final UnsafeBuffer view = new UnsafeBuffer(NO_BYTES);
    private byte[] scratch = NO_BYTES;

    /** A codec without a run key: unauthenticated frames. */
    public FrameCodec(final long runId, final WireLimits limits) {
        this(runId, limits, new RejectCounters(), null);
    }

    /** A codec without a run key that counts its rejections in {@code rejects} (which other codecs may share). */
    public FrameCodec(final long runId, final WireLimits limits, final RejectCounters rejects) {
        this(runId, limits, rejects, null);
    }

    /** A codec that signs and checks frames with {@code key}, or without a key when it is null. */
    public FrameCodec(final long runId, final WireLimits limits, final RunKey key) {
        this(runId, limits, new RejectCounters(), key);
    }

    /**
     * @param rejects where rejections are counted (other codecs may share it)
     * @param key     the run's key: frames are signed and must verify; null for unauthenticated frames
     */
    public FrameCodec(final long runId, final WireLimits limits, final RejectCounters rejects, final RunKey key) {
        this.runId = runId;
        this.limits = Objects.requireNonNull(limits, "limits");
        this.rejects = Objects.requireNonNull(rejects, "rejects");
        this.kryo = WireRegistry.newKryo(limits);
        this.mac = key == null ? null : new FrameMac(key.forRun(runId).bytes());
        this.macLength = key == null ? 0 : FrameHeader.MAC_LENGTH;
        this.flags = key == null ? 0 : FrameHeader.FLAG_AUTHENTICATED;
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

    /** Whether this codec holds a run key (signs its frames, accepts only frames that verify). */
    public boolean authenticated() {
        return mac != null;
    }

    /** The last rejection, naming reason, type and field (e.g. "NON_FINITE: TransitionBatch.rewards[3] is NaN"). */
    public String lastRejection() {
        return rejects.lastRejection();
    }

    // ---------------------------------------------------------------- sizes
    // The static sizes are for sizing buffers: header + body + room for a MAC trailer, so a buffer sized by them takes
    // the frame whether or not the codec holds a key. An unauthenticated frame is FrameHeader.MAC_LENGTH shorter.

    /** Buffer bytes for a transition batch of these sizes (header + body + MAC); for sizing publication buffers. */
    public static long transitionBatchLength(final int count, final int obsDim, final int actionDim) {
        return FrameHeader.LENGTH + TransitionBatchSerializer.SCALAR_BYTES
            + TransitionRows.bytes(count, obsDim, actionDim) + FrameHeader.MAC_LENGTH;
    }

    /** Buffer bytes for a sample reply of these sizes (header + body + MAC). */
    public static long sampleReplyLength(final int count, final int obsDim, final int actionDim) {
        return FrameHeader.LENGTH + SampleReplySerializer.SCALAR_BYTES + TransitionRows.bytes(count, obsDim, actionDim)
            + FrameHeader.MAC_LENGTH;
    }

    /** Buffer bytes for a weight frame of {@code length} parameters (header + body + MAC). */
    public static long weightFrameLength(final int length) {
        return FrameHeader.LENGTH + WeightFrameSerializer.SCALAR_BYTES + (long) length * Float.BYTES
            + FrameHeader.MAC_LENGTH;
    }

    /** Buffer bytes for a sample request (header + body + MAC). */
    public static int sampleRequestLength() {
        return FrameHeader.LENGTH + SampleRequestSerializer.BODY_BYTES + FrameHeader.MAC_LENGTH;
    }

    /**
     * Bytes {@link #encode} writes for {@code frame}, its MAC included when this codec holds a key (exact: protocol
     * 1 bodies have fixed-width fields). Throws {@link IllegalArgumentException} where the frame breaks this codec's
     * limits.
     */
    public int maxEncodedLength(final DataFrame frame) {
        return FrameHeader.LENGTH + checkedBodyLength(frame) + macLength;
    }

    // ---------------------------------------------------------------- encode

    /**
     * Writes {@code frame} at {@code offset} of {@code dst}, signed when this codec holds a key.
     *
     * @return bytes written (header + body + MAC when signed)
     * @throws IllegalArgumentException if the frame breaks the limits or does not fit {@code dst}
     */
    public int encode(final DataFrame frame, final MutableDirectBuffer dst, final int offset) {
        final int bodyLength = checkedBodyLength(frame);
        final int signedLength = FrameHeader.LENGTH + bodyLength;
        final int frameLength = signedLength + macLength;
        if (offset < 0 || (long) offset + frameLength > dst.capacity()) {
            throw new IllegalArgumentException(frame.frameType() + " frame of " + frameLength + " bytes at offset "
                + offset + " does not fit a buffer of " + dst.capacity());
        }
        // The frame is built in one array (dst's own, or scratch for a direct dst), where the MAC can read it.
        final byte[] dstArray = dst.byteArray();
        final byte[] array;
        final int base;
        if (dstArray != null) {
            array = dstArray;
            base = dst.wrapAdjustment() + offset;
        } else {
            if (scratch.length < frameLength) {
                scratch = new byte[frameLength];
            }
            array = scratch;
            base = 0;
        }
        view.wrap(array);
        FrameHeader.write(view, base, frame.frameType(), runId, bodyLength, flags);
        view.wrap(NO_BYTES);
        output.setBuffer(array, array.length);
        output.setPosition(base + FrameHeader.LENGTH);
        kryo.writeObject(output, frame);
        final int written = output.position() - base - FrameHeader.LENGTH;
        output.setBuffer(NO_BYTES, 0);
        if (written != bodyLength) {
            throw new IllegalStateException(frame.frameType() + " body is " + written + " bytes, expected " + bodyLength);
        }
        if (mac != null) {
            mac.sign(array, base, signedLength, array, base + signedLength);
        }
        if (dstArray == null) {
            dst.putBytes(offset, scratch, 0, frameLength);
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
            final int frameFlags = FrameHeader.reserved(src, offset);
            if ((frameFlags & ~FrameHeader.FLAG_AUTHENTICATED) != 0) {
                return reject(RejectReason.MALFORMED, type + " undefined header flags 0x"
                    + Integer.toHexString(frameFlags));
            }
            final boolean signed = frameFlags != 0;
            if (signed != (mac != null)) {
                return signed
                    ? reject(RejectReason.UNEXPECTED_MAC, type + " carries a MAC; this node has no run key")
                    : reject(RejectReason.UNAUTHENTICATED, type + " carries no MAC; this node requires the run key's");
            }
            final int bodyLength = FrameHeader.bodyLength(src, offset);
            if (bodyLength < 0 || (long) FrameHeader.LENGTH + bodyLength + macLength != length) {
                return reject(RejectReason.LENGTH_MISMATCH, type + " header says " + bodyLength + " body bytes"
                    + (signed ? " and a MAC" : "") + ", frame has " + (length - FrameHeader.LENGTH)
                    + " after the header");
            }
            if (bodyLength > limits.maxBodyBytes()) {
                return reject(RejectReason.OVERSIZED,
                    type + " body " + bodyLength + " bytes over the limit " + limits.maxBodyBytes());
            }
            return readBody(type, src, offset, bodyLength, length);
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

    /** Checks the MAC (when this codec holds a key), then parses the body; the header checks have passed. */
    private DataFrame readBody(final FrameType type, final DirectBuffer src, final int offset, final int bodyLength,
        final int length) {
        final byte[] srcArray = src.byteArray();
        final byte[] array;
        final int base;
        if (srcArray != null) {
            array = srcArray;
            base = src.wrapAdjustment() + offset;
        } else {
            if (scratch.length < length) {
                scratch = new byte[length];
            }
            src.getBytes(offset, scratch, 0, length);
            array = scratch;
            base = 0;
        }
        final int signedLength = FrameHeader.LENGTH + bodyLength;
        if (mac != null && !mac.verify(array, base, signedLength, base + signedLength)) {
            return reject(RejectReason.BAD_MAC, type + " MAC does not verify under this run's key (another key, or "
                + "bytes changed on the way)");
        }
        input.setBuffer(array, base + FrameHeader.LENGTH, bodyLength);
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
