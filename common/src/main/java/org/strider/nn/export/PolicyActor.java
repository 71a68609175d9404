package org.strider.nn.export;

import org.strider.env.Box;
import org.strider.env.Discrete;
import org.strider.env.Env;
import org.strider.env.Step;
import org.strider.nn.MlpInference;

/**
 * Acts in an env with an exported policy, one observation at a time, allocating nothing per call. For a
 * {@link Box} action space the network's output is the action (the env clips it); for {@link Discrete} the
 * action is the argmax of the outputs (lowest index on ties), written as its index in {@code actionOut[0]}, as
 * {@link org.strider.env.HeuristicPolicy} does. Deterministic: no exploration noise.
 */
public final class PolicyActor {
    private final PolicyManifest manifest;
    private final MlpInference inference;
    private final float[] output;
    private final boolean discrete;

    PolicyActor(final PolicyManifest manifest, final MlpInference inference) {
        this.manifest = manifest;
        this.inference = inference;
        this.output = new float[inference.outputSize()];
        this.discrete = manifest.actionSpace() instanceof Discrete;
    }

    public PolicyManifest manifest() {
        return manifest;
    }

    /** Writes the action for {@code obs} into {@code actionOut} (length: the action space's flat size). */
    public void act(final float[] obs, final float[] actionOut) {
        if (obs.length != inference.inputSize()) {
            throw new IllegalArgumentException("observation has " + obs.length + " values, the policy for "
                + manifest.envId() + " takes " + inference.inputSize());
        }
        if (actionOut.length != manifest.actionSpace().flatSize()) {
            throw new IllegalArgumentException("action buffer has " + actionOut.length + " values, "
                + manifest.actionSpace() + " needs " + manifest.actionSpace().flatSize());
        }
        if (discrete) {
            inference.forward(obs, 1, output);
            actionOut[0] = argmax(output);
        } else {
            inference.forward(obs, 1, actionOut);
        }
    }

    /** The discrete action for {@code obs}; only for a {@link Discrete} action space. */
    public int actDiscrete(final float[] obs) {
        if (!discrete) {
            throw new IllegalStateException("the policy for " + manifest.envId() + " has a continuous action space "
                + manifest.actionSpace());
        }
        final float[] action = new float[1];
        act(obs, action);
        return (int) action[0];
    }

    /**
     * Plays one episode from {@code env.reset(seed)} until it terminates or is truncated and returns the sum of
     * its rewards. Checks first that the env has the spaces the policy was exported for.
     */
    public double runEpisode(final Env env, final long seed) {
        if (!env.observationSpace().equals(manifest.observationSpace())
            || !env.actionSpace().equals(manifest.actionSpace())) {
            throw new IllegalArgumentException("env " + env.spec().id() + " has spaces " + env.observationSpace()
                + " / " + env.actionSpace() + ", the policy was exported for " + manifest.envId() + " with "
                + manifest.observationSpace() + " / " + manifest.actionSpace());
        }
        final Step step = Step.forEnv(env);
        final float[] action = new float[env.actionSpace().flatSize()];
        env.reset(seed, step);
        double total = 0;
        while (!step.done()) {
            act(step.obs, action);
            if (discrete) {
                env.step((int) action[0], step);
            } else {
                env.step(action, step);
            }
            total += step.reward;
        }
        return total;
    }

    private static int argmax(final float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
