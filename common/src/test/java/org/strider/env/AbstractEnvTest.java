package org.strider.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AbstractEnvTest {
    private final Env env = EnvRegistry.make(LineWalkEnv.ID);
    private final Step step = Step.forEnv(env);

    @Test
    void shouldClipContinuousActionsToTheBoxWithoutTouchingTheCallersArray() {
        env.reset(1, step.obs);
        final float start = step.obs[0];
        final float[] action = {7f};
        env.step(action, step);
        assertEquals(start + 1.0, step.obs[0], 1e-6);
        assertEquals(7f, action[0]);
    }

    @Test
    void shouldTruncateAtTheTimeLimitAndTerminateAtTheGoal() {
        env.reset(0, step.obs);
        for (int i = 0; i < 4; i++) {
            env.step(new float[] {0.1f}, step);
            assertFalse(step.done(), "step " + i);
        }
        env.step(new float[] {0.1f}, step);
        assertTrue(step.truncated);
        assertFalse(step.terminated);
        assertEquals(5, env.elapsedSteps());

        env.reset(0, step.obs);
        env.step(new float[] {1f}, step);
        env.step(new float[] {1f}, step);
        env.step(new float[] {1f}, step);
        assertTrue(step.terminated);
        assertFalse(step.truncated);
        assertEquals(10.0, step.reward);
    }

    @Test
    void shouldRefuseStepAfterTheEpisodeEndedOrBeforeReset() {
        final IllegalStateException before = assertThrows(IllegalStateException.class,
            () -> env.step(new float[] {0f}, step));
        assertEquals("LineWalk-v0: step() called before the first reset(); call reset(seed) first",
            before.getMessage());
        env.reset(0, step.obs);
        for (int i = 0; i < 5; i++) {
            env.step(new float[] {0f}, step);
        }
        final IllegalStateException after = assertThrows(IllegalStateException.class,
            () -> env.step(new float[] {0f}, step));
        assertEquals("LineWalk-v0: step() called after the episode ended (at step 5); call reset(seed) first",
            after.getMessage());
    }

    @Test
    void shouldNameTheEnvAndTheProblemOnBadActions() {
        env.reset(0, step.obs);
        assertEquals("LineWalk-v0: action must have 1 values for Box(-1.0, 1.0, (1,), float32), got 2",
            assertThrows(IllegalArgumentException.class, () -> env.step(new float[] {0f, 0f}, step)).getMessage());
        assertEquals("LineWalk-v0: action[0] is NaN; actions must be finite",
            assertThrows(IllegalArgumentException.class, () -> env.step(new float[] {Float.NaN}, step)).getMessage());
        assertEquals("LineWalk-v0: action[0] is Infinity; actions must be finite",
            assertThrows(IllegalArgumentException.class,
                () -> env.step(new float[] {Float.POSITIVE_INFINITY}, step)).getMessage());
        assertEquals("LineWalk-v0: has a continuous action space Box(-1.0, 1.0, (1,), float32); pass a float[] action",
            assertThrows(IllegalArgumentException.class, () -> env.step(1, step)).getMessage());
        // A rejected action leaves the episode usable.
        env.step(new float[] {0f}, step);
        assertEquals(1, env.elapsedSteps());
    }

    @Test
    void shouldCheckDiscreteActionsAgainstTheirRange() {
        final Env discrete = EnvRegistry.make(LineWalkEnv.DISCRETE_ID);
        discrete.reset(0, step.obs);
        assertEquals("LineWalkDiscrete-v0: discrete action 2 is outside Discrete(2) (allowed 0..1)",
            assertThrows(IllegalArgumentException.class, () -> discrete.step(2, step)).getMessage());
        assertEquals("LineWalkDiscrete-v0: discrete action -1 is outside Discrete(2) (allowed 0..1)",
            assertThrows(IllegalArgumentException.class, () -> discrete.step(-1, step)).getMessage());
        assertEquals("LineWalkDiscrete-v0: discrete action must be an integer in [0, 1], got 0.5",
            assertThrows(IllegalArgumentException.class, () -> discrete.step(new float[] {0.5f}, step)).getMessage());
        final float start = step.obs[0];
        discrete.step(new float[] {1f}, step);
        assertEquals(start + 1, step.obs[0], 1e-6);
    }

    @Test
    void shouldClearTheEndFlagsWhenResettingIntoAStep() {
        env.reset(0, step);
        for (int i = 0; i < 5; i++) {
            env.step(new float[] {0f}, step);
        }
        assertTrue(step.done());
        env.reset(1, step);
        assertFalse(step.done());
        assertEquals(0.0, step.reward);
        assertArrayEquals(env.reset(1), step.obs);
    }

    @Test
    void shouldRejectAnObservationBufferOfTheWrongSize() {
        assertEquals("LineWalk-v0: observation buffer has 3 floats, the observation space "
                + "Box(-Infinity, Infinity, (1,), float32) needs 1",
            assertThrows(IllegalArgumentException.class, () -> env.reset(0, new float[3])).getMessage());
    }

    @Test
    void shouldReplayTheSameStartForTheSameSeed() {
        assertArrayEquals(env.reset(11), env.reset(11));
        assertFalse(env.reset(11)[0] == env.reset(12)[0]);
        assertEquals(EnvRegistry.make(LineWalkEnv.ID, Map.of("goal", 1.5)).spec(), env.spec());
    }
}
