package org.strider.wire;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.unsafe.UnsafeInput;
import com.esotericsoftware.kryo.unsafe.UnsafeOutput;
import com.esotericsoftware.kryo.unsafe.UnsafeUtil;
import java.nio.ByteOrder;

/**
 * What the wire serializers share: bodies are written with Kryo's {@link UnsafeOutput} and read with
 * {@link UnsafeInput} (fixed-width scalars and float arrays copied in bulk, in native order, which must be
 * little-endian), and every size a peer sends is checked before anything is allocated or read for it.
 */
final class WireBodies {
    static final float[] NO_FLOATS = new float[0];
    private static final long FLOAT_BASE = UnsafeUtil.floatArrayBaseOffset;

    static {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalStateException("wire bodies are little-endian; this platform is " + ByteOrder.nativeOrder());
        }
    }

    private WireBodies() {
    }

    static UnsafeOutput unsafe(final Output output) {
        if (output instanceof UnsafeOutput) {
            return (UnsafeOutput) output;
        }
        throw new KryoException("wire frames are written with Kryo's UnsafeOutput (little-endian bodies), not "
            + output.getClass().getName());
    }

    static UnsafeInput unsafe(final Input input) {
        if (input instanceof UnsafeInput) {
            return (UnsafeInput) input;
        }
        throw new KryoException("wire frames are read with Kryo's UnsafeInput (little-endian bodies), not "
            + input.getClass().getName());
    }

    /** A size field: negative is {@link RejectReason#MALFORMED}, over {@code max} is {@link RejectReason#OVERSIZED}. */
    static int size(final String type, final String field, final int value, final int max) {
        if (value < 0) {
            throw new FrameRejectedException(RejectReason.MALFORMED, type + "." + field + " is negative: " + value);
        }
        if (value > max) {
            throw new FrameRejectedException(RejectReason.OVERSIZED,
                type + "." + field + " " + value + " is over the limit " + max);
        }
        return value;
    }

    /**
     * Rejects a body whose unread bytes are not exactly what its counts need, before any array is grown for them: a
     * wire body fills its frame, so fewer bytes is a lie about the counts and more is trailing garbage.
     */
    static void requireBytes(final Input input, final String type, final long needed) {
        final int left = input.limit() - input.position();
        if (needed < left) {
            throw new FrameRejectedException(RejectReason.MALFORMED,
                type + " has " + (left - needed) + " trailing body bytes (its counts need " + needed + ")");
        }
        if (needed > left) {
            throw new FrameRejectedException(RejectReason.MALFORMED,
                type + " counts need " + needed + " bytes of floats, the body has " + left);
        }
    }

    static void writeFloats(final UnsafeOutput output, final float[] array, final int count) {
        if (count > Integer.MAX_VALUE / Float.BYTES) {
            throw new KryoException("too many floats for one frame: " + count);
        }
        output.writeBytes(array, FLOAT_BASE, count * Float.BYTES);
    }

    /**
     * Reads {@code count} floats into {@code scratch}, or into a larger array that replaces it (returned). The caller
     * has checked {@code count} against the limits and the bytes left ({@link #requireBytes}).
     */
    static float[] readFloats(final UnsafeInput input, final float[] scratch, final int count) {
        final float[] target = scratch.length >= count ? scratch : new float[count];
        input.readBytes(target, FLOAT_BASE, count * Float.BYTES);
        return target;
    }

    /** Rejects NaN or infinity among the first {@code count} floats as {@link RejectReason#NON_FINITE}. */
    static void requireFinite(final String type, final String field, final float[] array, final int count) {
        // Branch-free scan first (C2 vectorises the OR-reduction): an exponent of all ones (NaN, infinity) carries
        // into the sign bit when 0x00800000 is added to it; no finite exponent does.
        int carries = 0;
        for (int i = 0; i < count; i++) {
            carries |= (Float.floatToRawIntBits(array[i]) & 0x7f80_0000) + 0x0080_0000;
        }
        if (carries >= 0) {
            return;
        }
        for (int i = 0; i < count; i++) {
            final float value = array[i];
            if (value - value != 0f) {
                throw new FrameRejectedException(RejectReason.NON_FINITE,
                    type + "." + field + "[" + i + "] is " + value);
            }
        }
    }

    /** Rejects terminated flags other than 0 or 1 as {@link RejectReason#BAD_FLAG}. */
    static void requireFlags(final String type, final String field, final float[] array, final int count) {
        for (int i = 0; i < count; i++) {
            final float value = array[i];
            if (value != 0f && value != 1f) {
                throw new FrameRejectedException(RejectReason.BAD_FLAG,
                    type + "." + field + "[" + i + "] is " + value + ", not 0 or 1");
            }
        }
    }
}
