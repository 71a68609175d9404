package org.strider.env.classic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.strider.env.Discrete;
import org.strider.env.Env;
import org.strider.env.EnvRegistry;
import org.strider.env.Step;

/**
 * Replays episodes recorded from Gymnasium 1.x (see {@code gymnasium-reference/generate.py}) and checks that the
 * ports return the same numbers: every float32 observation equal or within one ulp, rewards within 1e-9
 * relative, the same {@code terminated}/{@code truncated} flags and the same episode length.
 */
class GymnasiumReferenceTest {
    private static final double REWARD_RELATIVE_TOLERANCE = 1e-9;
    private static long exactObs;
    private static long oneUlpObs;
    private static long exactRewards;
    private static long rewards;

    static Stream<GymnasiumTrajectory> pendulum() {
        return GymnasiumTrajectory.load("pendulum.csv").stream();
    }

    static Stream<GymnasiumTrajectory> cartPole() {
        return GymnasiumTrajectory.load("cartpole.csv").stream();
    }

    static Stream<GymnasiumTrajectory> mountainCarContinuous() {
        return GymnasiumTrajectory.load("mountain_car_continuous.csv").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pendulum")
    void shouldMatchGymnasiumPendulumWhenReplayingRecordedActions(final GymnasiumTrajectory trajectory) {
        replay(trajectory);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cartPole")
    void shouldMatchGymnasiumCartPoleWhenReplayingRecordedActions(final GymnasiumTrajectory trajectory) {
        replay(trajectory);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mountainCarContinuous")
    void shouldMatchGymnasiumMountainCarContinuousWhenReplayingRecordedActions(final GymnasiumTrajectory trajectory) {
        replay(trajectory);
    }

    @AfterAll
    static void printSummary() {
        System.out.printf("Gymnasium reference: %d observation values bit-equal, %d within one ulp; %d of %d rewards"
            + " bit-equal%n", exactObs, oneUlpObs, exactRewards, rewards);
    }

    private static void replay(final GymnasiumTrajectory trajectory) {
        try (Env env = EnvRegistry.make(trajectory.envId(), trajectory.options())) {
            final Step step = Step.forEnv(env);
            env.reset(trajectory.seed(), step.obs);
            assertObs(trajectory, 0, trajectory.resetObs(), step.obs);
            final boolean discrete = env.actionSpace() instanceof Discrete;
            final float[] action = new float[1];
            final List<GymnasiumTrajectory.Row> rows = trajectory.steps();
            for (final GymnasiumTrajectory.Row row : rows) {
                if (discrete) {
                    env.step((int) row.action(), step);
                } else {
                    action[0] = row.action();
                    env.step(action, step);
                }
                assertObs(trajectory, row.step(), row.obs(), step.obs);
                assertReward(trajectory, row.step(), row.reward(), step.reward);
                assertEquals(row.terminated(), step.terminated, trajectory + " step " + row.step() + ": terminated");
                assertEquals(row.truncated(), step.truncated, trajectory + " step " + row.step() + ": truncated");
            }
            assertTrue(step.done(), trajectory + ": the recorded episode ended, ours did not");
            assertEquals(rows.size(), env.elapsedSteps(), trajectory + ": episode length");
        }
    }

    private static void assertObs(final GymnasiumTrajectory trajectory, final int stepIndex, final float[] expected,
                                  final float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            if (Float.compare(expected[i], actual[i]) == 0) {
                exactObs++;
                continue;
            }
            if (Math.abs(expected[i] - actual[i]) <= Math.ulp(expected[i])) {
                oneUlpObs++;
                continue;
            }
            fail(trajectory + " step " + stepIndex + ": obs[" + i + "] expected " + expected[i] + " but was "
                + actual[i] + " (" + (actual[i] - expected[i]) / Math.ulp(expected[i]) + " ulp)");
        }
    }

    private static void assertReward(final GymnasiumTrajectory trajectory, final int stepIndex, final double expected,
                                     final double actual) {
        rewards++;
        if (Double.compare(expected, actual) == 0) {
            exactRewards++;
            return;
        }
        final double tolerance = REWARD_RELATIVE_TOLERANCE * Math.abs(expected);
        if (!(Math.abs(expected - actual) <= tolerance)) {
            fail(trajectory + " step " + stepIndex + ": reward expected " + expected + " but was " + actual);
        }
    }
}
