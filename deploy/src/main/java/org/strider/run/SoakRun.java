package org.strider.run;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.strider.actor.RolloutStats;
import org.strider.learner.cluster.RunMonitor;
import org.strider.learner.replay.service.ShardStats;

/**
 * A long one-JVM run with actors joining and leaving at random, sampled for memory and loss: the soak benchmark.
 * Every {@code churnEvery} an actor is stopped (gracefully: it flushes its last frame) or a new one joins, with a
 * seeded coin; every {@code sampleEvery} a {@link Sample} of resident memory, heap in use after a full GC, and the
 * run's counters is taken. Nothing here judges: the caller prints the samples and the {@link Summary}.
 */
public final class SoakRun {
    /** One point of the soak's time series. */
    public record Sample(double seconds, int actorsAlive, long rssBytes, long heapAfterGcBytes, long inserted,
        long updates, long actorDrops, long shardRejects, long sequenceGaps, long insertBlocked, long sampleBlocked) {
    }

    /** The first and last samples and the extremes in between. */
    public record Summary(Sample first, Sample last, long maxRss, long maxHeapAfterGc, int joins, int leaves) {
        /** Heap after GC at the end minus at the start, in bytes (flat memory: small against the start). */
        public long heapGrowth() {
            return last.heapAfterGcBytes() - first.heapAfterGcBytes();
        }

        public long rssGrowth() {
            return last.rssBytes() - first.rssBytes();
        }
    }

    private SoakRun() {
    }

    /**
     * Runs {@code plan} (its step count should be out of reach: the soak ends on time) for {@code length}, with
     * {@code plan.actors()} actors at first and between 1 and {@code maxActors} later; {@code out} gets each sample.
     */
    public static Summary run(final RunPlan plan, final Duration length, final Duration churnEvery,
        final Duration sampleEvery, final int maxActors, final long seed, final Consumer<Sample> out)
        throws Exception {
        final SplittableRandom coin = new SplittableRandom(seed);
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        final List<Integer> alive = new ArrayList<>();
        final List<Sample> samples = new ArrayList<>();
        int joins = 0;
        int leaves = 0;
        try (LocalRun run = LocalRun.start(plan, new RunMonitor() { })) {
            for (int i = 0; i < plan.actors(); i++) {
                alive.add(i);
            }
            final long start = System.nanoTime();
            final long end = start + length.toNanos();
            long nextChurn = start + churnEvery.toNanos();
            long nextSample = start;
            while (System.nanoTime() < end && run.learner().finishReason() == null) {
                final long now = System.nanoTime();
                if (now >= nextSample) {
                    final Sample s = sample(run, alive.size(), (now - start) / 1e9, memory);
                    samples.add(s);
                    out.accept(s);
                    nextSample += sampleEvery.toNanos();
                }
                if (now >= nextChurn) {
                    final boolean leave = alive.size() > plan.shards() && (alive.size() >= maxActors
                        || coin.nextBoolean());
                    if (leave) {
                        run.stopActor(alive.remove(coin.nextInt(alive.size())));
                        leaves++;
                    } else {
                        alive.add(run.addActor());
                        joins++;
                    }
                    nextChurn += churnEvery.toNanos();
                }
                Thread.sleep(50);
            }
            final Sample last = sample(run, alive.size(), (System.nanoTime() - start) / 1e9, memory);
            samples.add(last);
            out.accept(last);
        }
        long maxRss = 0;
        long maxHeap = 0;
        for (final Sample s : samples) {
            maxRss = Math.max(maxRss, s.rssBytes());
            maxHeap = Math.max(maxHeap, s.heapAfterGcBytes());
        }
        return new Summary(samples.get(0), samples.get(samples.size() - 1), maxRss, maxHeap, joins, leaves);
    }

    private static Sample sample(final LocalRun run, final int alive, final double seconds, final MemoryMXBean memory) {
        System.gc();
        final long heap = memory.getHeapMemoryUsage().getUsed();
        long drops = 0;
        for (int i = 0; i < run.actorCount(); i++) {
            final RolloutStats a = run.actorStats(i);
            drops += a.dropped();
        }
        long inserted = 0;
        long rejects = 0;
        long gaps = 0;
        long insertBlocked = 0;
        long sampleBlocked = 0;
        for (final ShardStats s : run.shardStats()) {
            inserted += s.inserted();
            rejects += s.rejected();
            gaps += s.sequenceGaps();
            insertBlocked += s.insertBlockedPolls();
            sampleBlocked += s.sampleBlockedPolls();
        }
        return new Sample(seconds, alive, rss(), heap, inserted, run.learner().updates(), drops, rejects, gaps,
            insertBlocked, sampleBlocked);
    }

    /** Resident set size from /proc/self/status (Linux); -1 where that file is not there. */
    static long rss() {
        try {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (final IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
