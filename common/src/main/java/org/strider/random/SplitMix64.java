package org.strider.random;

/**
 * The generator of {@link java.util.SplittableRandom} (same seed → same {@code nextLong}, {@code nextInt(bound)}
 * and {@code nextDouble} sequence) with its state readable and settable, so a checkpoint can hold it and a
 * resumed run continues the exact sequence. Not thread-safe; allocation-free.
 */
public final class SplitMix64 {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private static final double DOUBLE_UNIT = 0x1.0p-53;

    private long state;

    public SplitMix64(final long seed) {
        this.state = seed;
    }

    /** The whole state: {@code new SplitMix64(0).state(s)} continues where the generator with state s was. */
    public long state() {
        return state;
    }

    public SplitMix64 state(final long state) {
        this.state = state;
        return this;
    }

    public long nextLong() {
        return mix64(state += GOLDEN_GAMMA);
    }

    public int nextInt() {
        return mix32(state += GOLDEN_GAMMA);
    }

    /** Uniform in {@code [0, bound)} without modulo bias (SplittableRandom's rejection method). */
    public int nextInt(final int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        int r = nextInt();
        final int m = bound - 1;
        if ((bound & m) == 0) {
            return r & m;
        }
        for (int u = r >>> 1; u + m - (r = u % bound) < 0; u = nextInt() >>> 1) {
            // rejected: u fell in the incomplete last block
        }
        return r;
    }

    /** Uniform in {@code [0, 1)} with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * DOUBLE_UNIT;
    }

    /** Uniform in {@code [low, high)}, as {@code SplittableRandom.nextDouble(low, high)}. */
    public double nextDouble(final double low, final double high) {
        final double r = nextDouble() * (high - low) + low;
        return r >= high ? Math.nextDown(high) : r;
    }

    private static long mix64(final long seed) {
        long z = seed;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static int mix32(final long seed) {
        long z = seed;
        z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
        return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
    }
}
