package org.strider.env.box2d.bipedal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.strider.env.Box;
import org.strider.env.Env;
import org.strider.env.EnvRegistry;
import org.strider.env.EnvSpec;
import org.strider.env.Step;

class BipedalWalkerEnvsTest {

    @Test
    void shouldRegisterWalkerWithGymnasiumLimitsWhenListed() {
        final EnvSpec spec = EnvRegistry.spec("BipedalWalker-v3");
        assertEquals(1600, spec.maxEpisodeSteps());
        assertEquals(300.0, spec.rewardThreshold());
        assertEquals(Map.of("hardcore", false), spec.defaultOptions());
        assertTrue(EnvRegistry.idsWithHeuristic().contains("BipedalWalker-v3"));
    }

    @Test
    void shouldRegisterHardcoreWithGymnasiumLimitsWhenListed() {
        final EnvSpec spec = EnvRegistry.spec("BipedalWalkerHardcore-v3");
        assertEquals(2000, spec.maxEpisodeSteps());
        assertEquals(300.0, spec.rewardThreshold());
        assertEquals(Map.of("hardcore", true), spec.defaultOptions());
        assertTrue(EnvRegistry.idsWithHeuristic().contains("BipedalWalkerHardcore-v3"));
    }

    @Test
    void shouldHaveGymnasiumSpacesWhenMade() {
        final Env env = EnvRegistry.make("BipedalWalker-v3");
        final float pi = (float) Math.PI;
        final float[] low = {-pi, -5, -5, -5, -pi, -5, -pi, -5, -0f, -pi, -5, -pi, -5, -0f,
            -1, -1, -1, -1, -1, -1, -1, -1, -1, -1};
        final float[] high = {pi, 5, 5, 5, pi, 5, pi, 5, 5, pi, 5, pi, 5, 5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
        assertEquals(new Box(low, high, 24), env.observationSpace());
        assertEquals(Box.uniform(-1f, 1f, 4), assertInstanceOf(Box.class, env.actionSpace()));
    }

    @Test
    void shouldFollowHardcoreOptionWhenGivenForEitherId() {
        assertTrue(((BipedalWalker) EnvRegistry.make("BipedalWalker-v3", Map.of("hardcore", true))).hardcore());
        assertFalse(((BipedalWalker) EnvRegistry.make("BipedalWalkerHardcore-v3", Map.of("hardcore", "false")))
            .hardcore());
        assertFalse(((BipedalWalker) EnvRegistry.make("BipedalWalker-v3")).hardcore());
        assertTrue(((BipedalWalker) EnvRegistry.make("BipedalWalkerHardcore-v3")).hardcore());
    }

    @Test
    void shouldNameEnvAndOptionsWhenOptionUnknown() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> EnvRegistry.make("BipedalWalker-v3", Map.of("hardcor", true)));
        assertTrue(e.getMessage().contains("BipedalWalker-v3") && e.getMessage().contains("hardcor")
            && e.getMessage().contains("hardcore"), e.getMessage());
    }

    @Test
    void shouldNameEnvWhenActionHasWrongLength() {
        final Env env = EnvRegistry.make("BipedalWalkerHardcore-v3");
        final Step step = Step.forEnv(env);
        env.reset(0, step.obs);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> env.step(new float[3], step));
        assertTrue(e.getMessage().startsWith("BipedalWalkerHardcore-v3:") && e.getMessage().contains("4 values"),
            e.getMessage());
    }

    @Test
    void shouldNameEnvWhenActionIsNotFinite() {
        final Env env = EnvRegistry.make("BipedalWalker-v3");
        final Step step = Step.forEnv(env);
        env.reset(0, step.obs);
        final IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
            () -> env.step(new float[] {0, Float.NaN, 0, 0}, step));
        assertTrue(nan.getMessage().startsWith("BipedalWalker-v3:") && nan.getMessage().contains("NaN"),
            nan.getMessage());
        final IllegalArgumentException inf = assertThrows(IllegalArgumentException.class,
            () -> env.step(new float[] {0, 0, 0, Float.NEGATIVE_INFINITY}, step));
        assertTrue(inf.getMessage().startsWith("BipedalWalker-v3:") && inf.getMessage().contains("Infinity"),
            inf.getMessage());
    }

    @Test
    void shouldRefuseStepWhenNotReset() {
        final Env env = EnvRegistry.make("BipedalWalker-v3");
        final IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> env.step(new float[4], Step.forEnv(env)));
        assertTrue(e.getMessage().startsWith("BipedalWalker-v3:"), e.getMessage());
        final IllegalStateException render = assertThrows(IllegalStateException.class,
            () -> ((BipedalWalker) env).render());
        assertTrue(render.getMessage().startsWith("BipedalWalker-v3:"), render.getMessage());
    }

    @Test
    void shouldClipActionsWhenOutOfBounds() {
        final Env clipped = EnvRegistry.make("BipedalWalker-v3");
        final Env bounded = EnvRegistry.make("BipedalWalker-v3");
        final Step a = Step.forEnv(clipped);
        final Step b = Step.forEnv(bounded);
        clipped.reset(3, a.obs);
        bounded.reset(3, b.obs);
        for (int t = 0; t < 20; t++) {
            clipped.step(new float[] {7f, -3f, 1.5f, -100f}, a);
            bounded.step(new float[] {1f, -1f, 1f, -1f}, b);
            assertArrayEquals(b.obs, a.obs);
            assertEquals(b.reward, a.reward);
        }
    }
}
