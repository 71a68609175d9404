package org.strider.env.box2d.lander;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.strider.env.Env;
import org.strider.env.EnvRegistry;
import org.strider.env.HeuristicPolicy;

class LunarLanderHeuristicTest {
    private final float[] action = new float[2];

    private static float[] obs(final float x, final float y, final float vx, final float vy, final float angle,
                               final float angularVelocity, final float leftLeg, final float rightLeg) {
        return new float[] {x, y, vx, vy, angle, angularVelocity, leftLeg, rightLeg};
    }

    private int discrete(final float[] s) {
        new LunarLanderHeuristic(false).act(s, action);
        return (int) action[0];
    }

    private float[] continuous(final float[] s) {
        new LunarLanderHeuristic(true).act(s, action);
        return action.clone();
    }

    @Test
    void shouldFireMainEngineWhenBelowHoverTargetAndLevel() {
        // hover_todo = (0 - 0.2) * 0.5 - (-0.1) * 0.5 = -0.05 ... falling faster makes it positive
        assertEquals(2, discrete(obs(0f, 0.2f, 0f, -0.5f, 0f, 0f, 0f, 0f)));
        assertArrayEquals(new float[] {1f, 0f}, continuous(obs(0f, 0.2f, 0f, -0.5f, 0f, 0f, 0f, 0f)), 0f);
    }

    @Test
    void shouldDoNothingWhenWithinThresholds() {
        // hover_todo = -0.02 (below 0.05), angle_todo = 0.04 (inside +-0.05)
        assertEquals(0, discrete(obs(0f, 0.04f, 0f, 0f, -0.08f, 0f, 0f, 0f)));
    }

    @Test
    void shouldTurnTowardsPadWithSideEngines() {
        // Tilted left (positive angle) with no need to hover: angle_todo < -0.05 fires the right engine (3).
        assertEquals(3, discrete(obs(0f, 0.5f, 0f, 0f, 0.3f, 0f, 0f, 0f)));
        assertEquals(1, discrete(obs(0f, 0.5f, 0f, 0f, -0.3f, 0f, 0f, 0f)));
        final float[] a = continuous(obs(0f, 0.5f, 0f, 0f, 0.3f, 0f, 0f, 0f));
        assertEquals(1f, a[1]); // -angle_todo * 20 = 3, clipped
        assertEquals(-1f, a[0]); // hover_todo * 20 - 1 = -6, clipped
    }

    @Test
    void shouldClampAngleTargetToPointFourRadians() {
        // angle_targ = 2 * 0.5 + 0 = 1 -> 0.4; angle_todo = (0.4 - 0.4) * 0.5 = 0
        assertEquals(0f, continuous(obs(2f, 5f, 0f, 0f, 0.4f, 0f, 0f, 0f))[1], 0f);
        assertEquals(0f, continuous(obs(-2f, 5f, 0f, 0f, -0.4f, 0f, 0f, 0f))[1], 0f);
    }

    @Test
    void shouldOnlyBrakeFallWhenALegTouches() {
        // With contact: angle_todo = 0, hover_todo = -vy * 0.5 = 0.1; tilt is ignored.
        final float[] s = obs(0.5f, 0f, 0f, -0.2f, 0.3f, 0.5f, 0f, 1f);
        assertEquals(2, discrete(s));
        final float[] a = continuous(s);
        assertEquals(0.1f * 20f - 1f, a[0]);
        assertEquals(0f, a[1]);
        assertEquals(0, Float.floatToRawIntBits(a[1])); // +0.0 as Gymnasium's integer 0
        assertEquals(0, discrete(obs(0.5f, 0f, 0f, 0.2f, 0.3f, 0.5f, 1f, 0f)));
    }

    @Test
    void shouldLandOnMostSeedsInBothModes() {
        for (final String id : new String[] {"LunarLander-v3", "LunarLanderContinuous-v3"}) {
            try (Env env = EnvRegistry.make(id)) {
                final HeuristicPolicy policy = EnvRegistry.heuristic(id, Map.of());
                int landed = 0;
                for (int seed = 0; seed < 10; seed++) {
                    if (Episodes.run(env, policy, seed).totalReward() >= 200) {
                        landed++;
                    }
                }
                // Measured: 9/10 discrete, 10/10 continuous (Gymnasium: the same).
                assertTrue(landed >= 8, id + " landed " + landed + "/10");
            }
        }
    }
}
