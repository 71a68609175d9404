package org.strider.learner.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.strider.learner.td3.Td3Metrics;

class LearnerStatsWindowTest {
    private static Td3Metrics metrics(final long update, final double q1, final double q2, final double actor,
        final boolean actorUpdated, final double meanQ, final double td) {
        final Td3Metrics m = new Td3Metrics();
        m.update = update;
        m.q1Loss = q1;
        m.q2Loss = q2;
        m.actorLoss = actor;
        m.actorUpdated = actorUpdated;
        m.meanQ = meanQ;
        m.tdError = td;
        return m;
    }

    @Test
    void shouldAverageEveryFigureOverTheWindowAndTheActorLossOverActorSteps() {
        final LearnerStatsWindow w = new LearnerStatsWindow(3, true);
        assertNull(w.add(metrics(1, 1, 3, Double.NaN, false, -1, 0.5), 10));
        assertNull(w.add(metrics(2, 2, 4, 6, true, -2, 1.0), 11));
        final LearnerStats row = w.add(metrics(3, 3, 5, 6, false, -3, 1.5), 12);
        assertEquals(new LearnerStats(3, 12, 3, 3.0, 6.0, -2.0, 1.0), row,
            "critic loss = mean of (q1+q2)/2 = (2+3+4)/3; actor loss only from update 2, the one that stepped it");
        assertNull(w.add(metrics(4, 1, 1, 2, true, 0, 0), 13), "a new window starts empty");
        final LearnerStats tail = w.flush(4, 13);
        assertEquals(1, tail.count());
        assertEquals(2.0, tail.actorLoss());
        assertNull(w.flush(4, 13), "nothing left after a flush");
    }

    @Test
    void shouldGiveNanActorLossWhenNoUpdateSteppedTheActorAndUseOneCriticForDdpg() {
        final LearnerStatsWindow w = new LearnerStatsWindow(2, false);
        w.add(metrics(1, 4, 100, Double.NaN, false, 0, 0), 1);
        final LearnerStats row = w.add(metrics(2, 2, 100, 5, false, 0, 0), 2);
        assertTrue(Double.isNaN(row.actorLoss()), row.toString());
        assertEquals(3.0, row.criticLoss(), "DDPG's critic loss is critic 1's");
        assertThrows(IllegalArgumentException.class, () -> new LearnerStatsWindow(0, true));
    }
}
