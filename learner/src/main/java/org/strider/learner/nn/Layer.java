package org.strider.learner.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.strider.random.SplitMix64;

/**
 * One differentiable step of a network on {@code [batch, features]} row-major ND4J arrays. A layer's
 * parameters and gradients are views into its network's flat vectors ({@link #bind}); activations and
 * gradients are buffers owned by the layer, made by {@link #allocate} for one batch size and reused until the
 * size changes. The arrays returned by {@link #forward} and {@link #backward} are those buffers: read or copy
 * them before the layer runs again.
 */
public interface Layer {
    int inputSize();

    int outputSize();

    /** Values this layer holds in the flat parameter vector. */
    int paramCount();

    /** Takes views of {@code [offset, offset + paramCount())} of the network's flat parameters and gradients. */
    void bind(INDArray params, INDArray grads, long offset);

    /** Writes this layer's initial parameters into {@code flat} from {@code offset}. */
    void initialize(double[] flat, int offset, SplitMix64 rng);

    /** (Re)allocates the activation and gradient buffers for {@code batchSize} rows. */
    void allocate(int batchSize);

    /** {@code output = f(input)}; keeps a reference to {@code input} for {@link #backward}. */
    INDArray forward(INDArray input);

    /**
     * Back-propagates {@code gradOutput} (dLoss/dOutput of the last forward). With {@code paramGrads} it
     * overwrites (does not add to) this layer's parameter gradients; with {@code inputGrad} it returns
     * dLoss/dInput, else null.
     */
    INDArray backward(INDArray gradOutput, boolean paramGrads, boolean inputGrad);
}
