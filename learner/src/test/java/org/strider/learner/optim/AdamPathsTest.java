package org.strider.learner.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.strider.random.SplitMix64;

/**
 * The host loop (CPU backend) and ND4J's fused adam_updater path give the same steps as PyTorch's formula
 * computed here in float64 from the same float32 inputs, to float32 rounding.
 */
class AdamPathsTest {
    private static final int N = 5000;
    private static final int STEPS = 6;

    @Test
    void shouldUseTheHostLoopOnTheCpuBackendForWholeVectors() {
        final INDArray p = Nd4j.create(DataType.FLOAT, 10);
        assertTrue(new Adam(p, Nd4j.create(DataType.FLOAT, 10), 1e-3, 0.9, 0.999, 1e-8, 0).usesHostLoop());
        assertFalse(new Adam(p, Nd4j.create(DataType.FLOAT, 10), 1e-3, 0.9, 0.999, 1e-8, 0, false).usesHostLoop());
        final INDArray big = Nd4j.create(DataType.FLOAT, 20);
        final INDArray view = big.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(5, 15));
        assertFalse(new Adam(view, Nd4j.create(DataType.FLOAT, 10), 1e-3, 0.9, 0.999, 1e-8, 0).usesHostLoop());
    }

    @Test
    void shouldMatchPyTorchsFormulaOnBothPathsInFloat32() {
        for (final boolean host : new boolean[] {true, false}) {
            for (final double decay : new double[] {0.0, 0.01}) {
                check(DataType.FLOAT, host, decay, 3e-4, 2e-6);
            }
        }
    }

    @Test
    void shouldMatchPyTorchsFormulaOnBothPathsInFloat64() {
        for (final boolean host : new boolean[] {true, false}) {
            check(DataType.DOUBLE, host, 0.01, 1e-2, 1e-13);
        }
    }

    @Test
    void shouldLeaveParametersAloneWithZeroLearningRateButMoveTheMoments() {
        for (final boolean host : new boolean[] {true, false}) {
            final INDArray p = Nd4j.createFromArray(1f, -2f, 0.5f);
            final INDArray g = Nd4j.createFromArray(0.5f, -1f, 2f);
            final Adam adam = new Adam(p, g, 0.0, 0.9, 0.999, 1e-8, 0, host);
            adam.step();
            assertArrayEquals(new float[] {1f, -2f, 0.5f}, p.toFloatVector(), 0f);
            assertArrayEquals(new float[] {0.05f, -0.1f, 0.2f}, adam.firstMoment().toFloatVector(), 1e-7f);
        }
    }

    @Test
    void shouldContinueAfterRestoreOnTheHostLoopAsWithoutInterruption() {
        final SplitMix64 rng = new SplitMix64(3);
        final INDArray a = random(DataType.FLOAT, rng);
        final INDArray b = a.dup();
        final INDArray ga = Nd4j.create(DataType.FLOAT, N);
        final INDArray gb = Nd4j.create(DataType.FLOAT, N);
        final Adam first = new Adam(a, ga, 1e-3, 0.9, 0.999, 1e-8, 0);
        ga.assign(random(DataType.FLOAT, rng));
        first.step();
        b.assign(a);
        final Adam second = new Adam(b, gb, 1e-3, 0.9, 0.999, 1e-8, 0);
        second.restore(first.stepCount(), first.firstMoment().dup(), first.secondMoment().dup());
        final INDArray g2 = random(DataType.FLOAT, rng);
        ga.assign(g2);
        gb.assign(g2);
        first.step();
        second.step();
        assertArrayEquals(a.toFloatVector(), b.toFloatVector(), 0f);
        assertArrayEquals(first.secondMoment().toFloatVector(), second.secondMoment().toFloatVector(), 0f);
    }

    /** Runs {@link #STEPS} steps on random data and compares params and moments with a float64 reference. */
    private static void check(final DataType type, final boolean host, final double decay, final double lr,
        final double tolerance) {
        final SplitMix64 rng = new SplitMix64(11);
        final INDArray params = random(type, rng);
        final INDArray grads = Nd4j.create(type, N);
        final double[] p = params.toDoubleVector();
        final double[] m = new double[N];
        final double[] v = new double[N];
        final Adam adam = new Adam(params, grads, lr, 0.9, 0.999, 1e-8, decay, host);
        assertEquals(host, adam.usesHostLoop());
        for (int t = 1; t <= STEPS; t++) {
            final INDArray g = random(type, rng);
            grads.assign(g);
            final double[] gv = g.toDoubleVector();
            adam.step();
            final double bc1 = 1 - Math.pow(0.9, t);
            final double bc2 = 1 - Math.pow(0.999, t);
            for (int i = 0; i < N; i++) {
                final double gi = gv[i] + decay * p[i];
                m[i] = 0.9 * m[i] + 0.1 * gi;
                v[i] = 0.999 * v[i] + 0.001 * gi * gi;
                p[i] -= lr / bc1 * m[i] / (Math.sqrt(v[i]) / Math.sqrt(bc2) + 1e-8);
            }
            assertArrayEquals(gv, grads.toDoubleVector(), 0.0, "the gradient is left unchanged");
        }
        assertArrayEquals(p, params.toDoubleVector(), tolerance, "params, host loop " + host + ", decay " + decay);
        assertArrayEquals(m, adam.firstMoment().toDoubleVector(), tolerance, "first moment");
        assertArrayEquals(v, adam.secondMoment().toDoubleVector(), tolerance, "second moment");
    }

    private static INDArray random(final DataType type, final SplitMix64 rng) {
        final double[] values = new double[N];
        for (int i = 0; i < N; i++) {
            values[i] = rng.nextDouble(-1, 1);
        }
        return Nd4j.createFromArray(values).castTo(type);
    }
}
