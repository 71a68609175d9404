package org.strider.learner.nn;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.strider.nn.LayerSpec;
import org.strider.nn.MlpSpec;
import org.strider.random.SplitMix64;

/** A chain of layers with consecutive parameter ranges; the building block of every network here. */
final class Sequential {
    private final Layer[] layers;
    private final int paramCount;

    Sequential(final List<Layer> layers) {
        this.layers = layers.toArray(new Layer[0]);
        int count = 0;
        for (int i = 0; i < this.layers.length; i++) {
            if (i > 0 && this.layers[i].inputSize() != this.layers[i - 1].outputSize()) {
                throw new IllegalArgumentException("layer " + i + " takes " + this.layers[i].inputSize()
                    + " features but layer " + (i - 1) + " gives " + this.layers[i - 1].outputSize());
            }
            count = Math.addExact(count, this.layers[i].paramCount());
        }
        this.paramCount = count;
    }

    /** The layers of {@code spec}; the last linear layer starts with {@code finalInit}, the others as PyTorch. */
    static Sequential fromSpec(final MlpSpec spec, final DataType dataType, final LinearInit finalInit) {
        int lastLinear = -1;
        for (int i = 0; i < spec.layers().size(); i++) {
            if (spec.layers().get(i) instanceof LayerSpec.Linear) {
                lastLinear = i;
            }
        }
        final Layer[] layers = new Layer[spec.layers().size()];
        int width = spec.inputSize();
        for (int i = 0; i < layers.length; i++) {
            final LayerSpec layer = spec.layers().get(i);
            if (layer instanceof LayerSpec.Linear linear) {
                layers[i] = new Linear(linear.inputSize(), linear.outputSize(), dataType,
                    i == lastLinear ? finalInit : LinearInit.pytorchDefault());
            } else if (layer instanceof LayerSpec.LayerNorm norm) {
                layers[i] = new LayerNorm(norm.size(), norm.eps(), dataType);
            } else if (layer instanceof LayerSpec.ScaleShift head) {
                layers[i] = new ScaleShift(head.scale(), head.shift(), dataType);
            } else if (layer == LayerSpec.Relu.INSTANCE) {
                layers[i] = new Relu(width, dataType);
            } else if (layer == LayerSpec.Tanh.INSTANCE) {
                layers[i] = new Tanh(width, dataType);
            } else {
                throw new IllegalArgumentException("unsupported layer " + layer);
            }
            width = layer.outputSize(width);
        }
        return new Sequential(List.of(layers));
    }

    int inputSize() {
        return layers[0].inputSize();
    }

    int outputSize() {
        return layers[layers.length - 1].outputSize();
    }

    int paramCount() {
        return paramCount;
    }

    Layer layer(final int index) {
        return layers[index];
    }

    int size() {
        return layers.length;
    }

    /** Binds from {@code offset}; returns the offset after the last parameter. */
    long bind(final INDArray params, final INDArray grads, final long offset) {
        long at = offset;
        for (final Layer layer : layers) {
            layer.bind(params, grads, at);
            at += layer.paramCount();
        }
        return at;
    }

    int initialize(final double[] flat, final int offset, final SplitMix64 rng) {
        int at = offset;
        for (final Layer layer : layers) {
            layer.initialize(flat, at, rng);
            at += layer.paramCount();
        }
        return at;
    }

    void allocate(final int batchSize) {
        for (final Layer layer : layers) {
            layer.allocate(batchSize);
        }
    }

    INDArray forward(final INDArray input) {
        INDArray x = input;
        for (final Layer layer : layers) {
            x = layer.forward(x);
        }
        return x;
    }

    /** Back through every layer; {@code inputGrad} decides only whether the first layer computes dL/dInput. */
    INDArray backward(final INDArray gradOutput, final boolean paramGrads, final boolean inputGrad) {
        INDArray g = gradOutput;
        for (int i = layers.length - 1; i >= 0; i--) {
            g = layers[i].backward(g, paramGrads, i > 0 || inputGrad);
        }
        return g;
    }
}
