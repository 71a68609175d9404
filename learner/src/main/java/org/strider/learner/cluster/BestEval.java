package org.strider.learner.cluster;

import java.util.Locale;
import org.strider.learner.train.Evaluation;

/**
 * The best evaluation of a run so far: its mean return, and when it happened (env steps, updates). The learner
 * writes {@code checkpoints/best.ckpt} each time a new one is found, and this record beside it as
 * {@code checkpoints/best.json}.
 */
public record BestEval(long envStep, long updates, double mean) {
    public BestEval {
        if (envStep < 0 || updates < 0 || !Double.isFinite(mean)) {
            throw new IllegalArgumentException("best evaluation needs env step >= 0, updates >= 0 and a finite mean: "
                + envStep + ", " + updates + ", " + mean);
        }
    }

    public static BestEval of(final Evaluation e) {
        return new BestEval(e.envStep(), e.updates(), e.mean());
    }

    /** Whether {@code e} beats {@code best} (null: nothing yet, so any finite mean does). */
    public static boolean improves(final BestEval best, final Evaluation e) {
        return Double.isFinite(e.mean()) && (best == null || e.mean() > best.mean);
    }

    /** One JSON object: {@code {"step": .., "updates": .., "eval_mean": ..}}. */
    public String toJson() {
        return String.format(Locale.ROOT, "{\"step\": %d, \"updates\": %d, \"eval_mean\": %s}%n", envStep, updates,
            Double.toString(mean));
    }
}
