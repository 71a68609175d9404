package org.strider.random;

/**
 * Seed derivation: run seed → node → env index → episode. Each derived seed is a SplitMix64 mix of the parent
 * and the index, so children of one parent are distinct and uncorrelated, and the same path always gives the
 * same seed. Results are non-negative, so they are valid NumPy/Gymnasium seeds too.
 */
public final class Seeds {
    private Seeds() {
    }

    public static long derive(final long parent, final long index) {
        long z = parent * 0x9E3779B97F4A7C15L + (index + 1) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return z & Long.MAX_VALUE;
    }

    /**
     * The env seed of training episode {@code index} (0-based) of the run seeded {@code runSeed}: even, so never
     * one of the (odd) evaluation seeds. The synchronous trainer and a lockstep actor node use the same episodes.
     */
    public static long trainingEpisodeSeed(final long runSeed, final long index) {
        return derive(derive(runSeed, 7), index) & ~1L;
    }
}
