package org.strider.wire;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.unsafe.UnsafeInput;
import com.esotericsoftware.kryo.unsafe.UnsafeOutput;

/**
 * Body of a {@link WeightFrame}: {@code 0 long version, 8 long updates, 16 int length, 20 int 0 (pad, keeps the
 * floats 8-aligned), 24 floats params[length]}. Reads return a record over this serializer's scratch array, valid
 * until its next read.
 */
final class WeightFrameSerializer extends Serializer<WeightFrame> {
    static final int SCALAR_BYTES = 24;
    private static final String TYPE = "WeightFrame";

    private final WireLimits limits;
    private float[] params = WireBodies.NO_FLOATS;

    WeightFrameSerializer(final WireLimits limits) {
        this.limits = limits;
    }

    static long bodyLength(final WeightFrame frame) {
        return SCALAR_BYTES + (long) frame.length() * Float.BYTES;
    }

    @Override
    public void write(final Kryo kryo, final Output output, final WeightFrame frame) {
        final UnsafeOutput out = WireBodies.unsafe(output);
        out.writeLong(frame.version());
        out.writeLong(frame.updates());
        out.writeInt(frame.length());
        out.writeInt(0);
        WireBodies.writeFloats(out, frame.params(), frame.length());
    }

    @Override
    public WeightFrame read(final Kryo kryo, final Input input, final Class<? extends WeightFrame> type) {
        final UnsafeInput in = WireBodies.unsafe(input);
        final long version = in.readLong();
        final long updates = in.readLong();
        final int length = WireBodies.size(TYPE, "length", in.readInt(), limits.maxParams());
        final int pad = in.readInt();
        if (pad != 0) {
            throw new FrameRejectedException(RejectReason.MALFORMED, TYPE + " pad is " + pad + ", not 0");
        }
        WireBodies.requireBytes(in, TYPE, (long) length * Float.BYTES);
        params = WireBodies.readFloats(in, params, length);
        WireBodies.requireFinite(TYPE, "params", params, length);
        return new WeightFrame(version, updates, params, length);
    }
}
