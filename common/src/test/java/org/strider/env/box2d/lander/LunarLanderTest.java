package org.strider.env.box2d.lander;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.strider.env.Env;
import org.strider.env.EnvRegistry;
import org.strider.env.HeuristicPolicy;
import org.strider.env.Step;

/**
 * Dynamics of the port. Reference figures marked "Gymnasium" were measured with Gymnasium 1.3.0 and pybox2d 2.3.10
 * (NumPy 2.4) on the same seeds: {@code gym.make(id).reset(seed=s)} and its {@code heuristic}.
 */
class LunarLanderTest {
    private static final String DISCRETE = "LunarLander-v3";
    private static final String CONTINUOUS = "LunarLanderContinuous-v3";

    @Test
    void shouldBuildGymnasiumTerrainWhenSeeded() {
        // Gymnasium, seed 0: the ten terrain edges' end heights (smooth_y), pure NumPy draws.
        final double[] expected = {2.0008711827620402, 2.0849882350473425, 1.783672522940143, 2.2901417526596286,
            3.3000000000000003, 3.3000000000000003, 3.3000000000000003, 3.395974981223931, 4.353134313557021,
            5.048012132624392, 3.858061851774787};
        final LunarLander env = (LunarLander) EnvRegistry.make(DISCRETE);
        env.reset(0);
        assertArrayEquals(expected, env.smoothY, 0.0);
    }

    @Test
    void shouldMatchGymnasiumFirstObservationBitForBit() {
        // Gymnasium's reset(seed) observations: one no-op step after the random push.
        final float[][] expected = {
            {0.0057061194f, 1.3990337f, 0.5779653f, -0.5282997f, -0.006605304f, -0.13091765f, 0.0f, 0.0f},
            {-0.002718258f, 1.4172997f, -0.27534413f, 0.28354123f, 0.0031565526f, 0.062369574f, 0.0f, 0.0f},
            {-0.0010754585f, 1.4144169f, -0.10894406f, 0.15541421f, 0.0012529439f, 0.024677474f, 0.0f, 0.0f},
        };
        for (final String id : new String[] {DISCRETE, CONTINUOUS}) {
            try (Env env = EnvRegistry.make(id)) {
                for (int seed = 0; seed < expected.length; seed++) {
                    assertArrayEquals(expected[seed], env.reset(seed), 0f, id + " seed " + seed);
                }
            }
        }
    }

    @Test
    void shouldAgreeWithGymnasiumHeuristicEpisodesPerSeed() {
        // Gymnasium's heuristic returns and lengths for seeds 0..9, per id and wind setting.
        final Object[][] cases = {
            {DISCRETE, false, new double[] {297.353, 260.944, 254.625, 244.501, 265.867, 278.441, 319.984, 248.602,
                180.043, 303.81}, new int[] {152, 205, 200, 199, 200, 226, 251, 299, 491, 252}},
            {DISCRETE, true, new double[] {305.988, 11.273, -11.244, -62.21, 234.053, 260.097, -113.953, 197.753,
                288.336, 20.448}, new int[] {200, 103, 106, 93, 249, 273, 95, 379, 200, 149}},
            {CONTINUOUS, false, new double[] {305.963, 273.892, 257.39, 248.63, 262.954, 287.493, 307.937, 273.543,
                294.12, 304.037}, new int[] {200, 190, 179, 181, 189, 189, 270, 187, 199, 245}},
            {CONTINUOUS, true, new double[] {313.507, 274.456, 217.201, 213.004, 174.518, 262.505, -116.574,
                268.367, 277.551, 268.423}, new int[] {172, 193, 267, 218, 286, 244, 93, 248, 197, 464}},
        };
        for (final Object[] c : cases) {
            final String id = (String) c[0];
            final Map<String, Object> options = Map.of("enable_wind", c[1]);
            final double[] returns = (double[]) c[2];
            final int[] lengths = (int[]) c[3];
            try (Env env = EnvRegistry.make(id, options)) {
                final HeuristicPolicy policy = EnvRegistry.heuristic(id, options);
                for (int seed = 0; seed < returns.length; seed++) {
                    final Episodes.Result r = Episodes.run(env, policy, seed);
                    final String where = id + " wind=" + c[1] + " seed " + seed;
                    // glibc's sinf/cosf round differently from Java's exact values; see Box2dCompat.
                    assertEquals(returns[seed], r.totalReward(), 1.0, where);
                    assertEquals(lengths[seed], r.length(), 1, where);
                }
            }
        }
    }

    @Test
    void shouldRepeatTrajectoryBitForBitWhenSeedRepeats() {
        for (final String id : new String[] {DISCRETE, CONTINUOUS}) {
            final Map<String, Object> options = Map.of("enable_wind", true);
            final Trajectory first = trajectory(EnvRegistry.make(id, options), id, options, 11, -1);
            // The second env first runs other episodes: nothing may carry over into the next one.
            final Trajectory second = trajectory(EnvRegistry.make(id, options), id, options, 11, 5);
            assertEquals(first.rewards(), second.rewards(), id);
            assertEquals(first.observations().size(), second.observations().size(), id);
            for (int t = 0; t < first.observations().size(); t++) {
                final float[] x = first.observations().get(t);
                final float[] y = second.observations().get(t);
                for (int i = 0; i < x.length; i++) {
                    assertEquals(Float.floatToRawIntBits(x[i]), Float.floatToRawIntBits(y[i]),
                        id + " step " + t + " element " + i);
                }
            }
        }
    }

    private record Trajectory(List<float[]> observations, List<Double> rewards) {
    }

    /** A heuristic episode's observations and rewards, after an optional warm-up of two other episodes. */
    private static Trajectory trajectory(final Env env, final String id, final Map<String, Object> options,
                                         final long seed, final long warmUpSeed) {
        final HeuristicPolicy policy = EnvRegistry.heuristic(id, options);
        if (warmUpSeed >= 0) {
            Episodes.run(env, policy, warmUpSeed);
            Episodes.run(env, policy, warmUpSeed + 1);
        }
        final Step step = Step.forEnv(env);
        final float[] action = new float[env.actionSpace().flatSize()];
        final Trajectory out = new Trajectory(new ArrayList<>(), new ArrayList<>());
        env.reset(seed, step.obs);
        policy.reset();
        out.observations().add(step.obs.clone());
        while (!step.done()) {
            policy.act(step.obs, action);
            env.step(action, step);
            out.observations().add(step.obs.clone());
            out.rewards().add(step.reward);
        }
        return out;
    }

    @Test
    void shouldTerminateWithMinus100WhenBodyHitsGround() {
        try (Env env = EnvRegistry.make(DISCRETE)) {
            final Step step = Step.forEnv(env);
            env.reset(3, step.obs);
            while (!step.done()) {
                env.step(0, step); // free fall
            }
            assertTrue(step.terminated);
            assertFalse(step.truncated);
            assertEquals(-100.0, step.reward);
            assertTrue(((LunarLander) env).gameOver());
        }
    }

    @Test
    void shouldTerminateWithMinus100WhenLeavingViewportSideways() {
        try (Env env = EnvRegistry.make(CONTINUOUS)) {
            final Step step = Step.forEnv(env);
            env.reset(5, step.obs);
            final float[] action = new float[2];
            while (!step.done()) {
                // Hold altitude with the main engine and tilt right with the side engine: it drifts out.
                action[0] = step.obs[3] < 0f ? 1f : -1f;
                action[1] = step.obs[4] > -0.3f ? 1f : 0f;
                env.step(action, step);
            }
            assertTrue(step.terminated);
            assertTrue(Math.abs(step.obs[0]) >= 1f, "x = " + step.obs[0]);
            assertEquals(-100.0, step.reward);
        }
    }

    @Test
    void shouldTerminateWith100WhenLanderComesToRest() {
        try (Env env = EnvRegistry.make(CONTINUOUS)) {
            final Episodes.Result r = Episodes.run(env, EnvRegistry.heuristic(CONTINUOUS, Map.of()), 0);
            assertTrue(r.terminated());
            assertFalse(r.truncated());
            assertEquals(100.0, r.lastReward());
            assertFalse(((LunarLander) env).lander.isAwake());
        }
    }

    @Test
    void shouldTruncateAtOneThousandStepsWhenStillHovering() {
        // Seed 79: the discrete heuristic never settles here. Which seeds hover that long is decided by float
        // rounding (Gymnasium's run out to 1000 steps on seed 33 and lands seed 79 at step 970; here it is the
        // other way round, see Box2dCompat on sinf/cosf), so this only checks the time limit.
        try (Env env = EnvRegistry.make(DISCRETE)) {
            final Episodes.Result r = Episodes.run(env, EnvRegistry.heuristic(DISCRETE, Map.of()), 79);
            assertEquals(1000, r.length());
            assertTrue(r.truncated());
            assertFalse(r.terminated());
        }
    }

    @Test
    void shouldReportLegContactInObservation() {
        try (Env env = EnvRegistry.make(CONTINUOUS)) {
            final Step step = Step.forEnv(env);
            final float[] action = new float[2];
            final HeuristicPolicy policy = EnvRegistry.heuristic(CONTINUOUS, Map.of());
            env.reset(0, step.obs);
            boolean touched = false;
            while (!step.done()) {
                policy.act(step.obs, action);
                env.step(action, step);
                touched |= step.obs[6] == 1f && step.obs[7] == 1f;
                assertTrue(step.obs[6] == 0f || step.obs[6] == 1f);
            }
            assertTrue(touched);
        }
    }

    @Test
    void shouldChangeTrajectoryButNotTerrainWhenWindEnabled() {
        final LunarLander calm = (LunarLander) EnvRegistry.make(DISCRETE);
        final LunarLander windy = (LunarLander) EnvRegistry.make(DISCRETE, Map.of("enable_wind", true));
        final Step a = Step.forEnv(calm);
        final Step b = Step.forEnv(windy);
        calm.reset(4, a.obs);
        windy.reset(4, b.obs);
        assertArrayEquals(calm.smoothY, windy.smoothY, 0.0);
        for (int t = 0; t < 20; t++) {
            calm.step(0, a);
            windy.step(0, b);
        }
        assertNotEquals(a.obs[0], b.obs[0]);
        assertNotEquals(a.obs[5], b.obs[5]);
    }

    @Test
    void shouldKeepLanderTrajectoryWhenParticlesAreDrawn() {
        final Env plain = EnvRegistry.make(DISCRETE);
        final LunarLander drawn = (LunarLander) EnvRegistry.make(DISCRETE);
        final HeuristicPolicy policy = EnvRegistry.heuristic(DISCRETE, Map.of());
        final BufferedImage frame = new BufferedImage(600, 400, BufferedImage.TYPE_INT_RGB);
        final Step a = Step.forEnv(plain);
        final Step b = Step.forEnv(drawn);
        final float[] action = new float[1];
        plain.reset(2, a.obs);
        drawn.reset(2, b.obs);
        drawn.render(frame);
        int mostParticles = 0;
        while (!a.done()) {
            policy.act(a.obs, action);
            plain.step(action, a);
            drawn.step(action, b);
            drawn.render(frame);
            mostParticles = Math.max(mostParticles, drawn.particles.size());
            assertArrayEquals(a.obs, b.obs);
            assertEquals(a.reward, b.reward);
            assertEquals(a.done(), b.done());
        }
        assertTrue(mostParticles > 0);
    }
}
