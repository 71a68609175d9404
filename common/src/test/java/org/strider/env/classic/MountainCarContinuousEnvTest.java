package org.strider.env.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.strider.env.Box;
import org.strider.env.Env;
import org.strider.env.EnvRegistry;
import org.strider.env.Step;
import org.strider.random.NumpyRandom;

class MountainCarContinuousEnvTest {

    @Test
    void shouldHaveGymnasiumSpacesAndLimits() {
        try (Env env = EnvRegistry.make("MountainCarContinuous-v0")) {
            assertEquals(999, env.spec().maxEpisodeSteps());
            assertEquals(90.0, env.spec().rewardThreshold());
            assertEquals(Map.of("goal_velocity", 0.0), env.spec().defaultOptions());
            assertEquals(Box.uniform(-1f, 1f, 1), env.actionSpace());
            assertArrayEquals(new float[] {-1.2f, -0.07f}, env.observationSpace().low());
            assertArrayEquals(new float[] {0.6f, 0.07f}, env.observationSpace().high());
        }
    }

    @Test
    void shouldDrawStartStateAsGymnasiumWhenReset() {
        try (Env env = EnvRegistry.make("MountainCarContinuous-v0")) {
            final float[] obs = env.reset(77);
            assertArrayEquals(new float[] {(float) new NumpyRandom(77).uniform(-0.6, -0.4), 0f}, obs);
        }
    }

    /** velocity' = velocity + force * 0.0015 - 0.0025 cos(3 position); position' = position + velocity'. */
    @Test
    void shouldFollowTheMountainCarEquations() {
        final MountainCarContinuousEnv env = (MountainCarContinuousEnv) EnvRegistry.make("MountainCarContinuous-v0");
        final Step step = Step.forEnv(env);
        env.reset(0, step.obs);
        env.setState(-0.5f, 0.01f);
        env.step(new float[] {0.8f}, step);
        final double velocity = 0.01 + 0.8 * 0.0015 - 0.0025 * Math.cos(3 * -0.5);
        assertEquals(velocity, step.obs[1], 1e-8);
        assertEquals(-0.5 + velocity, step.obs[0], 1e-7);
        assertEquals(-0.1 * 0.8 * 0.8, step.reward, 1e-8);
        assertFalse(step.terminated);
    }

    @Test
    void shouldClipForceButChargeRewardOnRawActionWhenActionExceedsOne() {
        final MountainCarContinuousEnv raw = (MountainCarContinuousEnv) EnvRegistry.make("MountainCarContinuous-v0");
        final MountainCarContinuousEnv unit = (MountainCarContinuousEnv) EnvRegistry.make("MountainCarContinuous-v0");
        final Step a = Step.forEnv(raw);
        final Step b = Step.forEnv(unit);
        raw.reset(4, a.obs);
        unit.reset(4, b.obs);
        raw.step(new float[] {3f}, a);
        unit.step(new float[] {1f}, b);
        // Same force (1), so the same motion up to float32 rounding; the reward pays for 3^2 as Gymnasium's does.
        assertArrayEquals(b.obs, a.obs, 1e-7f);
        assertEquals(-0.9, a.reward, 1e-12);
        assertEquals(-0.1, b.reward, 1e-12);
    }

    @Test
    void shouldStopAtLeftWallWhenDrivingIntoIt() {
        final MountainCarContinuousEnv env = (MountainCarContinuousEnv) EnvRegistry.make("MountainCarContinuous-v0");
        final Step step = Step.forEnv(env);
        env.reset(0, step.obs);
        env.setState(-1.19f, -0.03f);
        env.step(new float[] {-1f}, step);
        assertEquals(-1.2f, step.obs[0]);
        assertEquals(0f, step.obs[1]);
        assertFalse(step.terminated);
    }

    @Test
    void shouldClipVelocityToMaxSpeed() {
        final MountainCarContinuousEnv env = (MountainCarContinuousEnv) EnvRegistry.make("MountainCarContinuous-v0");
        final Step step = Step.forEnv(env);
        env.reset(0, step.obs);
        // At the valley floor (cos(3x) = 0 at x = -pi/6) pushing right from 0.0695 passes 0.07.
        env.setState((float) (-Math.PI / 6), 0.0695f);
        env.step(new float[] {1f}, step);
        assertEquals(0.07f, step.obs[1]);
        assertEquals((float) (-Math.PI / 6) + 0.07f, step.obs[0]);
    }

    @Test
    void shouldTerminateWithBonusWhenReachingTheFlag() {
        final MountainCarContinuousEnv env = (MountainCarContinuousEnv) EnvRegistry.make("MountainCarContinuous-v0");
        final Step step = Step.forEnv(env);
        env.reset(0, step.obs);
        env.setState(0.44f, 0.02f);
        env.step(new float[] {0.5f}, step);
        assertTrue(step.obs[0] >= 0.45f);
        assertTrue(step.terminated);
        assertFalse(step.truncated);
        assertEquals(100.0 - 0.1 * 0.25, step.reward, 1e-12);
    }

    @Test
    void shouldNotTerminateBelowGoalVelocityOption() {
        final MountainCarContinuousEnv env = (MountainCarContinuousEnv) EnvRegistry.make("MountainCarContinuous-v0",
            Map.of("goal_velocity", 0.03));
        assertEquals(0.03, env.goalVelocity());
        final Step step = Step.forEnv(env);
        env.reset(0, step.obs);
        env.setState(0.44f, 0.02f);
        env.step(new float[] {0.5f}, step);
        assertTrue(step.obs[0] >= 0.45f && step.obs[1] < 0.03f);
        assertFalse(step.terminated);
    }

    @Test
    void shouldReachGoalWithBangBangAndTruncateWhenIdle() {
        try (Env env = EnvRegistry.make("MountainCarContinuous-v0")) {
            final Step step = Step.forEnv(env);
            env.reset(11, step.obs);
            final float[] action = new float[1];
            double episodeReturn = 0;
            while (!step.done()) {
                action[0] = step.obs[1] >= 0 ? 1f : -1f;
                env.step(action, step);
                episodeReturn += step.reward;
            }
            assertTrue(step.terminated);
            assertFalse(step.truncated);
            // Full throttle every step costs 0.1; the flag pays 100.
            assertEquals(100.0 - 0.1 * env.elapsedSteps(), episodeReturn, 1e-9);

            env.reset(11, step.obs);
            step.terminated = false;
            action[0] = 0f;
            while (!step.done()) {
                env.step(action, step);
            }
            assertTrue(step.truncated);
            assertFalse(step.terminated);
            assertEquals(999, env.elapsedSteps());
        }
    }

    @Test
    void shouldNameEnvWhenActionIsBad() {
        try (Env env = EnvRegistry.make("MountainCarContinuous-v0")) {
            final Step step = Step.forEnv(env);
            env.reset(0, step.obs);
            final IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> env.step(new float[] {Float.NaN}, step));
            assertEquals("MountainCarContinuous-v0: action[0] is NaN; actions must be finite", nan.getMessage());
            final IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> env.step(new float[0], step));
            assertEquals("MountainCarContinuous-v0: action must have 1 values for Box(-1.0, 1.0, (1,), float32), got 0",
                length.getMessage());
            final IllegalArgumentException obsBuffer = assertThrows(IllegalArgumentException.class,
                () -> env.reset(0, new float[3]));
            assertTrue(obsBuffer.getMessage().startsWith("MountainCarContinuous-v0: observation buffer has 3 floats"));
        }
    }
}
