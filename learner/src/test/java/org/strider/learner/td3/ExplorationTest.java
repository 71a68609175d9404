package org.strider.learner.td3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.strider.env.Box;
import org.strider.env.RandomPolicy;
import org.strider.random.Gaussian;

class ExplorationTest {
    private static final Box TORQUE = Box.uniform(-2f, 2f, 1);
    private static final Box TWO = new Box(new float[] {-1f, 0f}, new float[] {3f, 0.5f}, 2);

    private static Td3State state(final Td3Config.Builder config, final Box actions, final long seed) {
        return Td3State.create(config.hidden(8).capacity(10).build(), 3, actions, seed);
    }

    @Test
    void shouldDrawWarmupActionsAsRandomPolicyDoes() {
        final Td3State s = state(Td3Config.builder(), TWO, 42);
        final Exploration exploration = new Exploration(s);
        final RandomPolicy reference = new RandomPolicy(TWO, s.warmupRng().state());
        final float[] ours = new float[2];
        final float[] theirs = new float[2];
        for (int i = 0; i < 1000; i++) {
            exploration.randomAction(ours);
            reference.act(theirs);
            assertArrayEquals(theirs, ours);
            assertTrue(TWO.contains(ours));
        }
        assertTrue(exploration.warmingUp());
        s.envSteps(25_000);
        assertFalse(exploration.warmingUp());
    }

    @Test
    void shouldAddGaussianNoiseWithSigmaTimesTheHalfRange() {
        final Td3State s = state(Td3Config.builder().sigma(0.1), TORQUE, 1);
        final Exploration exploration = new Exploration(s);
        final int n = 20_000;
        double sum = 0;
        double sq = 0;
        final float[] a = new float[1];
        for (int i = 0; i < n; i++) {
            a[0] = 0.5f;
            exploration.perturb(a);
            sum += a[0] - 0.5;
            sq += (a[0] - 0.5) * (a[0] - 0.5);
        }
        assertEquals(0, sum / n, 0.005);
        assertEquals(0.2, Math.sqrt(sq / n), 0.005, "sigma 0.1 of a half-range of 2");
    }

    @Test
    void shouldClipNoisyActionsToTheBox() {
        final Exploration exploration = new Exploration(state(Td3Config.builder().sigma(5), TWO, 3));
        final float[] a = new float[2];
        boolean hitLow = false;
        boolean hitHigh = false;
        for (int i = 0; i < 200; i++) {
            a[0] = 2.9f;
            a[1] = 0.01f;
            exploration.perturb(a);
            assertTrue(TWO.contains(a), java.util.Arrays.toString(a));
            hitLow |= a[1] == 0f;
            hitHigh |= a[0] == 3f;
        }
        assertTrue(hitLow && hitHigh);
    }

    @Test
    void shouldDecaySigmaLinearlyWithTheEnvStep() {
        final Td3State s = state(Td3Config.builder().sigmaDecay(0.4, 0.1, 1000), TORQUE, 1);
        final Exploration exploration = new Exploration(s);
        assertEquals(0.4, exploration.sigma(), 1e-12);
        s.envSteps(500);
        assertEquals(0.25, exploration.sigma(), 1e-12);
        s.envSteps(5000);
        assertEquals(0.1, exploration.sigma(), 1e-12);
    }

    @Test
    void shouldFollowTheOrnsteinUhlenbeckRecursionAndRestartAtEachEpisode() {
        final Td3State s = state(Td3Config.builder().noiseType(Td3Config.NoiseType.ORNSTEIN_UHLENBECK).sigma(0.5)
            .ouTheta(0.15).ouDt(0.01), TORQUE, 5);
        final Exploration exploration = new Exploration(s);
        final org.strider.random.SplitMix64 rng =
            new org.strider.random.SplitMix64(s.explorationRng().state());
        double x = 0;
        final float[] a = new float[1];
        for (int i = 0; i < 50; i++) {
            x += 0.15 * -x * 0.01 + 0.5 * Math.sqrt(0.01) * Gaussian.next(rng);
            a[0] = 0f;
            exploration.perturb(a);
            assertEquals(x, s.ouNoise()[0], 1e-15);
            assertEquals((float) (x * 2), a[0], 1e-6f);
        }
        exploration.resetEpisode();
        assertEquals(0, s.ouNoise()[0]);
    }
}
