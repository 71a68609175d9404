package org.strider.random;

/**
 * Standard normal draws from a {@link SplitMix64}: Box-Muller, one value per two uniforms (the sine half is
 * dropped, so the generator's state is all there is to checkpoint). {@link StrictMath} keeps the values the same
 * on every JVM and CPU.
 */
public final class Gaussian {
    private Gaussian() {
    }

    /** One N(0, 1) draw. */
    public static double next(final SplitMix64 rng) {
        final double u1 = 1.0 - rng.nextDouble();
        final double u2 = rng.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2);
    }
}
