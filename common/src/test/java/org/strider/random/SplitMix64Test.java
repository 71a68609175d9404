package org.strider.random;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SplitMix64Test {
    @Test
    void shouldDrawTheSameSequenceAsSplittableRandom() {
        final SplitMix64 ours = new SplitMix64(42);
        final SplittableRandom jdk = new SplittableRandom(42);
        for (int i = 0; i < 10_000; i++) {
            assertEquals(jdk.nextLong(), ours.nextLong());
            assertEquals(jdk.nextInt(), ours.nextInt());
            assertEquals(jdk.nextInt(1_000_003), ours.nextInt(1_000_003));
            assertEquals(jdk.nextInt(1 << 20), ours.nextInt(1 << 20));
            assertEquals(jdk.nextInt(Integer.MAX_VALUE), ours.nextInt(Integer.MAX_VALUE));
            assertEquals(jdk.nextDouble(), ours.nextDouble());
            assertEquals(jdk.nextDouble(-3, 5), ours.nextDouble(-3, 5));
        }
    }

    @Test
    void shouldContinueExactlyFromASavedState() {
        final SplitMix64 a = new SplitMix64(7);
        for (int i = 0; i < 100; i++) {
            a.nextInt(977);
        }
        final SplitMix64 b = new SplitMix64(0).state(a.state());
        for (int i = 0; i < 100; i++) {
            assertEquals(a.nextInt(977), b.nextInt(977));
        }
    }
}
