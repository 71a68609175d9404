package org.strider.run;

import org.agrona.collections.LongLongConsumer;

/**
 * An append-only log of {@code (weight version, System.nanoTime())} pairs for one writer thread (a learner publishing
 * versions, or an actor applying them), read by another. Preallocated: recording allocates nothing; once full,
 * further pairs are counted in {@link #overflow()} and not kept. A reader sees the first {@link #count()} pairs
 * completely (the count is written after the pair).
 */
public final class VersionTimes implements LongLongConsumer {
    private final long[] versions;
    private final long[] nanos;
    private volatile int count;
    private volatile long overflow;

    public VersionTimes(final int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.versions = new long[capacity];
        this.nanos = new long[capacity];
    }

    /** Records that {@code version} was published or applied at {@code nanoTime}. One writer thread. */
    @Override
    public void accept(final long version, final long nanoTime) {
        final int n = count;
        if (n == versions.length) {
            overflow = overflow + 1;
            return;
        }
        versions[n] = version;
        nanos[n] = nanoTime;
        count = n + 1;
    }

    /** Pairs recorded so far (readable from any thread). */
    public int count() {
        return count;
    }

    /** Pairs not kept because the log was full. */
    public long overflow() {
        return overflow;
    }

    public long version(final int index) {
        return versions[index];
    }

    public long nanos(final int index) {
        return nanos[index];
    }
}
