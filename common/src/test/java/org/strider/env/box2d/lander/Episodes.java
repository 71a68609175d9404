package org.strider.env.box2d.lander;

import org.strider.env.Env;
import org.strider.env.HeuristicPolicy;
import org.strider.env.Step;

/** Runs one episode with a heuristic, for the tests. */
final class Episodes {
    private Episodes() {
    }

    record Result(double totalReward, int length, boolean terminated, boolean truncated, double lastReward) {
    }

    static Result run(final Env env, final HeuristicPolicy policy, final long seed) {
        final Step step = Step.forEnv(env);
        final float[] action = new float[env.actionSpace().flatSize()];
        env.reset(seed, step.obs);
        policy.reset();
        double total = 0;
        while (!step.done()) {
            policy.act(step.obs, action);
            env.step(action, step);
            total += step.reward;
        }
        return new Result(total, env.elapsedSteps(), step.terminated, step.truncated, step.reward);
    }
}
