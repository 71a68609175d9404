package org.strider.wire;

import com.esotericsoftware.kryo.unsafe.UnsafeInput;
import com.esotericsoftware.kryo.unsafe.UnsafeOutput;

/**
 * The five row arrays a {@link TransitionBatch} and a {@link SampleReply} carry, in this order: obs, actions,
 * rewards, nextObs, terminated, each only its first {@code count} rows. On the reading side it holds the scratch
 * arrays a serializer decodes into: grown on demand, never shrunk, reused by the next read.
 */
final class TransitionRows {
    float[] obs = WireBodies.NO_FLOATS;
    float[] actions = WireBodies.NO_FLOATS;
    float[] rewards = WireBodies.NO_FLOATS;
    float[] nextObs = WireBodies.NO_FLOATS;
    float[] terminated = WireBodies.NO_FLOATS;

    /** Body bytes of the rows of a batch. */
    static long bytes(final int count, final int obsDim, final int actionDim) {
        return (long) count * (2L * obsDim + actionDim + 2L) * Float.BYTES;
    }

    static void write(final UnsafeOutput output, final int count, final int obsDim, final int actionDim,
        final float[] obs, final float[] actions, final float[] rewards, final float[] nextObs,
        final float[] terminated) {
        WireBodies.writeFloats(output, obs, count * obsDim);
        WireBodies.writeFloats(output, actions, count * actionDim);
        WireBodies.writeFloats(output, rewards, count);
        WireBodies.writeFloats(output, nextObs, count * obsDim);
        WireBodies.writeFloats(output, terminated, count);
    }

    /**
     * Reads the rows after checking the sizes against the limits and the bytes left, then checks the floats are
     * finite and the flags 0/1.
     */
    void read(final UnsafeInput input, final String type, final int count, final int obsDim, final int actionDim,
        final WireLimits limits) {
        WireBodies.size(type, "count", count, limits.maxCount());
        WireBodies.size(type, "obsDim", obsDim, limits.maxDim());
        WireBodies.size(type, "actionDim", actionDim, limits.maxDim());
        // Bytes present bound every allocation below (and keep the int products from overflowing).
        WireBodies.requireBytes(input, type, bytes(count, obsDim, actionDim));
        final int obsFloats = count * obsDim;
        final int actionFloats = count * actionDim;
        obs = WireBodies.readFloats(input, obs, obsFloats);
        actions = WireBodies.readFloats(input, actions, actionFloats);
        rewards = WireBodies.readFloats(input, rewards, count);
        nextObs = WireBodies.readFloats(input, nextObs, obsFloats);
        terminated = WireBodies.readFloats(input, terminated, count);
        WireBodies.requireFinite(type, "obs", obs, obsFloats);
        WireBodies.requireFinite(type, "actions", actions, actionFloats);
        WireBodies.requireFinite(type, "rewards", rewards, count);
        WireBodies.requireFinite(type, "nextObs", nextObs, obsFloats);
        WireBodies.requireFinite(type, "terminated", terminated, count);
        WireBodies.requireFlags(type, "terminated", terminated, count);
    }
}
