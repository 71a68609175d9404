package org.strider.nn;

import java.util.Arrays;

/**
 * One layer of a feed-forward network, as both the ND4J learner and the plain-Java inference build it. A
 * network's parameters are one flat float vector; each layer owns {@link #paramCount} consecutive values in
 * PyTorch's {@code state_dict} order (a linear layer's weight {@code [out, in]} row-major, then its bias; a
 * layer norm's gain, then its bias), so an export maps one-to-one onto PyTorch names and shapes.
 */
public sealed interface LayerSpec {
    /** PyTorch's {@code nn.LayerNorm} default epsilon. */
    float LAYER_NORM_EPS = 1e-5f;

    /** Width of the output for an input of {@code inputSize}; throws if this layer cannot take that width. */
    int outputSize(int inputSize);

    /** Number of trainable values this layer holds in the flat parameter vector. */
    int paramCount();

    static Linear linear(final int inputSize, final int outputSize) {
        return new Linear(inputSize, outputSize);
    }

    static Relu relu() {
        return Relu.INSTANCE;
    }

    static Tanh tanh() {
        return Tanh.INSTANCE;
    }

    static LayerNorm layerNorm(final int size) {
        return new LayerNorm(size, LAYER_NORM_EPS);
    }

    /** {@code y = x W^T + b}, W of shape {@code [outputSize, inputSize]}. */
    record Linear(int inputSize, int outputSize) implements LayerSpec {
        public Linear {
            if (inputSize <= 0 || outputSize <= 0) {
                throw new IllegalArgumentException("Linear sizes must be positive: " + inputSize + " -> " + outputSize);
            }
        }

        @Override
        public int outputSize(final int in) {
            if (in != inputSize) {
                throw new IllegalArgumentException("Linear(" + inputSize + " -> " + outputSize + ") given input width " + in);
            }
            return outputSize;
        }

        @Override
        public int paramCount() {
            return Math.addExact(Math.multiplyExact(inputSize, outputSize), outputSize);
        }
    }

    /** Per-row normalisation over the features with a learnt gain and bias, as PyTorch's (biased variance). */
    record LayerNorm(int size, float eps) implements LayerSpec {
        public LayerNorm {
            if (size <= 0 || !(eps > 0f)) {
                throw new IllegalArgumentException("LayerNorm needs size > 0 and eps > 0: " + size + ", " + eps);
            }
        }

        @Override
        public int outputSize(final int in) {
            if (in != size) {
                throw new IllegalArgumentException("LayerNorm(" + size + ") given input width " + in);
            }
            return size;
        }

        @Override
        public int paramCount() {
            return 2 * size;
        }
    }

    /** {@code max(x, 0)}. */
    enum Relu implements LayerSpec {
        INSTANCE;

        @Override
        public int outputSize(final int in) {
            return in;
        }

        @Override
        public int paramCount() {
            return 0;
        }
    }

    /** {@code tanh(x)}. */
    enum Tanh implements LayerSpec {
        INSTANCE;

        @Override
        public int outputSize(final int in) {
            return in;
        }

        @Override
        public int paramCount() {
            return 0;
        }
    }

    /**
     * Fixed per-feature {@code y = x * scale + shift}: the actor head that maps tanh's (-1, 1) onto an action Box,
     * scale = (high - low) / 2, shift = (high + low) / 2. Not trained; the arrays are copied in and out.
     */
    final class ScaleShift implements LayerSpec {
        private final float[] scale;
        private final float[] shift;

        public ScaleShift(final float[] scale, final float[] shift) {
            if (scale.length == 0 || scale.length != shift.length) {
                throw new IllegalArgumentException("ScaleShift needs equal, non-empty scale and shift: "
                    + scale.length + " and " + shift.length);
            }
            for (int i = 0; i < scale.length; i++) {
                if (!Float.isFinite(scale[i]) || !Float.isFinite(shift[i])) {
                    throw new IllegalArgumentException("ScaleShift element " + i + " is not finite: scale="
                        + scale[i] + " shift=" + shift[i]);
                }
            }
            this.scale = scale.clone();
            this.shift = shift.clone();
        }

        /** The head mapping (-1, 1) onto {@code [low, high]} per element. */
        public static ScaleShift fromBounds(final float[] low, final float[] high) {
            if (low.length != high.length) {
                throw new IllegalArgumentException("bounds differ in length: " + low.length + " and " + high.length);
            }
            final float[] scale = new float[low.length];
            final float[] shift = new float[low.length];
            for (int i = 0; i < low.length; i++) {
                scale[i] = (high[i] - low[i]) / 2f;
                shift[i] = (high[i] + low[i]) / 2f;
            }
            return new ScaleShift(scale, shift);
        }

        public int size() {
            return scale.length;
        }

        public float[] scale() {
            return scale.clone();
        }

        public float[] shift() {
            return shift.clone();
        }

        public float scale(final int i) {
            return scale[i];
        }

        public float shift(final int i) {
            return shift[i];
        }

        @Override
        public int outputSize(final int in) {
            if (in != scale.length) {
                throw new IllegalArgumentException("ScaleShift(" + scale.length + ") given input width " + in);
            }
            return in;
        }

        @Override
        public int paramCount() {
            return 0;
        }

        @Override
        public boolean equals(final Object o) {
            return o instanceof ScaleShift s && Arrays.equals(scale, s.scale) && Arrays.equals(shift, s.shift);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(scale) + Arrays.hashCode(shift);
        }

        @Override
        public String toString() {
            return "ScaleShift[scale=" + Arrays.toString(scale) + ", shift=" + Arrays.toString(shift) + "]";
        }
    }
}
