package org.strider.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The rollout spec of a DQN run: its ε-greedy fields on the wire, and bad values refused. */
class RolloutSpecTest {
    private final KryoPekkoSerializer serializer = new KryoPekkoSerializer();

    @Test
    void shouldCarryTheEpsilonScheduleOverTheWireWhenDiscrete() {
        final RolloutSpec spec = RolloutSpec.discrete("CartPole-v1", 2, new int[] {64, 64}, "RELU", "EXPONENTIAL",
            0.9, 0.01, 500, true, 4, 16);
        final RunSpec run = new RunSpec(1L, 2L, "algorithm=dqn", spec, 1, 100_000, 32.0, 1000, 608.0, 2, 50_000,
            false);
        final RolloutSpec back = ((RunSpec) serializer.fromBinaryJava(serializer.toBinary(run), null)).rollout();
        assertTrue(back.discrete());
        assertEquals("EXPONENTIAL", back.epsilonSchedule());
        assertEquals(0.9, back.epsilonStart());
        assertEquals(0.01, back.epsilonFinal());
        assertEquals(500, back.epsilonDecay());
        assertTrue(back.epsilonPerEpisode());
        assertEquals(4, back.apeXActors());
        assertArrayEquals(new int[] {64, 64}, back.actorHidden());
        assertFalse(new RolloutSpec("Pendulum-v1", 1, new int[] {8}, "RELU", "GAUSSIAN", 0.1, 0.1, 0, 0.15, 0.01, 1)
            .discrete(), "the continuous constructor makes a TD3 rollout");
    }

    @Test
    void shouldRefuseEpsilonOutsideZeroToOneOrAnUnknownScheduleWhenDiscrete() {
        final IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () ->
            RolloutSpec.discrete("CartPole-v1", 1, new int[] {8}, "RELU", "LINEAR", 1.5, 0.1, 100, false, 0, 1));
        assertTrue(range.getMessage().contains("1.5"), range.getMessage());
        final IllegalArgumentException exp = assertThrows(IllegalArgumentException.class, () ->
            RolloutSpec.discrete("CartPole-v1", 1, new int[] {8}, "RELU", "EXPONENTIAL", 1, 0.1, 0, false, 0, 1));
        assertTrue(exp.getMessage().contains("exponential"), exp.getMessage());
        final IllegalArgumentException schedule = assertThrows(IllegalArgumentException.class, () ->
            RolloutSpec.discrete("CartPole-v1", 1, new int[] {8}, "RELU", "STEP", 1, 0.1, 10, false, 0, 1));
        assertTrue(schedule.getMessage().contains("STEP"), schedule.getMessage());
    }
}
