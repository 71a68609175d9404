package org.strider.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class VectorEnvTest {

    @Test
    void shouldGiveEachEnvADistinctSeedAndReplayForTheSameRunSeed() {
        final VectorEnv a = VectorEnv.make(LineWalkEnv.ID, Map.of(), 4, 99);
        final VectorEnv b = VectorEnv.make(LineWalkEnv.ID, Map.of(), 4, 99);
        final float[] obsA = new float[4];
        final float[] obsB = new float[4];
        a.reset(obsA);
        b.reset(obsB);
        assertArrayEquals(obsA, obsB);
        for (int i = 0; i < 4; i++) {
            for (int j = i + 1; j < 4; j++) {
                assertNotEquals(obsA[i], obsA[j], "envs " + i + " and " + j + " start apart");
            }
        }
    }

    @Test
    void shouldAutoResetAndKeepTheTrueFinalObservation() {
        final VectorEnv envs = VectorEnv.make(LineWalkEnv.ID, Map.of(), 2, 5);
        final VectorStep out = VectorStep.forEnv(envs);
        envs.reset(out.obs);
        final float start0 = out.obs[0];
        final float start1 = out.obs[1];
        // Env 0 walks to the goal in three steps; env 1 stands still until the time limit (5 steps).
        final float[] actions = {1f, 0f};
        for (int t = 1; t <= 5; t++) {
            envs.step(actions, out);
            if (t == 3) {
                assertTrue(out.terminated[0]);
                assertFalse(out.truncated[0]);
                assertEquals(start0 + 3, out.finalObs[0], 1e-5, "final obs is the last state, not the reset one");
                assertNotEquals(out.finalObs[0], out.obs[0], "obs already holds the next episode's start");
                assertEquals(10 - 2, out.episodeReturn[0], 1e-9);
                assertEquals(3, out.episodeLength[0]);
                assertEquals(1, out.episodesEnded);
            } else if (t == 5) {
                assertTrue(out.truncated[1]);
                assertEquals(start1, out.finalObs[1], 0f);
                assertEquals(-5, out.episodeReturn[1], 1e-9);
                assertEquals(5, out.episodeLength[1]);
            } else {
                assertFalse(out.done(1));
            }
        }
        assertNotEquals(envs.episodeSeed(0), envs.episodeSeed(1));
    }

    @Test
    void shouldRejectActionArraysOfTheWrongSizeAndStepBeforeReset() {
        final VectorEnv envs = VectorEnv.make(LineWalkEnv.ID, Map.of(), 3, 1);
        final VectorStep out = VectorStep.forEnv(envs);
        assertEquals("LineWalk-v0 VectorEnv: step() before reset()",
            assertThrows(IllegalStateException.class, () -> envs.step(new float[3], out)).getMessage());
        envs.reset(out.obs);
        assertEquals("LineWalk-v0 VectorEnv of 3: action array has 2 floats, expected 3",
            assertThrows(IllegalArgumentException.class, () -> envs.step(new float[2], out)).getMessage());
    }
}
