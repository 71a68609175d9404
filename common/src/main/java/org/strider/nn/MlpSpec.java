package org.strider.nn;

import java.util.ArrayList;
import java.util.List;
import org.strider.env.Box;

/**
 * A feed-forward network as a chain of {@link LayerSpec}s from an input width. The chain is checked when built
 * (each layer must accept the previous width). Parameter layout: the layers' values back to back, in order.
 */
public record MlpSpec(int inputSize, List<LayerSpec> layers) {
    public MlpSpec {
        if (inputSize <= 0) {
            throw new IllegalArgumentException("input size must be positive: " + inputSize);
        }
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("an MLP needs at least one layer");
        }
        layers = List.copyOf(layers);
        int width = inputSize;
        long params = 0;
        for (int i = 0; i < layers.size(); i++) {
            try {
                width = layers.get(i).outputSize(width);
            } catch (final IllegalArgumentException e) {
                throw new IllegalArgumentException("layer " + i + ": " + e.getMessage(), e);
            }
            params += layers.get(i).paramCount();
        }
        if (params > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many parameters for one flat vector: " + params);
        }
    }

    public static Builder builder(final int inputSize) {
        return new Builder(inputSize);
    }

    /**
     * The deterministic actor: {@code obs → (Linear, activation)… → Linear → tanh → × scale + shift}, mapping
     * tanh's range onto the action Box {@code [low, high]}.
     */
    public static MlpSpec actor(final int obsSize, final int[] hidden, final Activation activation,
        final float[] actionLow, final float[] actionHigh) {
        final Builder b = builder(obsSize).hidden(hidden, activation).linear(actionLow.length).tanh();
        return b.add(LayerSpec.ScaleShift.fromBounds(actionLow, actionHigh)).build();
    }

    /** {@link #actor(int, int[], Activation, float[], float[])} for an env's action Box, which must be bounded. */
    public static MlpSpec actor(final int obsSize, final int[] hidden, final Activation activation,
        final Box actionSpace) {
        if (!actionSpace.isBounded()) {
            throw new IllegalArgumentException("the actor needs a bounded action Box, got " + actionSpace);
        }
        return actor(obsSize, hidden, activation, actionSpace.low(), actionSpace.high());
    }

    /** {@code in → (Linear, activation)… → Linear(out)}, no output activation. */
    public static MlpSpec mlp(final int inputSize, final int[] hidden, final Activation activation, final int outputSize) {
        return builder(inputSize).hidden(hidden, activation).linear(outputSize).build();
    }

    public int outputSize() {
        int width = inputSize;
        for (final LayerSpec layer : layers) {
            width = layer.outputSize(width);
        }
        return width;
    }

    /** Width of the input to layer {@code index} ({@code index == layers().size()} gives the output width). */
    public int widthBefore(final int index) {
        int width = inputSize;
        for (int i = 0; i < index; i++) {
            width = layers.get(i).outputSize(width);
        }
        return width;
    }

    /** Largest width anywhere in the chain, input included. */
    public int maxWidth() {
        int width = inputSize;
        int max = width;
        for (final LayerSpec layer : layers) {
            width = layer.outputSize(width);
            max = Math.max(max, width);
        }
        return max;
    }

    public int paramCount() {
        int count = 0;
        for (final LayerSpec layer : layers) {
            count += layer.paramCount();
        }
        return count;
    }

    /** Appends layers, tracking the current width so {@link #linear(int)} needs only the output width. */
    public static final class Builder {
        private final int inputSize;
        private final List<LayerSpec> layers = new ArrayList<>();
        private int width;

        private Builder(final int inputSize) {
            this.inputSize = inputSize;
            this.width = inputSize;
        }

        public Builder linear(final int outputSize) {
            return add(LayerSpec.linear(width, outputSize));
        }

        public Builder relu() {
            return add(LayerSpec.relu());
        }

        public Builder tanh() {
            return add(LayerSpec.tanh());
        }

        public Builder layerNorm() {
            return add(LayerSpec.layerNorm(width));
        }

        public Builder activation(final Activation activation) {
            return add(activation.layer());
        }

        /** One {@code Linear → activation} pair per hidden width. */
        public Builder hidden(final int[] sizes, final Activation activation) {
            for (final int size : sizes) {
                linear(size).activation(activation);
            }
            return this;
        }

        public Builder add(final LayerSpec layer) {
            width = layer.outputSize(width);
            layers.add(layer);
            return this;
        }

        public MlpSpec build() {
            return new MlpSpec(inputSize, layers);
        }
    }
}
