package org.strider.learner.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.strider.nn.MlpSpec;
import org.strider.random.SplitMix64;

/**
 * A feed-forward network built from an {@link MlpSpec} (the actor: {@link MlpSpec#actor}). The same spec and
 * {@link #paramsToFloats()} run unchanged in {@link org.strider.nn.MlpInference} on the actors.
 */
public final class Mlp extends Network {
    private final MlpSpec spec;
    private final Sequential layers;

    public Mlp(final MlpSpec spec, final DataType dataType) {
        this(spec, dataType, LinearInit.pytorchDefault());
    }

    /** {@code finalLayerInit} starts the last linear layer (e.g. {@code LinearInit.uniform(3e-3)}). */
    public Mlp(final MlpSpec spec, final DataType dataType, final LinearInit finalLayerInit) {
        super(dataType, spec.paramCount());
        this.spec = spec;
        this.layers = Sequential.fromSpec(spec, dataType, finalLayerInit);
        layers.bind(params(), grads(), 0);
    }

    public MlpSpec spec() {
        return spec;
    }

    public int inputSize() {
        return spec.inputSize();
    }

    public int outputSize() {
        return layers.outputSize();
    }

    /** Output {@code [batch, out]} for input {@code [batch, in]}; the array is reused by the next forward. */
    public INDArray forward(final INDArray input) {
        prepareBatch(input, "MLP input");
        return layers.forward(input);
    }

    /**
     * Back-propagates dLoss/dOutput of the last forward. With {@code paramGrads} it overwrites {@link #grads()};
     * with {@code inputGrad} it returns dLoss/dInput (else null).
     */
    public INDArray backward(final INDArray gradOutput, final boolean paramGrads, final boolean inputGrad) {
        return layers.backward(gradOutput, paramGrads, inputGrad);
    }

    @Override
    protected void initializeInto(final double[] flat, final SplitMix64 rng) {
        layers.initialize(flat, 0, rng);
    }

    @Override
    protected void allocate(final int batch) {
        layers.allocate(batch);
    }
}
