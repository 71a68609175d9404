package org.strider.learner.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.strider.random.SplitMix64;

class HuberLossTest {
    @Test
    void shouldMatchHandValuesOfSmoothL1() {
        // d = 0.5: 0.5 * 0.25 = 0.125; d = -2: 2 - 0.5 = 1.5; d = 1 (boundary, outside): 0.5; d = 0: 0.
        final float[] prediction = {1.5f, -1f, 3f, 4f};
        final float[] target = {1f, 1f, 2f, 4f};
        assertEquals((0.125 + 1.5 + 0.5 + 0) / 4, HuberLoss.value(prediction, target, 4, 1.0), 1e-12);
        final float[] grad = new float[4];
        HuberLoss.gradient(prediction, target, 4, 1.0, grad);
        assertArrayEquals(new float[] {0.125f, -0.25f, 0.25f, 0f}, grad);
        // beta 2 (PyTorch smooth_l1_loss(beta=2)): d = -2 is on the boundary: 2 - 1 = 1; d = 0.5: 0.25 * 0.5 / 2.
        assertEquals((0.0625 + 1 + 0.25 + 0) / 4, HuberLoss.value(prediction, target, 4, 2.0), 1e-12);
    }

    @Test
    void shouldMatchFiniteDifferencesInFloat64() {
        final SplitMix64 rng = new SplitMix64(21);
        final int n = 40;
        final double[] prediction = new double[n];
        final double[] target = new double[n];
        for (int i = 0; i < n; i++) {
            prediction[i] = rng.nextDouble(-3, 3);
            target[i] = rng.nextDouble(-3, 3);
        }
        for (final double delta : new double[] {1.0, 0.5, 2.0}) {
            final double[] analytic = new double[n];
            HuberLoss.gradient(prediction, target, n, delta, analytic);
            final double h = 1e-6;
            for (int i = 0; i < n; i++) {
                final double original = prediction[i];
                prediction[i] = original + h;
                final double plus = HuberLoss.value(prediction, target, n, delta);
                prediction[i] = original - h;
                final double minus = HuberLoss.value(prediction, target, n, delta);
                prediction[i] = original;
                final double numeric = (plus - minus) / (2 * h);
                assertTrue(Math.abs(numeric - analytic[i]) <= 1e-5 * Math.abs(numeric) + 1e-9,
                    "delta " + delta + " [" + i + "]: analytic " + analytic[i] + " numeric " + numeric);
            }
        }
    }
}
