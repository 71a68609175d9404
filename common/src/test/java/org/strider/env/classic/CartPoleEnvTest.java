package org.strider.env.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.strider.env.Box;
import org.strider.env.Discrete;
import org.strider.env.Env;
import org.strider.env.EnvRegistry;
import org.strider.env.Step;
import org.strider.random.NumpyRandom;

class CartPoleEnvTest {

    @Test
    void shouldHaveGymnasiumSpacesAndLimits() {
        try (Env env = EnvRegistry.make("CartPole-v1")) {
            assertEquals(500, env.spec().maxEpisodeSteps());
            assertEquals(475.0, env.spec().rewardThreshold());
            assertEquals(Map.of("sutton_barto_reward", false), env.spec().defaultOptions());
            assertEquals(new Discrete(2), env.actionSpace());
            final Box obs = env.observationSpace();
            final float thetaLimit = (float) (12 * 2 * Math.PI / 360 * 2);
            assertArrayEquals(new float[] {4.8f, Float.POSITIVE_INFINITY, thetaLimit, Float.POSITIVE_INFINITY},
                obs.high());
            assertArrayEquals(new float[] {-4.8f, Float.NEGATIVE_INFINITY, -thetaLimit, Float.NEGATIVE_INFINITY},
                obs.low());
            assertEquals(0.41887903f, thetaLimit);
        }
    }

    @Test
    void shouldDrawStartStateAsGymnasiumWhenReset() {
        try (Env env = EnvRegistry.make("CartPole-v1")) {
            final float[] obs = env.reset(123);
            final NumpyRandom rng = new NumpyRandom(123);
            for (int i = 0; i < 4; i++) {
                assertEquals((float) rng.uniform(-0.05, 0.05), obs[i]);
            }
        }
    }

    /** One Euler step from a chosen state with the force +10, the equations written out term by term. */
    @Test
    void shouldFollowTheCartPoleEquationsWhenPushedRight() {
        final CartPoleEnv env = (CartPoleEnv) EnvRegistry.make("CartPole-v1");
        final Step step = Step.forEnv(env);
        env.reset(0, step.obs);
        final double x = 0.1;
        final double xDot = -0.2;
        final double theta = 0.05;
        final double thetaDot = 0.3;
        env.setState(x, xDot, theta, thetaDot);

        env.step(1, step);

        final double g = 9.8;
        final double mCart = 1.0;
        final double mPole = 0.1;
        final double halfLength = 0.5;
        final double force = 10.0;
        final double dt = 0.02;
        final double totalMass = mCart + mPole;
        final double temp = (force + mPole * halfLength * thetaDot * thetaDot * Math.sin(theta)) / totalMass;
        final double thetaAcc = (g * Math.sin(theta) - Math.cos(theta) * temp)
            / (halfLength * (4.0 / 3.0 - mPole * Math.cos(theta) * Math.cos(theta) / totalMass));
        final double xAcc = temp - mPole * halfLength * thetaAcc * Math.cos(theta) / totalMass;
        final double[] expected = {x + dt * xDot, xDot + dt * xAcc, theta + dt * thetaDot, thetaDot + dt * thetaAcc};
        for (int i = 0; i < 4; i++) {
            assertEquals(expected[i], step.obs[i], 1e-7, "obs[" + i + "]");
        }
        // Pushing right accelerates the cart right and tips the pole back to the left.
        assertTrue(xAcc > 0 && thetaAcc < 0);
        assertEquals(1.0, step.reward);
        assertFalse(step.terminated);
        assertFalse(step.truncated);
    }

    @Test
    void shouldPushLeftWithActionZero() {
        final CartPoleEnv env = (CartPoleEnv) EnvRegistry.make("CartPole-v1");
        final Step step = Step.forEnv(env);
        env.reset(0, step.obs);
        env.setState(0, 0, 0, 0);
        env.step(0, step);
        // From rest with the pole upright the cart accelerates left and the pole starts to fall right.
        assertEquals(0f, step.obs[0]);
        assertTrue(step.obs[1] < 0);
        assertEquals(0f, step.obs[2]);
        assertTrue(step.obs[3] > 0);
        final double thetaAcc = (0 - 1.0 * (-10.0 / 1.1)) / (0.5 * (4.0 / 3.0 - 0.1 / 1.1));
        assertEquals(0.02 * thetaAcc, step.obs[3], 1e-6);
    }

    @Test
    void shouldTerminateWhenPoleTiltsPastTwelveDegrees() {
        final CartPoleEnv env = (CartPoleEnv) EnvRegistry.make("CartPole-v1");
        final Step step = Step.forEnv(env);
        env.reset(0, step.obs);
        env.setState(0, 0, 12 * 2 * Math.PI / 360 - 1e-4, 1.0);
        env.step(1, step);
        assertTrue(step.terminated);
        assertFalse(step.truncated);
        assertEquals(1.0, step.reward, "Gymnasium rewards the terminating step too");
    }

    @Test
    void shouldTerminateWhenCartLeavesTheTrack() {
        final CartPoleEnv env = (CartPoleEnv) EnvRegistry.make("CartPole-v1");
        final Step step = Step.forEnv(env);
        env.reset(0, step.obs);
        env.setState(-2.39, -1.0, 0, 0);
        env.step(0, step);
        assertTrue(step.terminated);
        assertEquals(-2.41f, step.obs[0], 1e-6f);
    }

    @Test
    void shouldGiveZeroThenMinusOneWhenSuttonBartoReward() {
        try (Env env = EnvRegistry.make("CartPole-v1", Map.of("sutton_barto_reward", true))) {
            final Step step = Step.forEnv(env);
            env.reset(5, step.obs);
            int steps = 0;
            while (!step.done()) {
                env.step(steps % 7 < 5 ? 1 : 0, step);
                steps++;
                assertEquals(step.terminated ? -1.0 : 0.0, step.reward);
            }
            assertTrue(step.terminated);
        }
    }

    @Test
    void shouldRefuseStepWhenEpisodeTerminated() {
        try (Env env = EnvRegistry.make("CartPole-v1")) {
            final Step step = Step.forEnv(env);
            env.reset(1, step.obs);
            while (!step.done()) {
                env.step(1, step);
            }
            assertTrue(step.terminated);
            final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> env.step(1, step));
            assertTrue(ex.getMessage().startsWith("CartPole-v1: step() called after the episode ended"),
                ex.getMessage());
            env.reset(2, step.obs);
            env.step(0, step);
            assertEquals(1, env.elapsedSteps());
        }
    }

    @Test
    void shouldNameEnvAndRangeWhenActionIsOutOfRange() {
        try (Env env = EnvRegistry.make("CartPole-v1")) {
            final Step step = Step.forEnv(env);
            env.reset(0, step.obs);
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> env.step(2, step));
            assertEquals("CartPole-v1: discrete action 2 is outside Discrete(2) (allowed 0..1)", ex.getMessage());
            final IllegalArgumentException viaArray = assertThrows(IllegalArgumentException.class,
                () -> env.step(new float[] {2f}, step));
            assertEquals("CartPole-v1: discrete action 2 is outside Discrete(2) (allowed 0..1)", viaArray.getMessage());
            final IllegalArgumentException fractional = assertThrows(IllegalArgumentException.class,
                () -> env.step(new float[] {0.5f}, step));
            assertEquals("CartPole-v1: discrete action must be an integer in [0, 1], got 0.5", fractional.getMessage());
            final IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> env.step(new float[] {Float.NaN}, step));
            assertTrue(nan.getMessage().startsWith("CartPole-v1: discrete action must be an integer"));
            final IllegalArgumentException twoValues = assertThrows(IllegalArgumentException.class,
                () -> env.step(new float[] {0f, 1f}, step));
            assertTrue(twoValues.getMessage().startsWith("CartPole-v1: discrete action must be one value"));
        }
    }
}
