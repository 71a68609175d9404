package org.strider.wire;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.unsafe.UnsafeInput;
import com.esotericsoftware.kryo.unsafe.UnsafeOutput;

/**
 * Body of a {@link SampleReply}: 40 bytes of scalars, then the rows ({@link TransitionRows}).
 *
 * <pre>
 *   0 long requestId   8 int shardId   12 int count   16 int obsDim   20 int actionDim
 *  24 long shardSize  32 long shardInserts
 *  40 floats: obs[count*obsDim] actions[count*actionDim] rewards[count] nextObs[count*obsDim] terminated[count]
 * </pre>
 *
 * Reads return a record over this serializer's scratch arrays, valid until its next read.
 */
final class SampleReplySerializer extends Serializer<SampleReply> {
    static final int SCALAR_BYTES = 40;
    private static final String TYPE = "SampleReply";

    private final WireLimits limits;
    private final TransitionRows rows = new TransitionRows();

    SampleReplySerializer(final WireLimits limits) {
        this.limits = limits;
    }

    static long bodyLength(final SampleReply reply) {
        return SCALAR_BYTES + TransitionRows.bytes(reply.count(), reply.obsDim(), reply.actionDim());
    }

    @Override
    public void write(final Kryo kryo, final Output output, final SampleReply reply) {
        final UnsafeOutput out = WireBodies.unsafe(output);
        out.writeLong(reply.requestId());
        out.writeInt(reply.shardId());
        out.writeInt(reply.count());
        out.writeInt(reply.obsDim());
        out.writeInt(reply.actionDim());
        out.writeLong(reply.shardSize());
        out.writeLong(reply.shardInserts());
        TransitionRows.write(out, reply.count(), reply.obsDim(), reply.actionDim(), reply.obs(), reply.actions(),
            reply.rewards(), reply.nextObs(), reply.terminated());
    }

    @Override
    public SampleReply read(final Kryo kryo, final Input input, final Class<? extends SampleReply> type) {
        final UnsafeInput in = WireBodies.unsafe(input);
        final long requestId = in.readLong();
        final int shardId = in.readInt();
        final int count = in.readInt();
        final int obsDim = in.readInt();
        final int actionDim = in.readInt();
        final long shardSize = in.readLong();
        final long shardInserts = in.readLong();
        if (shardSize < 0 || shardInserts < 0) {
            throw new FrameRejectedException(RejectReason.MALFORMED,
                TYPE + " shardSize " + shardSize + " / shardInserts " + shardInserts + " negative");
        }
        rows.read(in, TYPE, count, obsDim, actionDim, limits);
        return new SampleReply(requestId, shardId, count, obsDim, actionDim, rows.obs, rows.actions, rows.rewards,
            rows.nextObs, rows.terminated, shardSize, shardInserts);
    }
}
