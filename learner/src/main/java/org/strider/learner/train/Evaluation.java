package org.strider.learner.train;

import java.util.Arrays;

/**
 * One evaluation: the deterministic policy's undiscounted return on each fixed evaluation episode, after
 * {@code envStep} training env steps and {@code updates} updates.
 */
public record Evaluation(long envStep, long updates, double[] returns) {
    public Evaluation {
        returns = returns.clone();
    }

    @Override
    public double[] returns() {
        return returns.clone();
    }

    public double mean() {
        double sum = 0;
        for (final double r : returns) {
            sum += r;
        }
        return sum / returns.length;
    }

    /** Population standard deviation (NumPy's default, ddof 0). */
    public double std() {
        final double mean = mean();
        double sq = 0;
        for (final double r : returns) {
            sq += (r - mean) * (r - mean);
        }
        return Math.sqrt(sq / returns.length);
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Evaluation e && e.envStep == envStep && e.updates == updates
            && Arrays.equals(e.returns, returns);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(envStep) * 31 + Arrays.hashCode(returns);
    }

    @Override
    public String toString() {
        return String.format("Evaluation[step %d, updates %d, mean %.2f, std %.2f over %d episodes]", envStep,
            updates, mean(), std(), returns.length);
    }
}
