package org.strider.learner.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Three Adam steps on a 3-element vector, against PyTorch's update written out by hand:
 * lr 0.1, betas (0.9, 0.999), eps 1e-8, params [1, -2, 0.5], gradients g1, g2, g3 below.
 */
class AdamTest {
    private static final double[] G1 = {0.5, -1.0, 2.0};
    private static final double[] G2 = {0.1, 0.0, -1.0};
    private static final double[] G3 = {-0.2, 0.3, 0.5};

    @Test
    void shouldMatchHandComputedStepsInFloat64() {
        final INDArray params = Nd4j.createFromArray(1.0, -2.0, 0.5);
        final INDArray grads = Nd4j.create(DataType.DOUBLE, 3);
        final Adam adam = new Adam(params, grads, 0.1, 0.9, 0.999, 1e-8, 0.0);

        // Step 1. m = 0.1 g1 = [0.05, -0.1, 0.2]; v = 0.001 g1² = [0.00025, 0.001, 0.004];
        // bias corrections 1 - 0.9 = 0.1 and 1 - 0.999 = 0.001, so m̂ = g1 and sqrt(v̂) = |g1| = [0.5, 1, 2]:
        // p -= 0.1 / 0.1 * m / (sqrt(v) / sqrt(0.001) + 1e-8)
        grads.assign(Nd4j.createFromArray(G1));
        adam.step();
        final double[] step1 = {
            1.0 - 1.0 * 0.05 / (0.5 + 1e-8),     // 0.900000002
            -2.0 - 1.0 * -0.1 / (1.0 + 1e-8),    // -1.900000001
            0.5 - 1.0 * 0.2 / (2.0 + 1e-8),      // 0.4000000005
        };
        assertArrayEquals(step1, params.toDoubleVector(), 1e-12);
        assertArrayEquals(new double[] {0.05, -0.1, 0.2}, adam.firstMoment().toDoubleVector(), 1e-15);
        assertArrayEquals(new double[] {0.00025, 0.001, 0.004}, adam.secondMoment().toDoubleVector(), 1e-15);

        // Step 2. m = 0.9 m + 0.1 g2 = [0.045 + 0.01, -0.09 + 0, 0.18 - 0.1] = [0.055, -0.09, 0.08];
        // v = 0.999 v + 0.001 g2² = [0.00024975 + 0.00001, 0.000999 + 0, 0.003996 + 0.001]
        //   = [0.00025975, 0.000999, 0.004996]; corrections 1 - 0.81 = 0.19 and 1 - 0.998001 = 0.001999.
        grads.assign(Nd4j.createFromArray(G2));
        adam.step();
        final double[] step2 = {
            step1[0] - 0.1 / 0.19 * 0.055 / (Math.sqrt(0.00025975) / Math.sqrt(0.001999) + 1e-8),  // 0.81969590638
            step1[1] - 0.1 / 0.19 * -0.09 / (Math.sqrt(0.000999) / Math.sqrt(0.001999) + 1e-8),   // -1.83299417653
            step1[2] - 0.1 / 0.19 * 0.08 / (Math.sqrt(0.004996) / Math.sqrt(0.001999) + 1e-8),    // 0.37336629670
        };
        assertArrayEquals(step2, params.toDoubleVector(), 1e-12);

        // Step 3. m = 0.9 m + 0.1 g3 = [0.0495 - 0.02, -0.081 + 0.03, 0.072 + 0.05] = [0.0295, -0.051, 0.122];
        // v = 0.999 v + 0.001 g3² = [0.00025949025 + 0.00004, 0.000998001 + 0.00009, 0.004991004 + 0.00025]
        //   = [0.00029949025, 0.001088001, 0.005241004]; corrections 1 - 0.729 = 0.271, 1 - 0.997002999 = 0.002997001.
        grads.assign(Nd4j.createFromArray(G3));
        adam.step();
        final double[] step3 = {
            step2[0] - 0.1 / 0.271 * 0.0295 / (Math.sqrt(0.00029949025) / Math.sqrt(0.002997001) + 1e-8),
            step2[1] - 0.1 / 0.271 * -0.051 / (Math.sqrt(0.001088001) / Math.sqrt(0.002997001) + 1e-8),
            step2[2] - 0.1 / 0.271 * 0.122 / (Math.sqrt(0.005241004) / Math.sqrt(0.002997001) + 1e-8),
        };
        assertArrayEquals(step3, params.toDoubleVector(), 1e-12);
        assertArrayEquals(new double[] {0.7852605318354889, -1.8017600277539443, 0.33932338213894264},
            params.toDoubleVector(), 1e-12);
        assertEquals(3, adam.stepCount());
    }

    @Test
    void shouldMatchTheSameStepsInFloat32() {
        final INDArray params = Nd4j.createFromArray(1f, -2f, 0.5f);
        final INDArray grads = Nd4j.create(DataType.FLOAT, 3);
        final Adam adam = new Adam(params, grads, 0.1, 0.9, 0.999, 1e-8, 0.0);
        for (final double[] g : new double[][] {G1, G2, G3}) {
            grads.assign(Nd4j.createFromArray(g).castTo(DataType.FLOAT));
            adam.step();
        }
        assertArrayEquals(new double[] {0.7852605318354889, -1.8017600277539443, 0.33932338213894264},
            params.toDoubleVector(), 2e-6);
    }

    @Test
    void shouldAddTheL2PenaltyToTheGradientWithoutChangingIt() {
        final INDArray params = Nd4j.createFromArray(1.0, -2.0, 0.5);
        final INDArray grads = Nd4j.createFromArray(G1);
        final Adam adam = new Adam(params, grads, 0.1, 0.9, 0.999, 1e-8, 0.5);
        adam.step();
        // g = g1 + 0.5 p = [0.5 + 0.5, -1 - 1, 2 + 0.25] = [1, -2, 2.25]; the first step moves each by lr * g/(|g| + eps).
        assertArrayEquals(new double[] {1.0 - 0.1 * 1 / (1 + 1e-8), -2.0 + 0.1 * 2 / (2 + 1e-8),
            0.5 - 0.1 * 2.25 / (2.25 + 1e-8)}, params.toDoubleVector(), 1e-12);
        assertArrayEquals(G1, grads.toDoubleVector(), 0.0);
    }

    @Test
    void shouldContinueIdenticallyAfterRestore() {
        final INDArray a = Nd4j.createFromArray(1.0, -2.0, 0.5);
        final INDArray ga = Nd4j.create(DataType.DOUBLE, 3);
        final Adam first = new Adam(a, ga, 0.1, 0.9, 0.999, 1e-8, 0.0);
        ga.assign(Nd4j.createFromArray(G1));
        first.step();

        final INDArray b = a.dup();
        final INDArray gb = Nd4j.create(DataType.DOUBLE, 3);
        final Adam second = new Adam(b, gb, 0.1, 0.9, 0.999, 1e-8, 0.0);
        second.restore(first.stepCount(), first.firstMoment().dup(), first.secondMoment().dup());

        ga.assign(Nd4j.createFromArray(G2));
        gb.assign(Nd4j.createFromArray(G2));
        first.step();
        second.step();
        assertArrayEquals(a.toDoubleVector(), b.toDoubleVector(), 0.0);
    }

    @Test
    void shouldRejectMismatchedVectorsAndBadSettings() {
        final INDArray p = Nd4j.create(DataType.FLOAT, 3);
        assertThrows(IllegalArgumentException.class, () -> new Adam(p, Nd4j.create(DataType.FLOAT, 4), 0.1, 0.9, 0.999, 1e-8, 0));
        assertThrows(IllegalArgumentException.class, () -> new Adam(p, Nd4j.create(DataType.DOUBLE, 3), 0.1, 0.9, 0.999, 1e-8, 0));
        assertThrows(IllegalArgumentException.class, () -> new Adam(p, p.dup(), 0.1, 1.0, 0.999, 1e-8, 0));
        assertThrows(IllegalArgumentException.class, () -> new Adam(p, p.dup(), Double.NaN, 0.9, 0.999, 1e-8, 0));
    }
}
