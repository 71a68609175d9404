package org.strider.learner.dqn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EpsilonScheduleTest {
    @Test
    void shouldDecayLinearlyThenHold() {
        final EpsilonSchedule e = new EpsilonSchedule(DqnConfig.Schedule.LINEAR, 1.0, 0.04, 8_000);
        assertEquals(1.0, e.at(0));
        assertEquals(0.52, e.at(4_000), 1e-12);
        assertEquals(0.04, e.at(8_000), 1e-12);
        assertEquals(0.04, e.at(1_000_000), 1e-12);
        assertEquals(0.1, new EpsilonSchedule(DqnConfig.Schedule.LINEAR, 1.0, 0.1, 0).at(0));
    }

    @Test
    void shouldDecayExponentiallyAsTheSeed() {
        final EpsilonSchedule e = new EpsilonSchedule(DqnConfig.Schedule.EXPONENTIAL, 0.9, 0.01, 500);
        assertEquals(0.9, e.at(0), 1e-12);
        assertEquals(0.01 + 0.89 * Math.exp(-1), e.at(500), 1e-12);
        assertEquals(0.01, e.at(100_000), 1e-12);
    }

    @Test
    void shouldGiveApeXEpsilonsPerActor() {
        assertEquals(0.4, EpsilonSchedule.apeX(0, 8), 1e-15);
        assertEquals(Math.pow(0.4, 8), EpsilonSchedule.apeX(7, 8), 1e-15);
        assertEquals(Math.pow(0.4, 1 + 7.0 * 3 / 7), EpsilonSchedule.apeX(3, 8), 1e-15);
        assertEquals(0.4, EpsilonSchedule.apeX(0, 1), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> EpsilonSchedule.apeX(8, 8));
        assertThrows(IllegalArgumentException.class, () -> EpsilonSchedule.apeX(0, 4, 1.5, 7));
    }
}
