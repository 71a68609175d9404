package org.strider.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvRegistryTest {

    @Test
    void shouldFindEnvsThatATestJarRegistersThroughServiceLoader() {
        assertTrue(EnvRegistry.ids().contains(LineWalkEnv.ID));
        assertEquals(5, EnvRegistry.spec(LineWalkEnv.ID).maxEpisodeSteps());
        assertTrue(EnvRegistry.idsWithHeuristic().contains(LineWalkEnv.ID));
    }

    @Test
    void shouldListKnownIdsWhenTheIdIsUnknown() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> EnvRegistry.make("Walker-v9"));
        assertTrue(e.getMessage().startsWith("unknown env id 'Walker-v9'; known ids: "), e.getMessage());
        assertTrue(e.getMessage().contains(LineWalkEnv.ID), e.getMessage());
    }

    @Test
    void shouldRejectUnknownOptionKeysListingTheKnownOnes() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> EnvRegistry.make(LineWalkEnv.ID, Map.of("gaol", 2.0)));
        assertEquals("LineWalk-v0: unknown option 'gaol'; known options: goal", e.getMessage());
    }

    @Test
    void shouldCoerceOptionStringsAndRejectWrongTypes() {
        final Env env = EnvRegistry.make(LineWalkEnv.ID, Map.of("goal", "1.5"));
        final Step step = Step.forEnv(env);
        env.reset(0, step.obs); // seed 0 starts at 0.637 (NumPy's first draw)
        env.step(new float[] {0.5f}, step);
        assertFalse(step.terminated, "1.137 is short of the goal 1.5");
        env.step(new float[] {0.5f}, step);
        assertTrue(step.terminated, "1.637 passes the goal 1.5, which the default 3.0 would not");
        assertEquals("LineWalk-v0: option 'goal' must be a number, got 'far'",
            assertThrows(IllegalArgumentException.class,
                () -> EnvRegistry.make(LineWalkEnv.ID, Map.of("goal", "far"))).getMessage());
        assertEquals("LineWalk-v0: option 'goal' must be a number, got true (Boolean)",
            assertThrows(IllegalArgumentException.class,
                () -> EnvRegistry.make(LineWalkEnv.ID, Map.of("goal", true))).getMessage());
        assertEquals("LineWalk-v0: option 'goal' must be finite, got NaN",
            assertThrows(IllegalArgumentException.class,
                () -> EnvRegistry.make(LineWalkEnv.ID, Map.of("goal", Double.NaN))).getMessage());
    }

    @Test
    void shouldExplainWhenAnEnvHasNoHeuristic() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> EnvRegistry.heuristic(LineWalkEnv.DISCRETE_ID, Map.of()));
        assertTrue(e.getMessage().startsWith("LineWalkDiscrete-v0: has no heuristic controller; envs with one: "),
            e.getMessage());
    }
}
