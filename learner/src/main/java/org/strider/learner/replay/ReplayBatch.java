package org.strider.learner.replay;

/**
 * Caller-owned, preallocated destination of {@link ReplayBuffer#sample}: row-major float arrays, one row per
 * sampled transition. The learner copies them into its ND4J buffers once per batch. {@code terminated} holds
 * 1 where the episode ended inside the MDP (no bootstrap) and 0 otherwise, truncation included.
 */
public final class ReplayBatch {
    public final int size;
    public final int obsSize;
    public final int actionSize;
    public final float[] obs;
    public final float[] action;
    public final float[] reward;
    public final float[] nextObs;
    public final float[] terminated;
    /** Ring index each row was copied from (for tests and prioritised variants). */
    public final int[] index;

    public ReplayBatch(final int size, final int obsSize, final int actionSize) {
        if (size <= 0 || obsSize <= 0 || actionSize <= 0) {
            throw new IllegalArgumentException("batch size, obs size and action size must be positive: " + size
                + ", " + obsSize + ", " + actionSize);
        }
        this.size = size;
        this.obsSize = obsSize;
        this.actionSize = actionSize;
        this.obs = new float[Math.multiplyExact(size, obsSize)];
        this.action = new float[Math.multiplyExact(size, actionSize)];
        this.reward = new float[size];
        this.nextObs = new float[Math.multiplyExact(size, obsSize)];
        this.terminated = new float[size];
        this.index = new int[size];
    }
}
