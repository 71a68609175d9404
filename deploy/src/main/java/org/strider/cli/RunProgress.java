package org.strider.cli;

import java.util.Locale;
import org.strider.run.RunFiles;

/** The one-line state of a training run, for {@code strider local} and {@code strider learner}. */
final class RunProgress {
    private RunProgress() {
    }

    static String line(final String env, final RunFiles files, final long steps, final double seconds) {
        final double rate = files.envSteps() / Math.max(seconds, 1e-9);
        final String eta = rate > 0 ? String.format(Locale.ROOT, "%.0f s", (steps - files.envSteps()) / rate) : "-";
        return String.format(Locale.ROOT, "%s  step %d/%d  %.0f steps/s  %d updates (%.0f/s)  weights v%d  eval %s"
            + "  episodes %d  ETA %s", env, files.envSteps(), steps, rate, files.updates(),
            files.updates() / Math.max(seconds, 1e-9), files.weightsVersion(),
            Double.isNaN(files.lastEval()) ? "-" : String.format(Locale.ROOT, "%.1f", files.lastEval()),
            files.episodes(), eta);
    }
}
