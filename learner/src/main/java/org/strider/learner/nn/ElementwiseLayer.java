package org.strider.learner.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.strider.random.SplitMix64;

/**
 * A layer without trainable parameters that maps each feature on its own (activations, the actor's fixed head):
 * same input and output width, output and input-gradient buffers allocated per batch size, the last input kept
 * for the backward pass. Subclasses write {@link #forward} and {@link #backward} into {@link #output} and
 * {@link #gradInput}.
 */
abstract class ElementwiseLayer implements Layer {
    protected final int size;
    protected final DataType dataType;
    protected int batchSize;
    protected INDArray input;
    protected INDArray output;
    protected INDArray gradInput;

    protected ElementwiseLayer(final int size, final DataType dataType) {
        this.size = size;
        this.dataType = dataType;
    }

    @Override
    public final int inputSize() {
        return size;
    }

    @Override
    public final int outputSize() {
        return size;
    }

    @Override
    public final int paramCount() {
        return 0;
    }

    @Override
    public final void bind(final INDArray params, final INDArray grads, final long offset) {
        // no parameters
    }

    @Override
    public final void initialize(final double[] flat, final int offset, final SplitMix64 rng) {
        // no parameters
    }

    @Override
    public final void allocate(final int batch) {
        batchSize = batch;
        output = Nd4j.create(dataType, batch, size);
        gradInput = Nd4j.create(dataType, batch, size);
        input = null;
    }
}
