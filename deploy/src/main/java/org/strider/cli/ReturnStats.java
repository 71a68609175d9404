package org.strider.cli;

import java.util.Arrays;

/**
 * Summary of episode returns and lengths, as the {@code heuristic} command prints it: mean, population standard
 * deviation ({@code np.std}), median (mean of the two middle values for an even count, as {@code np.median}),
 * min, max, mean length, and the fraction of episodes at or above the reward threshold (NaN when there is none).
 */
record ReturnStats(int episodes, double mean, double std, double median, double min, double max, double meanLength,
                   double threshold, int atThreshold) {

    static ReturnStats of(final double[] returns, final int[] lengths, final double threshold) {
        final int n = returns.length;
        if (n == 0 || lengths.length != n) {
            throw new IllegalArgumentException("need one length per return and at least one episode");
        }
        double sum = 0;
        long lengthSum = 0;
        int at = 0;
        for (int i = 0; i < n; i++) {
            sum += returns[i];
            lengthSum += lengths[i];
            if (returns[i] >= threshold) {
                at++;
            }
        }
        final double mean = sum / n;
        double squares = 0;
        for (final double r : returns) {
            squares += (r - mean) * (r - mean);
        }
        final double[] sorted = returns.clone();
        Arrays.sort(sorted);
        final double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new ReturnStats(n, mean, Math.sqrt(squares / n), median, sorted[0], sorted[n - 1],
            (double) lengthSum / n, threshold, at);
    }

    boolean hasThreshold() {
        return !Double.isNaN(threshold);
    }

    /** Fraction of episodes with return >= threshold; NaN when the env has no threshold. */
    double fractionAtThreshold() {
        return hasThreshold() ? (double) atThreshold / episodes : Double.NaN;
    }
}
