package org.strider.env;

/**
 * One environment, as Gymnasium's {@code gym.make(id)} returns it: the time limit is applied (episodes end
 * with {@code truncated} at {@link EnvSpec#maxEpisodeSteps()}), actions are validated and continuous ones
 * clipped to the action space.
 *
 * <pre>{@code
 * Env env = EnvRegistry.make("LunarLanderContinuous-v3");
 * Step step = Step.forEnv(env);
 * float[] action = new float[env.actionSpace().flatSize()];
 * env.reset(42, step);
 * while (!step.done()) {
 *     policy.act(step.obs, action);
 *     env.step(action, step);
 * }
 * }</pre>
 *
 * <p>{@code reset} and {@code step} write into caller-owned buffers and allocate nothing. Not thread-safe:
 * one thread steps one env.
 */
public interface Env extends AutoCloseable {

    EnvSpec spec();

    /** The observation space: always a {@link Box}. */
    Box observationSpace();

    /** {@link Box} for continuous control, {@link Discrete} otherwise. */
    Space actionSpace();

    /** Starts a new episode; the same seed gives the same trajectory for the same actions. */
    void reset(long seed, float[] obsOut);

    /**
     * Starts a new episode writing the first observation into {@code out.obs} and clearing {@code out}'s reward and
     * end flags, so a loop on {@code !out.done()} can reuse one {@link Step} across episodes.
     */
    default void reset(final long seed, final Step out) {
        reset(seed, out.obs);
        out.reward = 0;
        out.terminated = false;
        out.truncated = false;
    }

    /** Convenience form of {@link #reset(long, float[])} that allocates the observation. */
    default float[] reset(final long seed) {
        final float[] obs = new float[observationSpace().flatSize()];
        reset(seed, obs);
        return obs;
    }

    /**
     * Advances one step. For a {@link Box} action space, {@code action} has the space's size and finite values,
     * clipped to the bounds as Gymnasium does; for {@link Discrete}, it has one element holding the action's index.
     *
     * @throws IllegalArgumentException on a wrong length, NaN/infinite values or an out-of-range discrete action
     * @throws IllegalStateException    if the episode ended (or never started) and {@code reset} was not called
     */
    void step(float[] action, Step out);

    /** Discrete form of {@link #step(float[], Step)}. */
    void step(int action, Step out);

    /** Steps taken in the current episode. */
    int elapsedSteps();

    @Override
    default void close() {
    }
}
