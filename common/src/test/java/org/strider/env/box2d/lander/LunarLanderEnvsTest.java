package org.strider.env.box2d.lander;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.strider.env.Box;
import org.strider.env.Discrete;
import org.strider.env.Env;
import org.strider.env.EnvRegistry;
import org.strider.env.EnvSpec;
import org.strider.env.Step;

class LunarLanderEnvsTest {
    private static final String DISCRETE = "LunarLander-v3";
    private static final String CONTINUOUS = "LunarLanderContinuous-v3";

    @Test
    void shouldRegisterBothIdsWithGymnasiumLimitsAndOptions() {
        for (final String id : new String[] {DISCRETE, CONTINUOUS}) {
            final EnvSpec spec = EnvRegistry.spec(id);
            assertEquals(1000, spec.maxEpisodeSteps());
            assertEquals(200.0, spec.rewardThreshold());
            assertEquals(Map.of("continuous", id.equals(CONTINUOUS), "gravity", -10.0, "enable_wind", false,
                "wind_power", 15.0, "turbulence_power", 1.5), spec.defaultOptions());
            assertTrue(EnvRegistry.idsWithHeuristic().contains(id));
        }
    }

    @Test
    void shouldHaveGymnasiumSpacesPerId() {
        final Box obs = new Box(
            new float[] {-2.5f, -2.5f, -10f, -10f, (float) (-2 * Math.PI), -10f, -0f, -0f},
            new float[] {2.5f, 2.5f, 10f, 10f, (float) (2 * Math.PI), 10f, 1f, 1f}, 8);
        try (Env discrete = EnvRegistry.make(DISCRETE); Env continuous = EnvRegistry.make(CONTINUOUS)) {
            assertEquals(obs, discrete.observationSpace());
            assertEquals(obs, continuous.observationSpace());
            assertEquals(new Discrete(4), discrete.actionSpace());
            assertEquals(Box.uniform(-1f, 1f, 2), continuous.actionSpace());
        }
    }

    @Test
    void shouldUseContinuousActionsWhenOptionSetOnDiscreteId() {
        try (Env env = EnvRegistry.make(DISCRETE, Map.of("continuous", true));
             Env back = EnvRegistry.make(CONTINUOUS, Map.of("continuous", false))) {
            assertEquals(Box.uniform(-1f, 1f, 2), env.actionSpace());
            assertEquals(new Discrete(4), back.actionSpace());
        }
        assertInstanceOf(LunarLanderHeuristic.class, EnvRegistry.heuristic(DISCRETE, Map.of("continuous", true)));
    }

    @ParameterizedTest
    @ValueSource(doubles = {-12.0, 0.0, 3.0, -20.0})
    void shouldRejectGravityOutsideOpenRangeWhenMaking(final double gravity) {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> EnvRegistry.make(DISCRETE, Map.of("gravity", gravity)));
        assertEquals("LunarLander-v3: option 'gravity' must be between -12 and 0 (exclusive), got " + gravity,
            e.getMessage());
    }

    @Test
    void shouldAcceptGravityInsideRange() {
        try (Env env = EnvRegistry.make(CONTINUOUS, Map.of("gravity", -1.62))) {
            env.reset(0);
        }
    }

    @Test
    void shouldListKnownOptionsWhenOptionUnknown() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> EnvRegistry.make(CONTINUOUS, Map.of("hardcore", true)));
        assertEquals("LunarLanderContinuous-v3: unknown option 'hardcore'; known options: continuous, gravity, "
            + "enable_wind, wind_power, turbulence_power", e.getMessage());
    }

    @Test
    void shouldAcceptWindPowersOutsideRecommendedRangeAsGymnasiumDoes() {
        try (Env env = EnvRegistry.make(DISCRETE, Map.of("enable_wind", true, "wind_power", 40.0,
            "turbulence_power", -3.0))) {
            final Step step = Step.forEnv(env);
            env.reset(1, step.obs);
            env.step(0, step);
        }
    }

    @Test
    void shouldNameEnvWhenActionInvalid() {
        try (Env discrete = EnvRegistry.make(DISCRETE); Env continuous = EnvRegistry.make(CONTINUOUS)) {
            final Step step = Step.forEnv(discrete);
            discrete.reset(0, step.obs);
            continuous.reset(0, step.obs);
            assertEquals("LunarLander-v3: discrete action 4 is outside Discrete(4) (allowed 0..3)",
                assertThrows(IllegalArgumentException.class, () -> discrete.step(4, step)).getMessage());
            assertEquals("LunarLanderContinuous-v3: action must have 2 values for Box(-1.0, 1.0, (2,), float32), got 3",
                assertThrows(IllegalArgumentException.class,
                    () -> continuous.step(new float[] {0f, 0f, 0f}, step)).getMessage());
            assertEquals("LunarLanderContinuous-v3: action[1] is NaN; actions must be finite",
                assertThrows(IllegalArgumentException.class,
                    () -> continuous.step(new float[] {0f, Float.NaN}, step)).getMessage());
            assertTrue(assertThrows(IllegalArgumentException.class, () -> continuous.step(1, step))
                .getMessage().startsWith("LunarLanderContinuous-v3: has a continuous action space"));
        }
    }

    @Test
    void shouldNameEnvWhenSteppedBeforeReset() {
        try (Env env = EnvRegistry.make(DISCRETE)) {
            final IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> env.step(0, Step.forEnv(env)));
            assertTrue(e.getMessage().startsWith("LunarLander-v3: step() called before the first reset()"));
        }
    }
}
