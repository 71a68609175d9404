package org.strider.wire;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Dropped frames per {@link RejectReason}. One thread (a codec's) records; any thread may read. Codecs may share
 * one instance (e.g. all pollers of a node).
 */
public final class RejectCounters {
    private static final RejectReason[] REASONS = RejectReason.values();

    private final AtomicLongArray counts = new AtomicLongArray(REASONS.length);
    private volatile String lastRejection = "";

    /** Counts one rejected frame and keeps {@code message} as the last rejection. */
    public void record(final RejectReason reason, final String message) {
        counts.incrementAndGet(reason.ordinal());
        lastRejection = reason + ": " + message;
    }

    public long count(final RejectReason reason) {
        return counts.get(reason.ordinal());
    }

    public long total() {
        long total = 0;
        for (int i = 0; i < REASONS.length; i++) {
            total += counts.get(i);
        }
        return total;
    }

    /** The last rejection for logs, e.g. {@code "NON_FINITE: TransitionBatch.rewards[3] is NaN"}; "" before any. */
    public String lastRejection() {
        return lastRejection;
    }

    @Override
    public String toString() {
        final StringBuilder text = new StringBuilder("RejectCounters{");
        for (final RejectReason reason : REASONS) {
            final long count = count(reason);
            if (count != 0) {
                text.append(reason).append('=').append(count).append(' ');
            }
        }
        return text.append("total=").append(total()).append('}').toString();
    }
}
