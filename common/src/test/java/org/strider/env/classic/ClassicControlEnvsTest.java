package org.strider.env.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.strider.env.Box;
import org.strider.env.Discrete;
import org.strider.env.Env;
import org.strider.env.EnvRegistry;
import org.strider.env.Step;
import org.strider.render.Renderable;

class ClassicControlEnvsTest {
    private static final String[] IDS = {"Pendulum-v1", "CartPole-v1", "MountainCarContinuous-v0"};

    @Test
    void shouldRegisterTheThreeIdsWithoutHeuristics() {
        final List<String> ids = EnvRegistry.ids();
        for (final String id : IDS) {
            assertTrue(ids.contains(id), id + " in " + ids);
            assertFalse(EnvRegistry.idsWithHeuristic().contains(id), id + " has no heuristic in Gymnasium");
            try (Env env = EnvRegistry.make(id)) {
                assertInstanceOf(Renderable.class, env);
                assertEquals(id, env.spec().id());
            }
        }
        assertEquals(3, new ClassicControlEnvs().registrations().size());
    }

    @Test
    void shouldListKnownOptionsWhenOptionIsUnknown() {
        final IllegalArgumentException pendulum = assertThrows(IllegalArgumentException.class,
            () -> EnvRegistry.make("Pendulum-v1", Map.of("gravity", 9.8)));
        assertEquals("Pendulum-v1: unknown option 'gravity'; known options: g", pendulum.getMessage());
        final IllegalArgumentException cartPole = assertThrows(IllegalArgumentException.class,
            () -> EnvRegistry.make("CartPole-v1", Map.of("continuous", true)));
        assertEquals("CartPole-v1: unknown option 'continuous'; known options: sutton_barto_reward",
            cartPole.getMessage());
        final IllegalArgumentException car = assertThrows(IllegalArgumentException.class,
            () -> EnvRegistry.make("MountainCarContinuous-v0", Map.of("goal_position", 0.5)));
        assertEquals("MountainCarContinuous-v0: unknown option 'goal_position'; known options: goal_velocity",
            car.getMessage());
    }

    @Test
    void shouldRejectOptionOfWrongType() {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> EnvRegistry.make("CartPole-v1", Map.of("sutton_barto_reward", 1.5)));
        assertTrue(ex.getMessage().startsWith("CartPole-v1: option 'sutton_barto_reward' must be a boolean"),
            ex.getMessage());
        final IllegalArgumentException g = assertThrows(IllegalArgumentException.class,
            () -> EnvRegistry.make("Pendulum-v1", Map.of("g", "heavy")));
        assertTrue(g.getMessage().startsWith("Pendulum-v1: option 'g' must be a number"), g.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Pendulum-v1", "CartPole-v1", "MountainCarContinuous-v0"})
    void shouldRepeatTrajectoryWhenSeedAndActionsRepeat(final String id) {
        final List<float[]> first = rollout(id, 31, 7);
        final List<float[]> second = rollout(id, 31, 7);
        assertEquals(first.size(), second.size());
        for (int i = 0; i < first.size(); i++) {
            assertArrayEquals(first.get(i), second.get(i), id + " row " + i);
        }
        final List<float[]> otherSeed = rollout(id, 32, 7);
        assertFalse(Arrays.equals(first.get(0), otherSeed.get(0)), id + ": seeds 31 and 32 start alike");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Pendulum-v1", "CartPole-v1", "MountainCarContinuous-v0"})
    void shouldRestartFromTheSameStateWhenResetWithTheSameSeedMidEpisode(final String id) {
        try (Env env = EnvRegistry.make(id)) {
            final float[] start = env.reset(5);
            final Step step = Step.forEnv(env);
            env.reset(5, step.obs);
            final float[] action = new float[1];
            for (int t = 0; t < 5 && !step.done(); t++) {
                env.step(action, step);
            }
            assertNotEquals(0, env.elapsedSteps());
            assertArrayEquals(start, env.reset(5));
            assertEquals(0, env.elapsedSteps());
        }
    }

    /** Random actions from a seeded generator; every row is the observation and then the reward and flags. */
    private static List<float[]> rollout(final String id, final long seed, final long actionSeed) {
        final List<float[]> rows = new ArrayList<>();
        final SplittableRandom random = new SplittableRandom(actionSeed);
        try (Env env = EnvRegistry.make(id)) {
            final Step step = Step.forEnv(env);
            env.reset(seed, step.obs);
            rows.add(step.obs.clone());
            final float[] action = new float[1];
            while (!step.done()) {
                if (env.actionSpace() instanceof Discrete d) {
                    env.step(random.nextInt(d.n()), step);
                } else {
                    final Box box = (Box) env.actionSpace();
                    action[0] = (float) random.nextDouble(box.low(0) * 1.2, box.high(0) * 1.2);
                    env.step(action, step);
                }
                final float[] row = Arrays.copyOf(step.obs, step.obs.length + 3);
                row[step.obs.length] = (float) step.reward;
                row[step.obs.length + 1] = step.terminated ? 1 : 0;
                row[step.obs.length + 2] = step.truncated ? 1 : 0;
                rows.add(row);
            }
        }
        return rows;
    }
}
