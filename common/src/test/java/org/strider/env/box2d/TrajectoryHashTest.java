package org.strider.env.box2d;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.strider.env.Discrete;
import org.strider.env.Env;
import org.strider.env.EnvRegistry;
import org.strider.env.HeuristicPolicy;
import org.strider.env.Step;

/**
 * Guards every bit of the Box2D envs' trajectories: seeded episodes with seeded random actions and with the
 * heuristic, every observation, reward, flag and episode length folded into one 64-bit hash per case, compared to
 * hashes recorded before the solver was optimised. Any change to the arithmetic of a step (order of float
 * operations included) changes a hash; a deliberate change to the physics must record new ones.
 */
class TrajectoryHashTest {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final Map<String, Object> NO_OPTIONS = Map.of();
    private static final Map<String, Object> WIND = Map.of("enable_wind", true);
    private static final boolean HEURISTIC = true;
    private static final boolean RANDOM = false;

    @Test
    void shouldReproduceRecordedWalkerTrajectoriesWhenStepped() {
        assertHash(0xf1606a457dc4cd9eL, "BipedalWalker-v3", NO_OPTIONS, RANDOM, 5);
        assertHash(0x772004278e62f5fcL, "BipedalWalker-v3", NO_OPTIONS, HEURISTIC, 2);
        assertHash(0x0a71a48833cf35dbL, "BipedalWalkerHardcore-v3", NO_OPTIONS, RANDOM, 6);
        assertHash(0x5922cd71df1c09d8L, "BipedalWalkerHardcore-v3", NO_OPTIONS, HEURISTIC, 3);
    }

    @Test
    void shouldReproduceRecordedLanderTrajectoriesWhenStepped() {
        assertHash(0x2fff067315846e6eL, "LunarLander-v3", NO_OPTIONS, RANDOM, 10);
        assertHash(0x69aca27b31497a5dL, "LunarLander-v3", NO_OPTIONS, HEURISTIC, 5);
        assertHash(0xd53ddc9f418386e7L, "LunarLander-v3", WIND, RANDOM, 10);
        assertHash(0x01131f81f2831652L, "LunarLander-v3", WIND, HEURISTIC, 5);
        assertHash(0x9d39cb0b7487bbffL, "LunarLanderContinuous-v3", NO_OPTIONS, RANDOM, 10);
        assertHash(0xd96a70ae35053ca0L, "LunarLanderContinuous-v3", NO_OPTIONS, HEURISTIC, 5);
        assertHash(0xc107260a49091ae8L, "LunarLanderContinuous-v3", WIND, RANDOM, 10);
        assertHash(0x782c4cf7c54e569dL, "LunarLanderContinuous-v3", WIND, HEURISTIC, 5);
    }

    private static void assertHash(final long expected, final String id, final Map<String, Object> options,
                                   final boolean heuristic, final int episodes) {
        final long actual = hash(id, options, heuristic, episodes);
        assertEquals(expected, actual, () -> String.format("%s %s %s actions: trajectory hash 0x%016xL changed",
            id, options, heuristic ? "heuristic" : "random", actual));
    }

    /**
     * Runs episodes on seeds {@code 0..episodes-1} in one env (so resets after earlier episodes are covered too)
     * and hashes the reset observation and every step's observation, reward, flags, and each episode's length.
     */
    private static long hash(final String id, final Map<String, Object> options, final boolean heuristic,
                             final int episodes) {
        try (Env env = EnvRegistry.make(id, options)) {
            final HeuristicPolicy policy = heuristic ? EnvRegistry.heuristic(id, options) : null;
            final Step step = Step.forEnv(env);
            final float[] action = new float[env.actionSpace().flatSize()];
            final int discreteN = env.actionSpace() instanceof Discrete d ? d.n() : 0;
            long h = FNV_OFFSET;
            for (int seed = 0; seed < episodes; seed++) {
                final SplittableRandom random = new SplittableRandom(1000 + seed);
                env.reset(seed, step.obs);
                step.terminated = false;
                step.truncated = false;
                if (policy != null) {
                    policy.reset();
                }
                h = mix(h, step.obs);
                while (!step.done()) {
                    if (policy != null) {
                        policy.act(step.obs, action);
                        env.step(action, step);
                    } else if (discreteN > 0) {
                        env.step(random.nextInt(discreteN), step);
                    } else {
                        for (int i = 0; i < action.length; i++) {
                            action[i] = (float) random.nextDouble(-1.0, 1.0);
                        }
                        env.step(action, step);
                    }
                    h = mix(h, step.obs);
                    h = mix(h, Double.doubleToRawLongBits(step.reward));
                    h = mix(h, (step.terminated ? 1 : 0) + (step.truncated ? 2 : 0));
                }
                h = mix(h, env.elapsedSteps());
            }
            return h;
        }
    }

    private static long mix(final long h, final float[] values) {
        long out = h;
        for (final float v : values) {
            out = mix(out, Float.floatToRawIntBits(v));
        }
        return out;
    }

    /** FNV-1a over the eight bytes of {@code value}. */
    private static long mix(final long h, final long value) {
        long out = h;
        for (int shift = 0; shift < 64; shift += 8) {
            out = (out ^ ((value >>> shift) & 0xff)) * FNV_PRIME;
        }
        return out;
    }
}
