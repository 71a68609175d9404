package org.strider.k8s;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the learner publishes about its run ({@link RunAnnotations}): env steps so far, the best and the last mean
 * evaluation return (NaN: none yet), and the state ({@link StriderLabels#STATE_RUNNING}, {@code finished},
 * {@code failed}).
 */
public record LearnerStatus(long envSteps, double bestEval, double lastEval, String state) {
    /**
     * As pod annotations ({@link StriderLabels#ENV_STEPS}, {@code BEST_EVAL}, {@code LAST_EVAL}, {@code STATE});
     * an evaluation not made yet is left out (a missing annotation reads as "not yet").
     */
    public Map<String, String> annotations() {
        final Map<String, String> a = new LinkedHashMap<>();
        a.put(StriderLabels.ENV_STEPS, Long.toString(envSteps));
        if (!Double.isNaN(bestEval)) {
            a.put(StriderLabels.BEST_EVAL, String.format(Locale.ROOT, "%.4f", bestEval));
        }
        if (!Double.isNaN(lastEval)) {
            a.put(StriderLabels.LAST_EVAL, String.format(Locale.ROOT, "%.4f", lastEval));
        }
        a.put(StriderLabels.STATE, state);
        return a;
    }
}
