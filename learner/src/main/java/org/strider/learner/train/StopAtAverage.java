package org.strider.learner.train;

/**
 * The seed notebooks' stop criterion: end training once the average undiscounted return of the last
 * {@code window} training episodes reaches {@code threshold} (seed 002: 150 over 100 episodes; the classic
 * CartPole "solved" bar: 195 over 100). Checked by every trainer after each finished episode (see
 * {@link TrainSettings#stopAt()}); nothing stops before {@code window} episodes have finished in the current
 * {@code runUntil} call (a resumed run refills its window).
 */
public record StopAtAverage(double threshold, int window) {
    public StopAtAverage {
        if (!Double.isFinite(threshold) || window < 1) {
            throw new IllegalArgumentException("stop-at-average needs a finite threshold and a window >= 1, got "
                + threshold + " over " + window);
        }
    }

    /** A fresh window of returns. */
    public Window newWindow() {
        return new Window(window);
    }

    @Override
    public String toString() {
        return "average >= " + threshold + " over " + window + " episodes";
    }

    /** The last {@code window} returns in a ring, with their running sum. */
    public final class Window {
        private final double[] returns;
        private int count;
        private int next;

        private Window(final int size) {
            this.returns = new double[size];
        }

        /** Adds one finished episode's return; true once the window is full and its average reaches the bar. */
        public boolean add(final double episodeReturn) {
            returns[next] = episodeReturn;
            next = (next + 1) % returns.length;
            count = Math.min(count + 1, returns.length);
            return reached();
        }

        public boolean reached() {
            return count == returns.length && average() >= threshold;
        }

        /** Average of the returns held (NaN before the first). */
        public double average() {
            if (count == 0) {
                return Double.NaN;
            }
            double sum = 0;
            for (int i = 0; i < count; i++) {
                sum += returns[i];
            }
            return sum / count;
        }

        public int count() {
            return count;
        }
    }
}
