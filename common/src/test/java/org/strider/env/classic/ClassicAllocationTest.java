package org.strider.env.classic;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.strider.env.Discrete;
import org.strider.env.Env;
import org.strider.env.EnvRegistry;
import org.strider.env.Step;
import org.strider.testing.AllocationMeter;

/** step (and the resets between episodes) must allocate nothing once warm. */
class ClassicAllocationTest {
    private static final int WARM_UP_STEPS = 50_000;
    private static final int MEASURED_STEPS = 10_000;
    /** Slack for the measurement itself. */
    private static final long SLACK_BYTES = 256;

    @ParameterizedTest
    @ValueSource(strings = {"Pendulum-v1", "CartPole-v1", "MountainCarContinuous-v0"})
    void shouldAllocateNothingPerStepWhenWarm(final String id) {
        try (Env env = EnvRegistry.make(id)) {
            final Step step = Step.forEnv(env);
            final float[] action = new float[1];
            env.reset(0, step);
            run(env, step, action, WARM_UP_STEPS, 1);
            final long[] seeds = {1_000_000};
            final long allocated = AllocationMeter.minAllocatedBytes(
                () -> seeds[0] += run(env, step, action, MEASURED_STEPS, seeds[0]), 3);
            assertTrue(allocated <= SLACK_BYTES, id + ": " + allocated + " bytes allocated over " + MEASURED_STEPS
                + " steps and their resets (fewest of 3 rounds)");
        }
    }

    /** Steps with a deterministic action pattern, resetting with fresh seeds when an episode ends. */
    private static long run(final Env env, final Step step, final float[] action, final int steps, final long firstSeed) {
        final boolean discrete = env.actionSpace() instanceof Discrete;
        long seed = firstSeed;
        for (int t = 0; t < steps; t++) {
            if (step.done()) {
                env.reset(seed++, step);
            }
            if (discrete) {
                env.step((t * 7 + (int) seed) % 3 == 0 ? 0 : 1, step);
            } else {
                action[0] = ((t * 37) % 21 - 10) * 0.15f;
                env.step(action, step);
            }
        }
        return seed - firstSeed;
    }
}
