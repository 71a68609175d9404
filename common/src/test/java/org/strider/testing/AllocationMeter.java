package org.strider.testing;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;

/**
 * Measures the bytes the current thread allocates while running some work, for zero-allocation tests of hot
 * paths. A real per-call allocation shows in every round; one-off JVM activity (deoptimisation rematerialising a
 * scalar-replaced object, a late class initialisation) can show in one round under CPU contention. So the work is
 * measured over several rounds and the smallest figure is reported.
 */
public final class AllocationMeter {
    private AllocationMeter() {
    }

    /** The fewest bytes allocated by {@code work} over {@code rounds} runs (skips the test off HotSpot). */
    public static long minAllocatedBytes(final Runnable work, final int rounds) {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's ThreadMXBean");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        final long thread = Thread.currentThread().getId();
        // The first call may allocate; take it out of the figures.
        threads.getThreadAllocatedBytes(thread);
        final long calibrationStart = threads.getThreadAllocatedBytes(thread);
        final long calibration = threads.getThreadAllocatedBytes(thread) - calibrationStart;
        long min = Long.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
            final long before = threads.getThreadAllocatedBytes(thread);
            work.run();
            min = Math.min(min, threads.getThreadAllocatedBytes(thread) - before - calibration);
        }
        return min;
    }
}
