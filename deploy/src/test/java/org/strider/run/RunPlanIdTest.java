package org.strider.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.strider.learner.td3.Td3Config;
import org.strider.learner.td3.Td3Presets;

/** The run id frames carry: the same for the same run (in any JVM), different for any other trial of a sweep. */
class RunPlanIdTest {
    private static RunPlan plan(final Td3Config config, final long seed, final int actors, final long steps) {
        return new RunPlan("Pendulum-v1", config, seed, actors, 1, 1, steps, 1.0, 16, 2, 1000, 5, false);
    }

    @Test
    void shouldGiveTheSameRunTheSameIdWhateverItsStepsOrNodeCounts() {
        final long id = plan(Td3Presets.pendulum(), 7, 2, 20_000).runId();
        assertEquals(id, plan(Td3Presets.pendulum(), 7, 2, 20_000).runId());
        assertEquals(id, plan(Td3Presets.pendulum(), 7, 4, 50_000).runId(), "--resume --steps, scaled actors");
        assertEquals(id, plan(Td3Config.parse(Td3Presets.pendulum().describe()), 7, 2, 20_000).runId(),
            "a restarted learner reads the config back from config.conf");
        assertTrue(id >= 0, "ids are non-negative");
    }

    @Test
    void shouldKeepTheIdStableAcrossJvmsAndReleases() {
        // Pinned (computed once in another JVM): a learner restarted from a checkpoint must compute the number its
        // run's shards hold; a change here means runs of an older build cannot be resumed into a live cluster.
        assertEquals(5_420_542_538_697_409_519L, plan(Td3Presets.pendulum(), 7, 2, 20_000).runId());
    }

    @Test
    void shouldGiveTrialsThatShareASeedButNotTheirHyperparametersDifferentIds() {
        final long id = plan(Td3Presets.pendulum(), 7, 2, 20_000).runId();
        assertNotEquals(id, plan(Td3Presets.pendulum(), 8, 2, 20_000).runId(), "another seed");
        assertNotEquals(id, plan(Td3Presets.pendulum().toBuilder().learningRate(3e-4).build(), 7, 2, 20_000)
            .runId(), "another learning rate");
        assertNotEquals(id, plan(Td3Presets.pendulum().toBuilder().tau(0.01).build(), 7, 2, 20_000).runId(),
            "another tau");
        assertNotEquals(id, new RunPlan("MountainCarContinuous-v0", Td3Presets.pendulum(), 7, 2, 1, 1, 20_000, 1.0,
            16, 2, 1000, 5, false).runId(), "another env");
    }
}
