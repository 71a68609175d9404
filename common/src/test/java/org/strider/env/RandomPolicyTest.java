package org.strider.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RandomPolicyTest {
    @Test
    void shouldDrawInsideBoxBoundsAndCoverThem() {
        final Box box = new Box(new float[] {-1f, 0f, 10f}, new float[] {1f, 0.5f, 10f}, 3);
        final RandomPolicy policy = new RandomPolicy(box, 7);
        final float[] action = new float[3];
        float min0 = Float.MAX_VALUE;
        float max0 = -Float.MAX_VALUE;
        for (int i = 0; i < 10_000; i++) {
            policy.act(action);
            assertTrue(box.contains(action), () -> java.util.Arrays.toString(action));
            min0 = Math.min(min0, action[0]);
            max0 = Math.max(max0, action[0]);
        }
        assertTrue(min0 < -0.99f && max0 > 0.99f, min0 + " " + max0);
    }

    @Test
    void shouldDrawEveryDiscreteIndexUniformly() {
        final RandomPolicy policy = new RandomPolicy(new Discrete(4), 3);
        final int[] counts = new int[4];
        final float[] actions = new float[8];
        for (int i = 0; i < 5_000; i++) {
            policy.act(actions, 8);
            for (final float a : actions) {
                counts[(int) a]++;
            }
        }
        for (final int c : counts) {
            assertEquals(10_000, c, 500);
        }
    }

    @Test
    void shouldRepeatSequenceForSameSeed() {
        final Box box = Box.uniform(-2f, 2f, 4);
        final RandomPolicy a = new RandomPolicy(box, 42);
        final RandomPolicy b = new RandomPolicy(box, 42);
        final float[] x = new float[4];
        final float[] y = new float[4];
        for (int i = 0; i < 100; i++) {
            a.act(x);
            b.act(y);
            assertArrayEquals(x, y);
        }
        a.reseed(42);
        final RandomPolicy c = new RandomPolicy(box, 42);
        a.act(x);
        c.act(y);
        assertArrayEquals(x, y);
    }

    @Test
    void shouldRejectUnboundedBox() {
        assertThrows(IllegalArgumentException.class,
            () -> new RandomPolicy(Box.uniform(Float.NEGATIVE_INFINITY, 1f, 2), 0));
    }
}
