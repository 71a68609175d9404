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

class PendulumEnvTest {

    @Test
    void shouldHaveGymnasiumSpacesAndLimits() {
        try (Env env = EnvRegistry.make("Pendulum-v1")) {
            assertEquals(200, env.spec().maxEpisodeSteps());
            assertTrue(Double.isNaN(env.spec().rewardThreshold()));
            assertFalse(env.spec().hasRewardThreshold());
            assertEquals(Map.of("g", 10.0), env.spec().defaultOptions());
            assertEquals(Box.uniform(-2f, 2f, 1), env.actionSpace());
            assertArrayEquals(new float[] {-1f, -1f, -8f}, env.observationSpace().low());
            assertArrayEquals(new float[] {1f, 1f, 8f}, env.observationSpace().high());
        }
    }

    @Test
    void shouldDrawStartStateAsGymnasiumWhenReset() {
        try (Env env = EnvRegistry.make("Pendulum-v1")) {
            final float[] obs = env.reset(2024);
            final NumpyRandom rng = new NumpyRandom(2024);
            final double theta = rng.uniform(-Math.PI, Math.PI);
            final double thetaDot = rng.uniform(-1.0, 1.0);
            assertArrayEquals(new float[] {(float) Math.cos(theta), (float) Math.sin(theta), (float) thetaDot}, obs);
        }
    }

    /** Hanging straight down at rest, full positive torque: only the torque accelerates it. */
    @Test
    void shouldFollowThePendulumEquationsFromTheBottom() {
        final PendulumEnv env = (PendulumEnv) EnvRegistry.make("Pendulum-v1");
        final Step step = Step.forEnv(env);
        env.reset(0, step.obs);
        env.setState(Math.PI, 0.0);
        env.step(new float[] {2f}, step);

        // theta_dot' = theta_dot + (3 g / (2 l) sin(theta) + 3 / (m l^2) u) dt; theta' = theta + theta_dot' dt.
        final double thetaDot = 0 + (3 * 10.0 / 2 * Math.sin(Math.PI) + 3.0 * 2) * 0.05;
        final double theta = Math.PI + thetaDot * 0.05;
        assertEquals(0.3, thetaDot, 1e-12);
        assertEquals((float) Math.cos(theta), step.obs[0], 1e-7f);
        assertEquals((float) Math.sin(theta), step.obs[1], 1e-7f);
        assertEquals(0.3f, step.obs[2], 1e-7f);
        // Cost: normalized angle pi (or -pi) squared, no velocity, 0.001 u^2.
        assertEquals(-(Math.PI * Math.PI + 0.001 * 4), step.reward, 1e-9);
        assertFalse(step.terminated);
    }

    @Test
    void shouldClipTorqueToTwoWhenActionIsLarger() {
        final PendulumEnv clipped = (PendulumEnv) EnvRegistry.make("Pendulum-v1");
        final PendulumEnv atLimit = (PendulumEnv) EnvRegistry.make("Pendulum-v1");
        final Step a = Step.forEnv(clipped);
        final Step b = Step.forEnv(atLimit);
        clipped.reset(9, a.obs);
        atLimit.reset(9, b.obs);
        clipped.step(new float[] {-50f}, a);
        atLimit.step(new float[] {-2f}, b);
        assertArrayEquals(b.obs, a.obs);
        assertEquals(b.reward, a.reward);
    }

    @Test
    void shouldClipAngularVelocityToEight() {
        final PendulumEnv env = (PendulumEnv) EnvRegistry.make("Pendulum-v1");
        final Step step = Step.forEnv(env);
        env.reset(0, step.obs);
        // At theta = pi/2 gravity adds 15 * 0.05 and torque 6 * 0.05: 7.9 + 1.05 is clipped to 8.
        env.setState(Math.PI / 2, 7.9);
        env.step(new float[] {2f}, step);
        assertEquals(8f, step.obs[2]);
        assertEquals((float) Math.cos(Math.PI / 2 + 8 * 0.05), step.obs[0], 1e-7f);
        // The cost uses the state before the step: (pi/2)^2 + 0.1 * 7.9^2 + 0.001 * 4.
        assertEquals(-(Math.PI * Math.PI / 4 + 0.1 * 7.9 * 7.9 + 0.004), step.reward, 1e-9);
    }

    @Test
    void shouldUseGravityOption() {
        final PendulumEnv env = (PendulumEnv) EnvRegistry.make("Pendulum-v1", Map.of("g", 9.81));
        assertEquals(9.81, env.gravity());
        final Step step = Step.forEnv(env);
        env.reset(0, step.obs);
        env.setState(Math.PI / 2, 0);
        env.step(new float[] {0f}, step);
        assertEquals(3 * 9.81 / 2 * 0.05, step.obs[2], 1e-6);
    }

    @Test
    void shouldNormalizeAngleIntoMinusPiToPi() {
        assertEquals(0.0, PendulumEnv.angleNormalize(0.0));
        assertEquals(-Math.PI, PendulumEnv.angleNormalize(Math.PI));
        assertEquals(0.5, PendulumEnv.angleNormalize(0.5 + 4 * Math.PI), 1e-12);
        assertEquals(-0.5, PendulumEnv.angleNormalize(-0.5 - 6 * Math.PI), 1e-12);
        assertEquals(Math.PI - 0.1, PendulumEnv.angleNormalize(-Math.PI - 0.1), 1e-12);
    }

    @Test
    void shouldTruncateAndNeverTerminateAtTwoHundredSteps() {
        try (Env env = EnvRegistry.make("Pendulum-v1")) {
            final Step step = Step.forEnv(env);
            env.reset(3, step.obs);
            final float[] action = new float[1];
            for (int t = 1; t <= 200; t++) {
                action[0] = (float) Math.sin(t * 0.3) * 2f;
                env.step(action, step);
                assertFalse(step.terminated);
                assertEquals(t == 200, step.truncated, "truncated at step " + t);
                assertTrue(step.reward <= 0 && step.reward >= -16.2736044, "reward in Gymnasium's range");
            }
            assertThrows(IllegalStateException.class, () -> env.step(action, step));
        }
    }

    @Test
    void shouldNameEnvWhenActionIsBad() {
        try (Env env = EnvRegistry.make("Pendulum-v1")) {
            final Step step = Step.forEnv(env);
            final IllegalStateException beforeReset = assertThrows(IllegalStateException.class,
                () -> env.step(new float[] {0f}, step));
            assertEquals("Pendulum-v1: step() called before the first reset(); call reset(seed) first",
                beforeReset.getMessage());
            env.reset(0, step.obs);
            final IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> env.step(new float[] {Float.NaN}, step));
            assertEquals("Pendulum-v1: action[0] is NaN; actions must be finite", nan.getMessage());
            final IllegalArgumentException inf = assertThrows(IllegalArgumentException.class,
                () -> env.step(new float[] {Float.NEGATIVE_INFINITY}, step));
            assertEquals("Pendulum-v1: action[0] is -Infinity; actions must be finite", inf.getMessage());
            final IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> env.step(new float[] {0f, 1f}, step));
            assertEquals("Pendulum-v1: action must have 1 values for Box(-2.0, 2.0, (1,), float32), got 2",
                length.getMessage());
            final IllegalArgumentException discrete = assertThrows(IllegalArgumentException.class,
                () -> env.step(1, step));
            assertTrue(discrete.getMessage().startsWith("Pendulum-v1: has a continuous action space"));
        }
    }
}
