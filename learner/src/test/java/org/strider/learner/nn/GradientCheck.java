package org.strider.learner.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.strider.random.SplitMix64;

/**
 * Central finite differences in float64: perturbs each element of an array by ±h, re-evaluates the loss and
 * compares {@code (L(x+h) - L(x-h)) / 2h} with the analytic gradient, element by element:
 * {@code |analytic - numeric| <= RTOL * max(|analytic|, |numeric|) + ATOL}.
 */
final class GradientCheck {
    static final double H = 1e-6;
    static final double RTOL = 1e-5;
    static final double ATOL = 1e-9;

    private GradientCheck() {
    }

    /** Asserts {@code analytic} (a copy taken before calling) matches the numeric gradient of loss w.r.t. x. */
    static void assertMatches(final String what, final INDArray x, final double[] analytic, final DoubleSupplier loss) {
        final INDArray flat = x.reshape(x.length());
        double worst = 0;
        for (long i = 0; i < flat.length(); i++) {
            final double original = flat.getDouble(i);
            flat.putScalar(i, original + H);
            final double plus = loss.getAsDouble();
            flat.putScalar(i, original - H);
            final double minus = loss.getAsDouble();
            flat.putScalar(i, original);
            final double numeric = (plus - minus) / (2 * H);
            final double a = analytic[(int) i];
            final double error = Math.abs(a - numeric);
            final double bound = RTOL * Math.max(Math.abs(a), Math.abs(numeric)) + ATOL;
            worst = Math.max(worst, error / bound);
            assertTrue(error <= bound, what + "[" + i + "]: analytic " + a + " vs numeric " + numeric);
        }
        assertTrue(worst <= 1.0, what);
    }

    /** Standard-normal-ish values (sum of uniforms) in a new float64 array, seeded. */
    static INDArray random(final SplitMix64 rng, final long... shape) {
        final INDArray a = Nd4j.create(DataType.DOUBLE, shape);
        final INDArray flat = a.reshape(a.length());
        for (long i = 0; i < flat.length(); i++) {
            double s = 0;
            for (int k = 0; k < 4; k++) {
                s += rng.nextDouble() - 0.5;
            }
            flat.putScalar(i, s * Math.sqrt(3.0));
        }
        return a;
    }

    /** {@code sum(y ⊙ weights)}: a loss whose gradient w.r.t. y is {@code weights}. */
    static double weightedSum(final INDArray y, final INDArray weights) {
        return y.mul(weights).sumNumber().doubleValue();
    }

    static double[] copy(final INDArray a) {
        return a.dup().reshape(a.length()).toDoubleVector();
    }
}
