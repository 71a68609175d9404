package org.strider.env.box2d.lander;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.strider.env.Env;
import org.strider.env.EnvRegistry;
import org.strider.env.HeuristicPolicy;
import org.strider.env.Step;

class LunarLanderAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final String[] IDS = {"LunarLander-v3", "LunarLanderContinuous-v3"};

    /**
     * Steps (not resets) of episodes already run twice, so JBox2D's pools and island arrays have grown to what
     * they need and the JIT has seen every path. Measured this way: 0 bytes over 4000 to 6000 steps per case,
     * {@code Box2dWorld.step} included. With less warm-up a JIT deoptimisation can re-create a few objects
     * that escape analysis had removed (about 1 kB once); one object per step would be at least 16 bytes per
     * step, so the bound is half a byte per step.
     */
    @Test
    void shouldAllocateNothingPerStepWhenNotRendering() {
        final Env[] envs = new Env[4];
        final HeuristicPolicy[] policies = new HeuristicPolicy[4];
        for (int c = 0; c < envs.length; c++) {
            final Map<String, Object> options = Map.of("enable_wind", c % 2 == 1);
            envs[c] = EnvRegistry.make(IDS[c / 2], options);
            policies[c] = EnvRegistry.heuristic(IDS[c / 2], options);
        }
        for (int round = 0; round < 3; round++) {
            for (int c = 0; c < envs.length; c++) {
                final Env env = envs[c];
                final Step step = Step.forEnv(env);
                final float[] action = new float[env.actionSpace().flatSize()];
                long bytes = 0;
                long steps = 0;
                for (int seed = 0; seed < 20; seed++) {
                    env.reset(seed, step.obs);
                    step.terminated = false;
                    step.truncated = false;
                    policies[c].reset();
                    final long before = THREADS.getCurrentThreadAllocatedBytes();
                    while (!step.done()) {
                        policies[c].act(step.obs, action);
                        env.step(action, step);
                        steps++;
                    }
                    bytes += THREADS.getCurrentThreadAllocatedBytes() - before;
                }
                if (round == 2) {
                    final String what = IDS[c / 2] + " enable_wind=" + (c % 2 == 1);
                    assertTrue(steps > 3000, what + " ran only " + steps + " steps");
                    assertTrue(bytes < steps / 2, what + ": " + bytes + " bytes allocated in " + steps + " steps");
                }
            }
        }
    }
}
