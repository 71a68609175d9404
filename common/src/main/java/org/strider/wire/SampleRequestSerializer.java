package org.strider.wire;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.unsafe.UnsafeInput;
import com.esotericsoftware.kryo.unsafe.UnsafeOutput;

/** Body of a {@link SampleRequest}: {@code 0 long requestId, 8 int count} (12 bytes). */
final class SampleRequestSerializer extends Serializer<SampleRequest> {
    static final int BODY_BYTES = 12;

    private final WireLimits limits;

    SampleRequestSerializer(final WireLimits limits) {
        this.limits = limits;
    }

    @Override
    public void write(final Kryo kryo, final Output output, final SampleRequest request) {
        final UnsafeOutput out = WireBodies.unsafe(output);
        out.writeLong(request.requestId());
        out.writeInt(request.count());
    }

    @Override
    public SampleRequest read(final Kryo kryo, final Input input, final Class<? extends SampleRequest> type) {
        final UnsafeInput in = WireBodies.unsafe(input);
        final long requestId = in.readLong();
        final int count = WireBodies.size("SampleRequest", "count", in.readInt(), limits.maxCount());
        return new SampleRequest(requestId, count);
    }
}
