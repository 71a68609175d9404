package org.strider.run;

import org.strider.learner.train.Evaluation;

/** One evaluation as a row of {@code eval.csv}, the progress line and the summary show it. */
public record EvalRow(long step, long updates, double mean, double std) {
    public static EvalRow of(final Evaluation e) {
        return new EvalRow(e.envStep(), e.updates(), e.mean(), e.std());
    }
}
