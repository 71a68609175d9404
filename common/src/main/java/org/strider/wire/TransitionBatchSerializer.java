package org.strider.wire;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.unsafe.UnsafeInput;
import com.esotericsoftware.kryo.unsafe.UnsafeOutput;

/**
 * Body of a {@link TransitionBatch}: 32 bytes of scalars, then the rows ({@link TransitionRows}).
 *
 * <pre>
 *   0 int actorId   4 long sequence   12 long policyVersion   20 int count   24 int obsDim   28 int actionDim
 *  32 floats: obs[count*obsDim] actions[count*actionDim] rewards[count] nextObs[count*obsDim] terminated[count]
 * </pre>
 *
 * Reads return a record over this serializer's scratch arrays, valid until its next read.
 */
final class TransitionBatchSerializer extends Serializer<TransitionBatch> {
    static final int SCALAR_BYTES = 32;
    private static final String TYPE = "TransitionBatch";

    private final WireLimits limits;
    private final TransitionRows rows = new TransitionRows();

    TransitionBatchSerializer(final WireLimits limits) {
        this.limits = limits;
    }

    static long bodyLength(final TransitionBatch batch) {
        return SCALAR_BYTES + TransitionRows.bytes(batch.count(), batch.obsDim(), batch.actionDim());
    }

    @Override
    public void write(final Kryo kryo, final Output output, final TransitionBatch batch) {
        final UnsafeOutput out = WireBodies.unsafe(output);
        out.writeInt(batch.actorId());
        out.writeLong(batch.sequence());
        out.writeLong(batch.policyVersion());
        out.writeInt(batch.count());
        out.writeInt(batch.obsDim());
        out.writeInt(batch.actionDim());
        TransitionRows.write(out, batch.count(), batch.obsDim(), batch.actionDim(), batch.obs(), batch.actions(),
            batch.rewards(), batch.nextObs(), batch.terminated());
    }

    @Override
    public TransitionBatch read(final Kryo kryo, final Input input, final Class<? extends TransitionBatch> type) {
        final UnsafeInput in = WireBodies.unsafe(input);
        final int actorId = in.readInt();
        final long sequence = in.readLong();
        final long policyVersion = in.readLong();
        final int count = in.readInt();
        final int obsDim = in.readInt();
        final int actionDim = in.readInt();
        rows.read(in, TYPE, count, obsDim, actionDim, limits);
        return new TransitionBatch(actorId, sequence, policyVersion, count, obsDim, actionDim, rows.obs,
            rows.actions, rows.rewards, rows.nextObs, rows.terminated);
    }
}
