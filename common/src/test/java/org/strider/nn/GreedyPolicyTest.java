package org.strider.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GreedyPolicyTest {
    @Test
    void shouldTakeTheFirstMaximumAndSkipNaN() {
        assertEquals(1, GreedyPolicy.argmax(new float[] {0f, 2f, 2f, 1f}, 0, 4));
        assertEquals(2, GreedyPolicy.argmax(new float[] {9f, 0f, -1f, 3f, 3f}, 1, 4));
        assertEquals(1, GreedyPolicy.argmax(new float[] {Float.NaN, -5f, -6f}, 0, 3));
        assertEquals(0, GreedyPolicy.argmax(new float[] {Float.NaN, Float.NaN}, 0, 2));
        assertEquals(0, GreedyPolicy.argmax(new float[] {Float.NEGATIVE_INFINITY}, 0, 1));
    }

    @Test
    void shouldActOnTheArgmaxOfTheInferenceOutput() {
        final MlpSpec spec = MlpSpec.mlp(4, new int[] {8}, Activation.RELU, 3);
        final float[] params = new float[spec.paramCount()];
        final SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < params.length; i++) {
            params[i] = (float) rng.nextDouble(-1, 1);
        }
        final GreedyPolicy policy = new GreedyPolicy(spec, 5);
        policy.load(params);
        final MlpInference reference = new MlpInference(spec, 5);
        reference.load(params);
        final float[] obs = new float[5 * 4];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = (float) rng.nextDouble(-2, 2);
        }
        final float[] q = new float[15];
        reference.forward(obs, 5, q);
        final int[] expected = new int[5];
        for (int r = 0; r < 5; r++) {
            int best = 0;
            for (int a = 1; a < 3; a++) {
                best = q[r * 3 + a] > q[r * 3 + best] ? a : best;
            }
            expected[r] = best;
        }
        final int[] actions = new int[5];
        policy.act(obs, 5, actions);
        assertArrayEquals(expected, actions);
        assertEquals(3, policy.actions());
        assertEquals(expected[0], policy.act(java.util.Arrays.copyOf(obs, 4)));
        assertArrayEquals(java.util.Arrays.copyOf(q, 3), java.util.Arrays.copyOf(policy.qValues(), 3));
    }
}
