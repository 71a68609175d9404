package org.strider.actor;

import java.util.concurrent.atomic.AtomicLong;
import org.agrona.collections.LongLongConsumer;

/**
 * An actor node's counters, written by its rollout thread and read by reporters and metrics: env steps (=
 * transitions produced), transitions published and dropped, episodes, the policy version in use, and the last
 * few episodes' returns and lengths (a small ring, read as a snapshot).
 */
public final class RolloutStats {
    private static final int RECENT = 32;

    final AtomicLong produced = new AtomicLong();
    final AtomicLong published = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong episodes = new AtomicLong();
    final AtomicLong policyVersion = new AtomicLong();
    final AtomicLong weightRejects = new AtomicLong();
    private final double[] recentReturns = new double[RECENT];
    private final int[] recentLengths = new int[RECENT];
    private long recentCount;
    private double lastReturn = Double.NaN;
    private volatile LongLongConsumer weightsApplied;

    /**
     * Optional, for benchmarks: {@code clock} gets {@code (version, System.nanoTime())} on the rollout thread each
     * time the node starts acting with a newer weight version (right after loading it). Null (the default) turns it
     * off. Any thread.
     */
    public void timeWeights(final LongLongConsumer clock) {
        weightsApplied = clock;
    }

    /** The rollout loaded {@code version}: it is the policy in use from the next step on. Rollout thread. */
    void policyApplied(final long version) {
        policyVersion.set(version);
        final LongLongConsumer clock = weightsApplied;
        if (clock != null) {
            clock.accept(version, System.nanoTime());
        }
    }

    synchronized void episode(final double ret, final int length) {
        final int slot = (int) (recentCount++ % RECENT);
        recentReturns[slot] = ret;
        recentLengths[slot] = length;
        lastReturn = ret;
        episodes.incrementAndGet();
    }

    public long produced() {
        return produced.get();
    }

    public long published() {
        return published.get();
    }

    public long dropped() {
        return dropped.get();
    }

    public long episodes() {
        return episodes.get();
    }

    public long policyVersion() {
        return policyVersion.get();
    }

    public long weightRejects() {
        return weightRejects.get();
    }

    public synchronized double lastReturn() {
        return lastReturn;
    }

    /** The returns of the episodes that ended since the previous call (at most the last 32), oldest first. */
    public synchronized Recent drainRecent(final long since) {
        final long from = Math.max(since, recentCount - RECENT);
        final int n = (int) (recentCount - from);
        final double[] r = new double[n];
        final int[] l = new int[n];
        for (int k = 0; k < n; k++) {
            final int slot = (int) ((from + k) % RECENT);
            r[k] = recentReturns[slot];
            l[k] = recentLengths[slot];
        }
        return new Recent(recentCount, r, l);
    }

    /** Episodes {@code [next - returns.length, next)} of the node. */
    public record Recent(long next, double[] returns, int[] lengths) {
    }
}
