package org.strider.learner.replay;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.strider.random.SplitMix64;

/**
 * Uniform experience replay: a structure-of-arrays ring buffer of float arrays (obs, action, reward, next obs,
 * terminated as 0/1), allocated in full up front, so its memory is fixed at {@link #bytesFor} (1e6
 * BipedalWalker transitions, obs 24 and action 4: 216 MB). When full, each insert overwrites the oldest
 * transition. Sampling is uniform with replacement over the stored transitions, from a seeded generator whose
 * state a checkpoint can keep. Inserts validate first and store after: a transition or batch with a NaN or
 * infinite value, a wrong length or a terminated flag other than 0/1 is rejected with a message naming the
 * field and index, and nothing of it is stored. Single-threaded; nothing here knows about transport.
 */
public final class ReplayBuffer {
    /** {@code rows} value that marks a single transition in the messages. */
    private static final int SINGLE = -1;

    private final int capacity;
    private final int obsSize;
    private final int actionSize;
    private final float[] obs;
    private final float[] action;
    private final float[] reward;
    private final float[] nextObs;
    private final float[] terminated;
    private final SplitMix64 rng;
    private int next;
    private int size;
    private long added;

    public ReplayBuffer(final int capacity, final int obsSize, final int actionSize, final long seed) {
        if (capacity <= 0 || obsSize <= 0 || actionSize <= 0) {
            throw new IllegalArgumentException("capacity, obs size and action size must be positive: " + capacity
                + ", " + obsSize + ", " + actionSize);
        }
        final long obsValues = (long) capacity * obsSize;
        if (obsValues > Integer.MAX_VALUE - 8 || (long) capacity * actionSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("capacity " + capacity + " × obs size " + obsSize
                + " does not fit in one Java array");
        }
        this.capacity = capacity;
        this.obsSize = obsSize;
        this.actionSize = actionSize;
        this.obs = new float[(int) obsValues];
        this.action = new float[capacity * actionSize];
        this.reward = new float[capacity];
        this.nextObs = new float[(int) obsValues];
        this.terminated = new float[capacity];
        this.rng = new SplitMix64(seed);
    }

    /** Bytes the arrays of a buffer of this shape take: 4 × capacity × (2 × obs + action + 2). */
    public static long bytesFor(final int capacity, final int obsSize, final int actionSize) {
        return (long) Float.BYTES * capacity * (2L * obsSize + actionSize + 2);
    }

    public int capacity() {
        return capacity;
    }

    public int obsSize() {
        return obsSize;
    }

    public int actionSize() {
        return actionSize;
    }

    /** Transitions stored now (at most the capacity). */
    public int size() {
        return size;
    }

    /** Transitions inserted since creation, overwritten ones included. */
    public long added() {
        return added;
    }

    /** The sampling generator's state, for a checkpoint. */
    public long rngState() {
        return rng.state();
    }

    public void rngState(final long state) {
        rng.state(state);
    }

    /** Stores one transition after checking it. */
    public void add(final float[] obs, final float[] action, final float reward, final float[] nextObs,
        final boolean terminated) {
        checkLength("obs", obs.length, obsSize, SINGLE);
        checkLength("action", action.length, actionSize, SINGLE);
        checkLength("nextObs", nextObs.length, obsSize, SINGLE);
        checkFinite("obs", obs, obsSize, SINGLE);
        checkFinite("action", action, actionSize, SINGLE);
        if (!Float.isFinite(reward)) {
            throw rejected(SINGLE, "reward is " + reward);
        }
        checkFinite("nextObs", nextObs, obsSize, SINGLE);
        final int i = next;
        System.arraycopy(obs, 0, this.obs, i * obsSize, obsSize);
        System.arraycopy(action, 0, this.action, i * actionSize, actionSize);
        this.reward[i] = reward;
        System.arraycopy(nextObs, 0, this.nextObs, i * obsSize, obsSize);
        this.terminated[i] = terminated ? 1f : 0f;
        advance(1);
    }

    /**
     * Stores {@code reward.length} transitions given as flat row-major arrays; each array must hold exactly
     * that many rows ({@code obs.length == rows * obsSize}, {@code terminated.length == rows}, …) and
     * {@code terminated} only 0 or 1. The whole batch is checked before any of it is stored. If it has more
     * rows than the capacity, only the last {@code capacity} remain, as if inserted one by one.
     */
    public void addBatch(final float[] obs, final float[] action, final float[] reward, final float[] nextObs,
        final float[] terminated) {
        final int count = reward.length;
        checkLength("obs", obs.length, (long) count * obsSize, count);
        checkLength("action", action.length, (long) count * actionSize, count);
        checkLength("nextObs", nextObs.length, (long) count * obsSize, count);
        checkLength("terminated", terminated.length, count, count);
        addBatch(count, obs, action, reward, nextObs, terminated);
    }

    /**
     * Stores the first {@code count} rows of flat row-major arrays that may be longer (buffers reused from frame
     * to frame): {@code obs} needs at least {@code count * obsSize} values, {@code reward} at least
     * {@code count}, and so on; values past those rows are ignored. Otherwise as
     * {@link #addBatch(float[], float[], float[], float[], float[])}: the rows are checked (finite, terminated
     * 0 or 1) before any is stored, and nothing is stored if one fails. Allocates nothing unless it rejects.
     */
    public void addBatch(final int count, final float[] obs, final float[] action, final float[] reward,
        final float[] nextObs, final float[] terminated) {
        if (count < 0) {
            throw rejected(count, "count is negative");
        }
        checkAtLeast("obs", obs.length, (long) count * obsSize, count);
        checkAtLeast("action", action.length, (long) count * actionSize, count);
        checkAtLeast("reward", reward.length, count, count);
        checkAtLeast("nextObs", nextObs.length, (long) count * obsSize, count);
        checkAtLeast("terminated", terminated.length, count, count);
        checkFinite("obs", obs, obsSize, count);
        checkFinite("action", action, actionSize, count);
        checkFinite("reward", reward, 1, count);
        checkFinite("nextObs", nextObs, obsSize, count);
        for (int t = 0; t < count; t++) {
            if (terminated[t] != 0f && terminated[t] != 1f) {
                throw rejected(count, "terminated[" + t + "] is " + terminated[t] + ", expected 0 or 1");
            }
        }
        final int skip = Math.max(0, count - capacity);
        int t = skip;
        while (t < count) {
            final int run = Math.min(count - t, capacity - next);
            System.arraycopy(obs, t * obsSize, this.obs, next * obsSize, run * obsSize);
            System.arraycopy(action, t * actionSize, this.action, next * actionSize, run * actionSize);
            System.arraycopy(reward, t, this.reward, next, run);
            System.arraycopy(nextObs, t * obsSize, this.nextObs, next * obsSize, run * obsSize);
            System.arraycopy(terminated, t, this.terminated, next, run);
            advance(run);
            t += run;
        }
        added += skip;
    }

    /** Fills {@code out} with {@code out.size} transitions drawn uniformly, with replacement. */
    public void sample(final ReplayBatch out) {
        if (size == 0) {
            throw new IllegalStateException("cannot sample from an empty replay buffer");
        }
        if (out.obsSize != obsSize || out.actionSize != actionSize) {
            throw new IllegalArgumentException("batch is for obs " + out.obsSize + " / action " + out.actionSize
                + ", buffer holds obs " + obsSize + " / action " + actionSize);
        }
        for (int r = 0; r < out.size; r++) {
            final int i = rng.nextInt(size);
            out.index[r] = i;
            System.arraycopy(obs, i * obsSize, out.obs, r * obsSize, obsSize);
            System.arraycopy(action, i * actionSize, out.action, r * actionSize, actionSize);
            out.reward[r] = reward[i];
            System.arraycopy(nextObs, i * obsSize, out.nextObs, r * obsSize, obsSize);
            out.terminated[r] = terminated[i];
        }
    }

    /** Bytes {@link #writeState} writes now: a 40-byte header, then the stored rows of every array. */
    public long stateBytes() {
        return 40L + (long) Float.BYTES * size * (2L * obsSize + actionSize + 2);
    }

    /**
     * Writes everything a checkpoint needs to continue exactly: shape, ring position, sizes, the sampling
     * generator's state and the stored rows (big-endian floats), {@link #stateBytes()} bytes in all.
     */
    public void writeState(final DataOutput out) throws IOException {
        out.writeInt(capacity);
        out.writeInt(obsSize);
        out.writeInt(actionSize);
        out.writeInt(next);
        out.writeInt(size);
        out.writeLong(added);
        out.writeLong(rng.state());
        out.writeInt(0);
        writeFloats(out, obs, size * obsSize);
        writeFloats(out, action, size * actionSize);
        writeFloats(out, reward, size);
        writeFloats(out, nextObs, size * obsSize);
        writeFloats(out, terminated, size);
    }

    /**
     * Replaces the contents with what {@link #writeState} wrote for a buffer of the same shape, checking the
     * header first. Rows beyond the stored ones are cleared. On an exception the contents are undefined: read
     * into a buffer that is discarded on failure.
     */
    public void readState(final DataInput in) throws IOException {
        final int c = in.readInt();
        final int o = in.readInt();
        final int a = in.readInt();
        if (c != capacity || o != obsSize || a != actionSize) {
            throw new IOException("replay state is for capacity " + c + ", obs " + o + ", action " + a
                + "; this buffer has capacity " + capacity + ", obs " + obsSize + ", action " + actionSize);
        }
        final int n = in.readInt();
        final int s = in.readInt();
        final long total = in.readLong();
        final long rngState = in.readLong();
        in.readInt();
        if (s < 0 || s > capacity || n < 0 || n >= capacity || (s < capacity && n != s) || total < s) {
            throw new IOException("replay state is inconsistent: next " + n + ", size " + s + ", added " + total
                + ", capacity " + capacity);
        }
        readFloats(in, obs, s * obsSize);
        readFloats(in, action, s * actionSize);
        readFloats(in, reward, s);
        readFloats(in, nextObs, s * obsSize);
        readFloats(in, terminated, s);
        java.util.Arrays.fill(obs, s * obsSize, obs.length, 0f);
        java.util.Arrays.fill(action, s * actionSize, action.length, 0f);
        java.util.Arrays.fill(reward, s, reward.length, 0f);
        java.util.Arrays.fill(nextObs, s * obsSize, nextObs.length, 0f);
        java.util.Arrays.fill(terminated, s, terminated.length, 0f);
        next = n;
        size = s;
        added = total;
        rng.state(rngState);
    }

    private static void writeFloats(final DataOutput out, final float[] values, final int count) throws IOException {
        final ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
        for (int at = 0; at < count; ) {
            final int run = Math.min(count - at, chunk.capacity() / Float.BYTES);
            chunk.clear();
            chunk.asFloatBuffer().put(values, at, run);
            out.write(chunk.array(), 0, run * Float.BYTES);
            at += run;
        }
    }

    private static void readFloats(final DataInput in, final float[] values, final int count) throws IOException {
        final ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
        for (int at = 0; at < count; ) {
            final int run = Math.min(count - at, chunk.capacity() / Float.BYTES);
            in.readFully(chunk.array(), 0, run * Float.BYTES);
            chunk.clear();
            chunk.asFloatBuffer().get(values, at, run);
            at += run;
        }
    }

    private void advance(final int count) {
        next += count;
        if (next == capacity) {
            next = 0;
        }
        size = Math.min(capacity, size + count);
        added += count;
    }

    private static void checkLength(final String field, final int length, final long expected, final int rows) {
        if (length != expected) {
            throw rejected(rows, field + " has " + length + " values, expected " + expected
                + (rows == SINGLE ? "" : " (" + rows + " rows)"));
        }
    }

    private static void checkAtLeast(final String field, final int length, final long needed, final int rows) {
        if (length < needed) {
            throw rejected(rows, field + " has " + length + " values, expected at least " + needed + " (" + rows
                + " rows)");
        }
    }

    /** Checks {@code rows} rows of {@code width} values (one row for {@link #SINGLE}). */
    private static void checkFinite(final String field, final float[] values, final int width, final int rows) {
        final int n = rows == SINGLE ? width : rows * width;
        for (int k = 0; k < n; k++) {
            if (!Float.isFinite(values[k])) {
                final String where = rows == SINGLE ? field + "[" + k + "]"
                    : width == 1 ? field + "[" + k + "]"
                    : field + "[" + k % width + "] of transition " + k / width;
                throw rejected(rows, where + " is " + values[k]);
            }
        }
    }

    private static IllegalArgumentException rejected(final int rows, final String what) {
        return new IllegalArgumentException((rows == SINGLE ? "replay: transition rejected, nothing stored: "
            : "replay: batch of " + rows + " transitions rejected, nothing stored: ") + what);
    }
}
