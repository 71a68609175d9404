package org.strider.cli;

import java.util.Locale;
import org.strider.learner.cluster.BestEval;
import org.strider.run.RunFiles;

/** The one-line state of a training run, for {@code strider local} and {@code strider learner}. */
final class RunProgress {
    private RunProgress() {
    }

    /**
     * {@code env  step n/N  steps/s  updates (per s)  weights vV  eval last (best B at step S)  episodes E  ETA};
     * rates and the ETA over this process's part of the run (a resumed run's from its checkpoint on).
     */
    static String line(final String env, final RunFiles files, final long steps, final double seconds) {
        final double time = Math.max(seconds, 1e-9);
        final double rate = (files.envSteps() - files.startSteps()) / time;
        final String eta = rate > 0 ? duration(Math.max(0, steps - files.envSteps()) / rate) : "-";
        final BestEval best = files.best();
        return String.format(Locale.ROOT, "%s  step %d/%d  %.0f steps/s  %d updates (%.0f/s)  weights v%d  eval %s"
            + "  best %s  episodes %d  ETA %s", env, files.envSteps(), steps, rate, files.updates(),
            (files.updates() - files.startUpdates()) / time, files.weightsVersion(),
            Double.isNaN(files.lastEval()) ? "-" : String.format(Locale.ROOT, "%.1f", files.lastEval()),
            best == null ? "-" : String.format(Locale.ROOT, "%.1f@%d", best.mean(), best.envStep()),
            files.episodes(), eta);
    }

    /** {@code 42 s}, {@code 3m05s}, {@code 2h07m}. */
    static String duration(final double seconds) {
        final long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
