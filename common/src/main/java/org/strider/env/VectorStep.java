package org.strider.env;

/**
 * The caller-owned result of one {@link VectorEnv#step}. Arrays are flat, env {@code i}'s observation at
 * {@code [i * obsSize, (i + 1) * obsSize)}.
 *
 * <p>For an env whose episode ended this step ({@code done(i)}): {@link #finalObs} holds the true last observation
 * of that episode (bootstrap from it on truncation), {@link #obs} already holds the first observation of the next
 * episode, and {@link #episodeReturn}/{@link #episodeLength} hold the finished episode's totals. For other envs,
 * {@code finalObs} equals {@code obs} for that slot.
 */
public final class VectorStep {
    public final int numEnvs;
    public final int obsSize;
    public final float[] obs;
    public final float[] finalObs;
    public final double[] rewards;
    public final boolean[] terminated;
    public final boolean[] truncated;
    public final double[] episodeReturn;
    public final int[] episodeLength;
    /** Number of envs whose episode ended in this step. */
    public int episodesEnded;

    public VectorStep(final int numEnvs, final int obsSize) {
        this.numEnvs = numEnvs;
        this.obsSize = obsSize;
        this.obs = new float[numEnvs * obsSize];
        this.finalObs = new float[numEnvs * obsSize];
        this.rewards = new double[numEnvs];
        this.terminated = new boolean[numEnvs];
        this.truncated = new boolean[numEnvs];
        this.episodeReturn = new double[numEnvs];
        this.episodeLength = new int[numEnvs];
    }

    public static VectorStep forEnv(final VectorEnv env) {
        return new VectorStep(env.numEnvs(), env.obsSize());
    }

    public boolean done(final int i) {
        return terminated[i] || truncated[i];
    }
}
