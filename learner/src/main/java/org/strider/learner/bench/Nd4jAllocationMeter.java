package org.strider.learner.bench;

import java.lang.management.ManagementFactory;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What a stretch of code on the calling thread allocates: Java heap bytes ({@code ThreadMXBean}'s per-thread
 * counter), ND4J native objects (every CPU data buffer and op context takes a number from
 * {@code DeallocatorService.nextValue()} when it is made, and is freed only after the GC finds it unreachable
 * and ND4J's deallocator threads get to it: the backlog the soak saw), and JavaCPP pointers with a deallocator
 * (net: made minus freed, so it can go down). ND4J's count is JVM-wide: other threads making arrays meanwhile
 * add to it. (common's test {@code AllocationMeter} does the heap part for code without ND4J.)
 *
 * <pre>
 *   final Nd4jAllocationMeter meter = new Nd4jAllocationMeter();
 *   meter.start();
 *   for (int i = 0; i < n; i++) { update.update(batch); }
 *   final Nd4jAllocationMeter.PerCall a = meter.perCall(n);
 * </pre>
 */
public final class Nd4jAllocationMeter {
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private long heapAtStart;
    private long nd4jAtStart;
    private long pointersAtStart;
    private long startedOn = -1;

    /** Allocations per call over the calls since {@link #start()}. */
    public record PerCall(double heapBytes, double nd4jObjects, double javacppPointers) {
    }

    public Nd4jAllocationMeter() {
        if (!THREADS.isThreadAllocatedMemorySupported()) {
            throw new IllegalStateException("this JVM does not count allocated bytes per thread");
        }
        THREADS.setThreadAllocatedMemoryEnabled(true);
    }

    /** ND4J native objects (data buffers, op contexts) made so far in this JVM; each read counts one more. */
    public static long nd4jObjectsMade() {
        return Nd4j.getDeallocatorService().nextValue();
    }

    /**
     * The smallest figures per call over {@code rounds} rounds of {@code calls} calls of {@code work} (each figure
     * its own minimum): a real per-call allocation shows in every round, one-off JVM activity (a deoptimisation, a
     * class initialised late, another thread making an ND4J array) only in some.
     */
    public static PerCall minPerCall(final Runnable work, final int calls, final int rounds) {
        final Nd4jAllocationMeter meter = new Nd4jAllocationMeter();
        double heap = Double.MAX_VALUE;
        double nd4j = Double.MAX_VALUE;
        double pointers = Double.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
            meter.start();
            for (int i = 0; i < calls; i++) {
                work.run();
            }
            final PerCall round = meter.perCall(calls);
            heap = Math.min(heap, round.heapBytes());
            nd4j = Math.min(nd4j, round.nd4jObjects());
            pointers = Math.min(pointers, round.javacppPointers());
        }
        return new PerCall(heap, nd4j, pointers);
    }

    public void start() {
        startedOn = Thread.currentThread().getId();
        pointersAtStart = Pointer.totalCount();
        nd4jAtStart = nd4jObjectsMade();
        heapAtStart = THREADS.getCurrentThreadAllocatedBytes();
    }

    /** Per call, for {@code calls} calls since {@link #start()} (on the same thread). */
    public PerCall perCall(final long calls) {
        final long heap = THREADS.getCurrentThreadAllocatedBytes() - heapAtStart;
        final long nd4j = nd4jObjectsMade() - nd4jAtStart - 1;
        final long pointers = Pointer.totalCount() - pointersAtStart;
        if (startedOn != Thread.currentThread().getId()) {
            throw new IllegalStateException("perCall on another thread than start (or start not called)");
        }
        if (calls <= 0) {
            throw new IllegalArgumentException("calls must be positive: " + calls);
        }
        return new PerCall((double) heap / calls, (double) nd4j / calls, (double) pointers / calls);
    }
}
