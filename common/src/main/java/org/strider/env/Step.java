package org.strider.env;

/**
 * The caller-owned result of one {@link Env#step}: the env writes into it and allocates nothing. Reuse one
 * instance per env for the whole run. {@code obs} is the observation after the step; when the episode ended
 * ({@link #done()}), it is the true final observation, which TD3 needs to bootstrap through truncation.
 */
public final class Step {
    public final float[] obs;
    public double reward;
    /** The episode ended inside the MDP (crash, goal, fall): do not bootstrap. */
    public boolean terminated;
    /** The episode was cut by the time limit: bootstrap from {@link #obs}. */
    public boolean truncated;

    public Step(final int obsSize) {
        this.obs = new float[obsSize];
    }

    public static Step forEnv(final Env env) {
        return new Step(env.observationSpace().flatSize());
    }

    public boolean done() {
        return terminated || truncated;
    }
}
