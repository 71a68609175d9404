package org.strider.run;

import java.util.Arrays;
import java.util.List;

/**
 * Weight broadcast latency, publish to applied on ALL actors, from the learner's publish log and each actor's
 * apply log (same JVM, same clock). Actors switch to the newest version between env steps and may skip versions
 * (two arrive in one poll, or the learner skipped an offer): a version counts as applied on an actor when the
 * actor first runs that version or a newer one. For each version published inside a window, the latency is the
 * last actor's such moment minus the publish moment; a version some actor has not reached yet is counted as
 * pending, not timed.
 *
 * @param versions   versions published in the window and reached by every actor (the timed ones)
 * @param pending    versions published in the window that some actor had not reached when measured
 * @param sortedMs   the latencies in milliseconds, ascending
 */
public record BroadcastLatency(int versions, int pending, double[] sortedMs) {

    /**
     * @param published the learner's log: increasing versions with their publish times
     * @param applied   one log per actor: increasing versions with the times the actor started using them
     * @param fromNs    window start ({@link System#nanoTime()}), inclusive
     * @param toNs      window end, exclusive
     */
    public static BroadcastLatency of(final VersionTimes published, final List<VersionTimes> applied,
        final long fromNs, final long toNs) {
        final int n = published.count();
        final int[] appliedCount = new int[applied.size()];
        for (int a = 0; a < applied.size(); a++) {
            appliedCount[a] = applied.get(a).count();
        }
        final int[] cursor = new int[applied.size()];
        final double[] ms = new double[n];
        int timed = 0;
        int pending = 0;
        for (int i = 0; i < n; i++) {
            final long publishedNs = published.nanos(i);
            if (publishedNs < fromNs || publishedNs >= toNs) {
                continue;
            }
            final long version = published.version(i);
            long lastNs = Long.MIN_VALUE;
            for (int a = 0; a < applied.size() && lastNs != Long.MAX_VALUE; a++) {
                final VersionTimes log = applied.get(a);
                while (cursor[a] < appliedCount[a] && log.version(cursor[a]) < version) {
                    cursor[a]++;
                }
                lastNs = cursor[a] < appliedCount[a] ? Math.max(lastNs, log.nanos(cursor[a])) : Long.MAX_VALUE;
            }
            if (lastNs == Long.MAX_VALUE || applied.isEmpty()) {
                pending++;
            } else {
                ms[timed++] = (lastNs - publishedNs) / 1e6;
            }
        }
        final double[] sorted = Arrays.copyOf(ms, timed);
        Arrays.sort(sorted);
        return new BroadcastLatency(timed, pending, sorted);
    }

    /** The {@code p}-th percentile (0 < p <= 100, nearest rank) in ms; NaN when nothing was timed. */
    public double percentileMs(final double p) {
        if (sortedMs.length == 0) {
            return Double.NaN;
        }
        final int rank = (int) Math.ceil(p / 100.0 * sortedMs.length);
        return sortedMs[Math.min(sortedMs.length, Math.max(1, rank)) - 1];
    }

    public double maxMs() {
        return sortedMs.length == 0 ? Double.NaN : sortedMs[sortedMs.length - 1];
    }
}
