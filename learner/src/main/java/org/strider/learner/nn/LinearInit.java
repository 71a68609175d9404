package org.strider.learner.nn;

import org.strider.random.SplitMix64;

/**
 * How a linear layer's weight and bias start. Draws go weight first (row-major {@code [out, in]}), then bias,
 * layer by layer in network order, from the network's seeded generator.
 */
@FunctionalInterface
public interface LinearInit {
    /**
     * Writes the weight ({@code fanOut × fanIn} values from {@code weightOffset}) and the bias ({@code fanOut}
     * values from {@code biasOffset}) into {@code flat}.
     */
    void initialize(int fanIn, int fanOut, double[] flat, int weightOffset, int biasOffset, SplitMix64 rng);

    /** PyTorch's {@code nn.Linear} default: weight and bias uniform in ±1/√fan_in. */
    static LinearInit pytorchDefault() {
        return (fanIn, fanOut, flat, weightOffset, biasOffset, rng) -> {
            final double bound = 1.0 / Math.sqrt(fanIn);
            fill(flat, weightOffset, fanIn * fanOut, bound, rng);
            fill(flat, biasOffset, fanOut, bound, rng);
        };
    }

    /** Weight and bias uniform in ±bound, e.g. 3e-3 for the final layers as in the DDPG paper. */
    static LinearInit uniform(final double bound) {
        if (!(bound >= 0) || Double.isInfinite(bound)) {
            throw new IllegalArgumentException("bound must be finite and >= 0: " + bound);
        }
        return (fanIn, fanOut, flat, weightOffset, biasOffset, rng) -> {
            fill(flat, weightOffset, fanIn * fanOut, bound, rng);
            fill(flat, biasOffset, fanOut, bound, rng);
        };
    }

    /** Uniform in ±bound for {@code count} values from {@code offset}. */
    static void fill(final double[] flat, final int offset, final int count, final double bound,
        final SplitMix64 rng) {
        for (int i = 0; i < count; i++) {
            flat[offset + i] = (2.0 * rng.nextDouble() - 1.0) * bound;
        }
    }
}
