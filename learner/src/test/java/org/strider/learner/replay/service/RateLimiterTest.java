package org.strider.learner.replay.service;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Boundary cases of the limiter: Reverb's own C++ cases ({@code rate_limiter_test.cc}: same settings, same
 * expected answers, with the blocking Await calls replaced by canInsert / canSample), its Python validation cases
 * ({@code rate_limiters_test.py}), and hand-computed batched cases.
 */
class RateLimiterTest {

    private static void insert(final RateLimiter limiter) {
        assertTrue(limiter.canInsert(1));
        limiter.inserted(1);
    }

    private static void sample(final RateLimiter limiter) {
        assertTrue(limiter.canSample(1));
        limiter.sampled(1);
    }

    @Test
    void shouldBlockSamplesUntilMinInsertsReachedWhenReverbBlocksSamplesUntilMinInsertsReached() {
        final RateLimiter limiter = RateLimiter.sampleToInsertRatio(1.0, 2, -1.0, 1.0);
        assertFalse(limiter.canSample(1));
        insert(limiter);
        assertFalse(limiter.canSample(1));
        insert(limiter);
        assertTrue(limiter.canSample(1));
        assertEquals(2, limiter.sampleBlockedPolls());
    }

    @Test
    void shouldNotBlockOperationsWithinTheBufferWhenReverbOperationsWithinTheBuffer() {
        final RateLimiter limiter = RateLimiter.sampleToInsertRatio(1.5, 1, -3.0, 3.1);
        insert(limiter); // diff 1.5, below min size
        insert(limiter); // diff 3.0 <= 3.1
        for (int i = 0; i < 6; i++) {
            sample(limiter); // diff 2, 1, 0, -1, -2, -3 >= -3
        }
        assertFalse(limiter.canSample(1)); // would be -4
    }

    @Test
    void shouldBlockCallsThatExceedTheMinMaxLimitsWhenReverbBlocksCallsThatExceedsTheMinMaxLimits() {
        final RateLimiter limiter = RateLimiter.sampleToInsertRatio(1.5, 2, -1.0, 3.0);
        assertFalse(limiter.canSample(1)); // diff 0, no inserts
        insert(limiter); // diff 1.5
        assertFalse(limiter.canSample(1));
        insert(limiter); // diff 3.0
        sample(limiter); // diff 2.0
        assertFalse(limiter.canInsert(1)); // would be 3.5
        sample(limiter); // diff 1.0
        assertTrue(limiter.canInsert(1)); // 2.5
        assertEquals(1, limiter.insertBlockedPolls());
        assertEquals(2, limiter.sampleBlockedPolls());
    }

    @Test
    void shouldAllowAtMostTwoSamplesWhenReverbCanSample() {
        final RateLimiter limiter = RateLimiter.sampleToInsertRatio(1.0, 1, -1.0, 1.0);
        assertFalse(limiter.canSample(1));
        insert(limiter);
        assertTrue(limiter.canSample(1)); // diff 0
        assertTrue(limiter.canSample(2)); // diff -1
        assertFalse(limiter.canSample(3)); // diff -2
    }

    @Test
    void shouldAllowOneInsertBeyondMinSizeWhenReverbCanInsert() {
        final RateLimiter limiter = RateLimiter.sampleToInsertRatio(1.5, 2, 0.0, 5.0);
        assertTrue(limiter.canInsert(1)); // 1.5, below min size
        assertTrue(limiter.canInsert(2)); // 3.0, at min size
        assertTrue(limiter.canInsert(3)); // 4.5
        assertFalse(limiter.canInsert(4)); // 6.0
        limiter.inserted(3);
        assertFalse(limiter.canInsert(1)); // 6.0
        sample(limiter); // 3.5
        sample(limiter); // 2.5
        assertTrue(limiter.canInsert(1)); // 4.0
        assertFalse(limiter.canInsert(2)); // 5.5
    }

    @Test
    void shouldValidateSettingsWhenReverbPythonValidates() {
        // single error buffer: must be >= max(1, spi)
        assertThrows(IllegalArgumentException.class, () -> RateLimiter.sampleToInsertRatio(5, 10, 4));
        assertThrows(IllegalArgumentException.class, () -> RateLimiter.sampleToInsertRatio(0.5, 10, 0.9));
        assertDoesNotThrow(() -> RateLimiter.sampleToInsertRatio(0.5, 10, 1.1));
        // explicit ranges
        assertThrows(IllegalArgumentException.class, () -> RateLimiter.sampleToInsertRatio(5, 10, 8, 12));
        assertThrows(IllegalArgumentException.class, () -> RateLimiter.sampleToInsertRatio(0.1, 10, 9.5, 10.5));
        assertDoesNotThrow(() -> RateLimiter.sampleToInsertRatio(1, 10, 5, 9)); // warns only
        assertThrows(IllegalArgumentException.class, () -> RateLimiter.sampleToInsertRatio(1, 10, 11, 15));
        assertThrows(IllegalArgumentException.class, () -> RateLimiter.sampleToInsertRatio(1, 0, -100, 100));
        assertDoesNotThrow(() -> RateLimiter.sampleToInsertRatio(1, 10, 7, 12));
        // MinSize
        assertThrows(IllegalArgumentException.class, () -> RateLimiter.minSize(-1));
        assertThrows(IllegalArgumentException.class, () -> RateLimiter.minSize(0));
        assertDoesNotThrow(() -> RateLimiter.minSize(1));
    }

    @Test
    void shouldPlaceTheWindowAroundSpiTimesMinSizeWhenGivenOneErrorBuffer() {
        final RateLimiter limiter = RateLimiter.sampleToInsertRatio(4, 1000, 300);
        assertEquals(3700.0, limiter.minDiff());
        assertEquals(4300.0, limiter.maxDiff());
    }

    @Test
    void shouldBlockOnlySamplingBelowMinSizeWhenMinSize() {
        final RateLimiter limiter = RateLimiter.minSize(100);
        assertTrue(limiter.canInsert(100));
        limiter.inserted(99);
        assertFalse(limiter.canSample(1));
        limiter.inserted(1);
        assertTrue(limiter.canSample(1_000_000_000L));
        limiter.sampled(1_000_000_000L);
        assertTrue(limiter.canInsert(1_000_000_000L));
        assertTrue(limiter.canSample(256));
    }

    @Test
    void shouldCountBatchesInTransitionsWhenBatched() {
        // spi 4, min size 1000, error buffer 300: window [3700, 4300] of inserts * 4 - samples
        final RateLimiter limiter = RateLimiter.sampleToInsertRatio(4, 1000, 300);
        limiter.inserted(960);
        assertTrue(limiter.canInsert(40)); // reaches the min size exactly: free
        assertTrue(limiter.canInsert(64)); // 1024 * 4 = 4096 <= 4300
        assertFalse(limiter.canSample(1)); // 960 < min size
        limiter.inserted(64);
        assertFalse(limiter.canInsert(64)); // 1088 * 4 = 4352 > 4300
        assertTrue(limiter.canInsert(50)); // 1074 * 4 = 4296
        assertTrue(limiter.canSample(256)); // 4096 - 256 = 3840 >= 3700
        assertTrue(limiter.canSample(396)); // 3700: the bound is inclusive
        assertFalse(limiter.canSample(397)); // 3699
        limiter.sampled(256);
        assertTrue(limiter.canInsert(64)); // 1088 * 4 - 256 = 4096
        assertFalse(limiter.canSample(256)); // 3840 - 256 = 3584
        assertEquals(-160.0, limiter.error()); // (1024 - 1000) * 4 - 256
        assertEquals(256.0 / 24, limiter.observedSamplesPerInsert(), 1e-12);
        assertEquals(1, limiter.insertBlockedPolls());
        assertEquals(3, limiter.sampleBlockedPolls());
    }

    @Test
    void shouldAcceptBatchSizesWhenWindowHoldsOneOfEach() {
        final RateLimiter limiter = RateLimiter.sampleToInsertRatio(4, 1000, 300);
        assertDoesNotThrow(() -> limiter.requireNoDeadlock(64, 256)); // 600 >= 64 * 4 + 256; 1063 * 4 <= 4300
        assertThrows(IllegalArgumentException.class, () -> limiter.requireNoDeadlock(64, 512)); // 600 < 768
        final String tooNarrow = assertThrows(IllegalArgumentException.class,
            () -> RateLimiter.sampleToInsertRatio(4, 1000, 100).requireNoDeadlock(64, 256)).getMessage();
        assertTrue(tooNarrow.endsWith("use an error buffer of at least 256.0"), tooNarrow);
        final String crossing = assertThrows(IllegalArgumentException.class,
            () -> RateLimiter.sampleToInsertRatio(4, 1000, 3000, 4100).requireNoDeadlock(64, 256)).getMessage();
        assertTrue(crossing.contains("would need diff 4252.0 > maxDiff 4100.0"), crossing); // (999 + 64) * 4
    }

    @Test
    void shouldKeepTheErrorWithinTheBufferAndNeverBlockBothWhenBothSidesAreEager() {
        final double spi = 4;
        final long minSize = 1000;
        final double errorBuffer = 300;
        final RateLimiter limiter = RateLimiter.sampleToInsertRatio(spi, minSize, errorBuffer);
        limiter.requireNoDeadlock(64, 256);
        final SplittableRandom random = new SplittableRandom(17);
        long insertBatch = 1 + random.nextInt(64);
        long sampleBatch = 1 + random.nextInt(256);
        boolean sampledOnce = false;
        for (int step = 0; step < 200_000; step++) {
            final boolean insertFirst = random.nextBoolean();
            final boolean canInsert = limiter.canInsert(insertBatch);
            final boolean canSample = limiter.canSample(sampleBatch);
            assertTrue(canInsert || canSample, "both blocked at " + limiter);
            if (canInsert && (insertFirst || !canSample)) {
                limiter.inserted(insertBatch);
                insertBatch = 1 + random.nextInt(64);
            } else {
                limiter.sampled(sampleBatch);
                sampleBatch = 1 + random.nextInt(256);
                sampledOnce = true;
            }
            final double diff = limiter.inserts() * spi - limiter.samples();
            assertTrue(diff <= limiter.maxDiff(), "diff " + diff + " above max at " + limiter);
            assertTrue(!sampledOnce || diff >= limiter.minDiff(), "diff " + diff + " below min at " + limiter);
            assertTrue(!sampledOnce || Math.abs(limiter.error()) <= errorBuffer, "error " + limiter.error());
        }
        assertEquals(spi, limiter.observedSamplesPerInsert(), 0.01);
    }
}
