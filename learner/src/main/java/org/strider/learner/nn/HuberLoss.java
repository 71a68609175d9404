package org.strider.learner.nn;

/**
 * PyTorch's {@code F.smooth_l1_loss(prediction, target, beta=δ)} with mean reduction, the DQN loss (SB3's DQN,
 * the seed notebook's {@code nn.SmoothL1Loss()}, δ = 1): per element with {@code d = prediction - target},
 * {@code 0.5 d² / δ} where {@code |d| < δ}, else {@code |d| - 0.5 δ}; δ = 0 is the L1 loss as in PyTorch. With
 * δ = 1 it equals the Huber loss; in general smooth_l1 = Huber / δ. Works on plain arrays: the DQN update
 * gathers Q(s, a) per row itself.
 */
public final class HuberLoss {
    private HuberLoss() {
    }

    /** The mean loss over {@code n} elements. */
    public static double value(final float[] prediction, final float[] target, final int n, final double delta) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += element(prediction[i] - (double) target[i], delta);
        }
        return sum / n;
    }

    /** {@link #value(float[], float[], int, double)} in float64. */
    public static double value(final double[] prediction, final double[] target, final int n, final double delta) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += element(prediction[i] - target[i], delta);
        }
        return sum / n;
    }

    /** {@link #gradient(float[], float[], int, double, float[])} in float64. */
    public static void gradient(final double[] prediction, final double[] target, final int n, final double delta,
        final double[] gradOut) {
        for (int i = 0; i < n; i++) {
            gradOut[i] = derivative(prediction[i] - target[i], delta) / n;
        }
    }

    /** The loss of one difference {@code d = prediction - target}. */
    public static double element(final double d, final double delta) {
        final double a = Math.abs(d);
        return a < delta ? 0.5 * d * d / delta : a - 0.5 * delta;
    }

    /** dLoss/dd of one element before the mean: {@code d / δ} inside, {@code sign(d)} outside. */
    public static double derivative(final double d, final double delta) {
        return Math.abs(d) < delta ? d / delta : Math.signum(d);
    }

    /** Writes dL/dPrediction {@code = derivative(d) / n} for the {@code n} elements into {@code gradOut}. */
    public static void gradient(final float[] prediction, final float[] target, final int n, final double delta,
        final float[] gradOut) {
        for (int i = 0; i < n; i++) {
            gradOut[i] = (float) (derivative(prediction[i] - (double) target[i], delta) / n);
        }
    }
}
