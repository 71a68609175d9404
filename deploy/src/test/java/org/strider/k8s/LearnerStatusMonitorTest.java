package org.strider.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.strider.learner.cluster.RunMonitor;
import org.strider.learner.train.Evaluation;

class LearnerStatusMonitorTest {
    @Test
    void shouldKeepTheBestEvaluationEvenWhenALaterOneIsWorse() {
        final List<String> seen = new ArrayList<>();
        final LearnerStatusMonitor m = new LearnerStatusMonitor(new RunMonitor() {
            @Override
            public void onEvaluation(final Evaluation e) {
                seen.add("eval " + e.envStep());
            }

            @Override
            public void onFinished(final String reason, final Throwable failure) {
                seen.add(reason);
            }
        });
        final LearnerStatus before = m.status(StriderLabels.STATE_RUNNING);
        assertTrue(Double.isNaN(before.bestEval()) && Double.isNaN(before.lastEval()));
        assertEquals(0, before.envSteps());
        m.onEvaluation(new Evaluation(1000, 900, new double[] {-800, -900}));
        m.onEvaluation(new Evaluation(2000, 1900, new double[] {-150, -250}));
        m.onEvaluation(new Evaluation(3000, 2900, new double[] {-400, -400}));
        m.onFinished("reached 3000 env steps", null);
        final LearnerStatus s = m.status(StriderLabels.STATE_FINISHED);
        assertEquals(-200.0, s.bestEval());
        assertEquals(-400.0, s.lastEval());
        assertEquals(3000, s.envSteps());
        assertEquals(List.of("eval 1000", "eval 2000", "eval 3000", "reached 3000 env steps"), seen, "passed on");
        assertEquals("-200.0000", s.annotations().get(StriderLabels.BEST_EVAL));
        assertEquals(StriderLabels.STATE_FINISHED, s.annotations().get(StriderLabels.STATE));
    }
}
