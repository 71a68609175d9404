package org.strider.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.strider.control.RolloutSpec;
import org.strider.control.RunSpec;
import org.strider.learner.cluster.AlgorithmConfig;
import org.strider.learner.dqn.DqnConfig;
import org.strider.learner.dqn.DqnPresets;
import org.strider.learner.td3.Td3Presets;

/** A DQN run plan: what its nodes are told, and the settings it refuses. */
class RunPlanDqnTest {
    @Test
    void shouldTellTheActorsToActEpsilonGreedyOnTheQNetworkWhenDqn() {
        final DqnConfig config = DqnPresets.cartPole();
        final RunPlan plan = RunPlan.dqn("CartPole-v1", config, 3, 2, 1, 2, 50_000, 16, 2, 1000, 10, false);
        assertTrue(plan.isDqn());
        assertEquals(0.5, plan.updatesPerStep(), "128 updates every 256 steps");
        final RunSpec run = plan.toRunSpec();
        assertEquals(config.describe(), run.algorithm());
        assertEquals(0.5 * 64, run.samplesPerInsert());
        assertEquals(500, run.minSizeToSample(), "the warm-up of 1000 over 2 shards");
        assertEquals(50_000, run.shardCapacity(), "capacity 100000 over 2 shards");
        final RolloutSpec rollout = run.rollout();
        assertTrue(rollout.discrete());
        assertArrayEquals(new int[] {64, 64}, rollout.actorHidden());
        assertEquals("LINEAR", rollout.epsilonSchedule());
        assertEquals(1.0, rollout.epsilonStart());
        assertEquals(0.04, rollout.epsilonFinal());
        assertEquals(8000, rollout.epsilonDecay());
        assertFalse(rollout.epsilonPerEpisode());
        assertEquals(0, rollout.apeXActors());
        assertEquals(2, RunPlan.dqn("CartPole-v1", config, 3, 2, 1, 2, 50_000, 16, 2, 1000, 10, true).toRunSpec()
            .rollout().apeXActors(), "Ape-X's ε over the plan's 2 actors");
        assertThrows(IllegalStateException.class, plan::config, "no Td3Config in a DQN plan");
    }

    @Test
    void shouldRefuseLockstepForDqnAndApeXForTd3WhenPlanned() {
        final RunPlan dqn = RunPlan.dqn("CartPole-v1", DqnPresets.cartPole(), 1, 1, 1, 1, 10_000, 16, 2, 0, 10, false);
        final IllegalArgumentException lockstep = assertThrows(IllegalArgumentException.class,
            () -> dqn.withLockstep(true));
        assertTrue(lockstep.getMessage().contains("DQN"), lockstep.getMessage());
        final IllegalArgumentException apeX = assertThrows(IllegalArgumentException.class, () -> new RunPlan(
            "Pendulum-v1", new AlgorithmConfig.Td3(Td3Presets.forEnv("Pendulum-v1")), 1, 1, 1, 1, 10_000, 1.0, 16, 2,
            0, 10, false, true));
        assertTrue(apeX.getMessage().contains("td3"), apeX.getMessage());
        assertEquals("td3", new RunPlan("Pendulum-v1", Td3Presets.forEnv("Pendulum-v1"), 1, 1, 1, 1, 10_000, 1.0, 16,
            2, 0, 10).algorithm().name(), "the TD3 constructors still work");
    }
}
