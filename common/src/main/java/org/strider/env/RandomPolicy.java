package org.strider.env;

import java.util.SplittableRandom;

/**
 * Uniformly random actions from a seeded {@link SplittableRandom}: uniform in the bounds of a {@link Box}, a uniform
 * index for {@link Discrete} (written as a float in {@code actionOut[0]}, as {@link Env#step(float[], Step)} takes
 * it). Used for benchmarks, the {@code random} policy of the CLI and random warm-up actions before training.
 *
 * <pre>{@code
 * RandomPolicy policy = new RandomPolicy(env.actionSpace(), seed);
 * policy.act(action);                    // one env
 * policy.act(actions, vectorEnv.numEnvs()); // flat [K * actionSize] for a VectorEnv
 * }</pre>
 *
 * <p>The same seed gives the same action sequence. Not thread-safe; drawing allocates nothing.
 */
public final class RandomPolicy {
    private final Space space;
    private final int actionSize;
    private final int discreteN;
    private final float[] low;
    private final float[] high;
    private SplittableRandom random;

    public RandomPolicy(final Space space, final long seed) {
        this.space = space;
        this.actionSize = space.flatSize();
        if (space instanceof Discrete d) {
            this.discreteN = d.n();
            this.low = null;
            this.high = null;
        } else {
            final Box box = (Box) space;
            if (!box.isBounded()) {
                throw new IllegalArgumentException("random actions need a bounded action space, got " + box.describe());
            }
            this.discreteN = 0;
            this.low = box.low();
            this.high = box.high();
        }
        this.random = new SplittableRandom(seed);
    }

    public Space space() {
        return space;
    }

    /** Floats per action: the Box size, or 1 for a discrete index. */
    public int actionSize() {
        return actionSize;
    }

    /** Restarts the action sequence from {@code seed}. */
    public void reseed(final long seed) {
        random = new SplittableRandom(seed);
    }

    /** Writes one action into {@code actionOut[0, actionSize)}. */
    public void act(final float[] actionOut) {
        sample(actionOut, 0);
    }

    /** Writes {@code count} consecutive actions into {@code actionsOut}, as a {@link VectorEnv} takes them. */
    public void act(final float[] actionsOut, final int count) {
        if (actionsOut.length < count * actionSize) {
            throw new IllegalArgumentException("action array has " + actionsOut.length + " floats, " + count
                + " actions of " + space.describe() + " need " + count * actionSize);
        }
        for (int k = 0; k < count; k++) {
            sample(actionsOut, k * actionSize);
        }
    }

    private void sample(final float[] out, final int offset) {
        if (low == null) {
            out[offset] = random.nextInt(discreteN);
            return;
        }
        for (int i = 0; i < actionSize; i++) {
            final float lo = low[i];
            final float hi = high[i];
            // Rounding to float can land on hi, which is inside a closed Box; never above it.
            out[offset + i] = Math.min(hi, (float) (lo + (hi - (double) lo) * random.nextDouble()));
        }
    }
}
