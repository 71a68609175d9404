package org.strider.learner.replay.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.strider.learner.replay.service.ShardFixture.ACT;
import static org.strider.learner.replay.service.ShardFixture.OBS;
import static org.strider.learner.replay.service.ShardFixture.assertWholeRows;
import static org.strider.learner.replay.service.ShardFixture.awaitStats;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.strider.learner.replay.ReplayBatch;
import org.strider.transport.FramePublisher;

/**
 * Issue 9's overload case on a real media driver: four actors publish as fast as they can into one shard whose
 * rate limiter lets in only what a slow learner samples (4 samples per insert, one 256-row batch per millisecond
 * at most: about 64 k transitions/s, against the millions/s an unconstrained actor publishes over IPC). The
 * shard inserts only while the limiter allows, so the surplus waits in the actors' Aeron publications (fixed,
 * off-heap term buffers) and the actors block on back-pressure; nothing piles up on the heap and nothing the
 * actors published is dropped. The bound: heap in use after a GC stays within 16 MB of where it started (the
 * replay arrays and codec scratch are allocated before the flood starts; the term buffers are memory-mapped).
 */
class ReplayShardFloodTest {
    private static final int ACTORS = 4;
    private static final int BATCHES = 400;
    private static final int ROWS = 64;
    private static final long HEAP_BOUND = 16L << 20;

    @Test
    void shouldBoundMemoryAndLoseNothingWhenActorsFloodASlowLearner() throws InterruptedException {
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (ShardFixture fixture = new ShardFixture("flood", 1 << 19)) {
            final double errorBuffer = 4 * ROWS * 2 + 256;
            final ReplayShard shard = fixture.startShard(new ShardConfig(0, ROWS, 256, 16, 256, 50_000_000L),
                20_000, RateLimiter.sampleToInsertRatio(4, 512, errorBuffer), 9);
            final ShardSampler sampler = fixture.sampler(0);
            final FramePublisher[] actors = new FramePublisher[ACTORS];
            for (int a = 0; a < ACTORS; a++) {
                actors[a] = fixture.actorPublisher(0, ROWS);
            }
            final ReplayBatch batch = new ReplayBatch(256, OBS, ACT);
            System.gc();
            final long baseline = memory.getHeapMemoryUsage().getUsed();
            final long start = System.nanoTime();
            for (int a = 0; a < ACTORS; a++) {
                fixture.startActor(actors[a], a + 1, BATCHES, ROWS);
            }
            final long total = (long) ACTORS * BATCHES * ROWS;
            long peak = 0;
            long sampled = 0;
            // The learner's pace sets the actors': every batch the limiter serves lets 64 more transitions in. The
            // batches it can serve in all (the last insert makes room for them), as in ReplayShardTest's slow case:
            final long learnerBatches = (long) (total * 4 - 4 * 512 + errorBuffer - 256) / 256;
            while (sampled < learnerBatches) {
                assertTrue(sampler.sample(batch), "a sample request was answered");
                assertWholeRows(batch);
                sampled++;
                ShardFixture.sleep(1); // the update
                if (sampled % 200 == 0) {
                    System.gc();
                    peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed() - baseline);
                }
                assertTrue(System.nanoTime() - start < 120_000_000_000L, "the flood drained within 2 minutes");
            }
            final double seconds = (System.nanoTime() - start) / 1e9;
            fixture.join();
            final ShardStats stats = awaitStats(shard, s -> s.inserted() == total);
            System.out.printf(Locale.ROOT, "flood: %d transitions from %d actors in %.1f s (%.0f/s let in), %d "
                + "batches sampled, peak heap growth after GC %.1f MB%n", total, ACTORS, seconds, total / seconds,
                sampled, peak / 1048576.0);
            for (final FramePublisher actor : actors) {
                assertEquals(0, actor.dropped(), "an actor dropped a frame");
                assertEquals(BATCHES, actor.published(), "every batch published");
                assertTrue(actor.backPressureWaits() > 0, "an actor was never held back: no flood");
            }
            assertTrue(peak < HEAP_BOUND, "heap grew by " + peak + " bytes under the flood (bound " + HEAP_BOUND + ")");
            assertEquals(0, stats.sequenceGaps(), "a frame was lost between an actor and the shard");
            assertEquals(0, stats.rejected(), "frames rejected: " + stats.rejectedByReason());
            for (int a = 1; a <= ACTORS; a++) {
                assertEquals((long) BATCHES * ROWS, stats.insertedByActor().get(a), "actor " + a + "'s inserts");
            }
            assertTrue(stats.insertBlockedPolls() > 0, "the limiter never held inserts back");
            assertTrue(Math.abs(stats.limiterError()) <= errorBuffer + 256, "limiter error " + stats.limiterError());
        }
    }
}
