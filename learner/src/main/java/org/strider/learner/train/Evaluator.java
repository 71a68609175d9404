package org.strider.learner.train;

import org.strider.env.Env;
import org.strider.env.Step;
import org.strider.learner.td3.Td3State;
import org.strider.nn.GreedyPolicy;
import org.strider.nn.MlpInference;

/**
 * Runs the deterministic policy (no noise) on the fixed evaluation episodes {@link Td3State#evalSeed}(0 … M-1)
 * in its own env, so evaluating never touches the training env or any training generator. Continuous actions
 * come from an {@link MlpInference} actor, discrete ones from a {@link GreedyPolicy} (argmax of Q).
 */
public final class Evaluator {
    private final Env env;
    private final Step step;
    private final float[] action;

    public Evaluator(final Env env) {
        this.env = env;
        this.step = Step.forEnv(env);
        this.action = new float[env.actionSpace().flatSize()];
    }

    /** Mean and spread of the undiscounted returns over {@code episodes} evaluation episodes. */
    public Evaluation evaluate(final MlpInference policy, final int episodes, final long envStep, final long updates) {
        final double[] returns = new double[episodes];
        for (int k = 0; k < episodes; k++) {
            env.reset(Td3State.evalSeed(k), step);
            double total = 0;
            while (!step.done()) {
                policy.forward(step.obs, 1, action);
                env.step(action, step);
                total += step.reward;
            }
            returns[k] = total;
        }
        return new Evaluation(envStep, updates, returns);
    }

    /** {@link #evaluate(MlpInference, int, long, long)} for a discrete env, acting greedily on Q. */
    public Evaluation evaluate(final GreedyPolicy policy, final int episodes, final long envStep, final long updates) {
        final double[] returns = new double[episodes];
        for (int k = 0; k < episodes; k++) {
            env.reset(Td3State.evalSeed(k), step);
            double total = 0;
            while (!step.done()) {
                env.step(policy.act(step.obs), step);
                total += step.reward;
            }
            returns[k] = total;
        }
        return new Evaluation(envStep, updates, returns);
    }
}
