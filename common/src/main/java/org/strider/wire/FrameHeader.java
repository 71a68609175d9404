package org.strider.wire;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The fixed 24-byte header in front of every data frame, little-endian, read and written in place (a flyweight
 * without state: every accessor takes the buffer and the frame's offset).
 *
 * <pre>
 *   0  int   magic             0x53545244 ("STRD")
 *   4  short protocol version  1
 *   6  short frame type        {@link FrameType#id()}
 *   8  long  run id            frames of another run are rejected
 *  16  int   body length       bytes of the body (a MAC trailer not counted)
 *  20  int   flags             bit 0 {@link #FLAG_AUTHENTICATED}; any other bit set: rejected as malformed
 *  24  body (Kryo), 8-aligned when the frame is
 *  24 + body length: {@link #MAC_LENGTH}-byte MAC, only in an authenticated frame
 * </pre>
 *
 * <p>The flags word was "reserved, 0" before frames were authenticated: an unauthenticated frame is byte for byte
 * what it was and the protocol version stays 1. An authenticated frame sets {@link #FLAG_AUTHENTICATED} and ends with
 * HMAC-SHA256(run key, header + body) truncated to 16 bytes; the MAC covers the flags, run id, type and length, so
 * none of them can be changed, nor the MAC stripped, without the key.
 */
public final class FrameHeader {
    public static final int MAGIC = 0x53545244;
    public static final short PROTOCOL_VERSION = 1;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int TYPE_OFFSET = 6;
    public static final int RUN_ID_OFFSET = 8;
    public static final int BODY_LENGTH_OFFSET = 16;
    /** The flags word (once "reserved"). */
    public static final int RESERVED_OFFSET = 20;
    /** Flag: a {@link #MAC_LENGTH}-byte MAC follows the body. */
    public static final int FLAG_AUTHENTICATED = 1;
    /** Bytes of the MAC trailer of an authenticated frame. */
    public static final int MAC_LENGTH = FrameMac.TAG_BYTES;
    /** Header bytes; the body starts here. */
    public static final int LENGTH = 24;

    private FrameHeader() {
    }

    public static int magic(final DirectBuffer buffer, final int offset) {
        return buffer.getInt(offset + MAGIC_OFFSET, LITTLE_ENDIAN);
    }

    public static int version(final DirectBuffer buffer, final int offset) {
        return buffer.getShort(offset + VERSION_OFFSET, LITTLE_ENDIAN);
    }

    public static int frameType(final DirectBuffer buffer, final int offset) {
        return buffer.getShort(offset + TYPE_OFFSET, LITTLE_ENDIAN);
    }

    public static long runId(final DirectBuffer buffer, final int offset) {
        return buffer.getLong(offset + RUN_ID_OFFSET, LITTLE_ENDIAN);
    }

    public static int bodyLength(final DirectBuffer buffer, final int offset) {
        return buffer.getInt(offset + BODY_LENGTH_OFFSET, LITTLE_ENDIAN);
    }

    /** The flags word (see {@link #FLAG_AUTHENTICATED}). */
    public static int reserved(final DirectBuffer buffer, final int offset) {
        return buffer.getInt(offset + RESERVED_OFFSET, LITTLE_ENDIAN);
    }

    /** Writes a version-1 header for a body of {@code bodyLength} bytes, no flags (an unauthenticated frame). */
    public static void write(final MutableDirectBuffer buffer, final int offset, final FrameType type,
        final long runId, final int bodyLength) {
        write(buffer, offset, type, runId, bodyLength, 0);
    }

    /** Writes a version-1 header with these flags (e.g. {@link #FLAG_AUTHENTICATED}). */
    public static void write(final MutableDirectBuffer buffer, final int offset, final FrameType type,
        final long runId, final int bodyLength, final int flags) {
        buffer.putInt(offset + MAGIC_OFFSET, MAGIC, LITTLE_ENDIAN);
        buffer.putShort(offset + VERSION_OFFSET, PROTOCOL_VERSION, LITTLE_ENDIAN);
        buffer.putShort(offset + TYPE_OFFSET, (short) type.id(), LITTLE_ENDIAN);
        buffer.putLong(offset + RUN_ID_OFFSET, runId, LITTLE_ENDIAN);
        buffer.putInt(offset + BODY_LENGTH_OFFSET, bodyLength, LITTLE_ENDIAN);
        buffer.putInt(offset + RESERVED_OFFSET, flags, LITTLE_ENDIAN);
    }
}
