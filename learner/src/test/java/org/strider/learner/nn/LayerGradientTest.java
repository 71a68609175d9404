package org.strider.learner.nn;

import static org.strider.learner.nn.GradientCheck.assertMatches;
import static org.strider.learner.nn.GradientCheck.copy;
import static org.strider.learner.nn.GradientCheck.random;
import static org.strider.learner.nn.GradientCheck.weightedSum;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.strider.random.SplitMix64;

/** Every layer type against central differences in float64, w.r.t. its parameters and its input. */
class LayerGradientTest {
    private static final int BATCH = 5;
    private static final DataType F64 = DataType.DOUBLE;

    @Test
    void shouldMatchFiniteDifferencesForLinear() {
        check(new Linear(7, 4, F64, LinearInit.pytorchDefault()), 11);
    }

    @Test
    void shouldMatchFiniteDifferencesForRelu() {
        check(new Relu(6, F64), 12);
    }

    @Test
    void shouldMatchFiniteDifferencesForTanh() {
        check(new Tanh(6, F64), 13);
    }

    @Test
    void shouldMatchFiniteDifferencesForLayerNorm() {
        check(new LayerNorm(6, 1e-5, F64), 14);
    }

    @Test
    void shouldMatchFiniteDifferencesForScaleShift() {
        check(new ScaleShift(new float[] {2f, 0.5f, 1f}, new float[] {-1f, 0.25f, 3f}, F64), 15);
    }

    /** Loss {@code sum(layer(x) ⊙ R)} with random x, R and random (not initial) parameters. */
    private static void check(final Layer layer, final long seed) {
        final SplitMix64 rng = new SplitMix64(seed);
        final INDArray params = Nd4j.create(F64, Math.max(1, layer.paramCount()));
        final INDArray grads = Nd4j.create(F64, Math.max(1, layer.paramCount()));
        layer.bind(params, grads, 0);
        params.assign(random(rng, params.length()));
        layer.allocate(BATCH);
        final INDArray x = random(rng, BATCH, layer.inputSize());
        final INDArray weights = random(rng, BATCH, layer.outputSize());

        layer.forward(x);
        final double[] gradInput = copy(layer.backward(weights, true, true));
        final double[] gradParams = copy(grads);
        final String name = layer.getClass().getSimpleName();
        assertMatches(name + " input", x, gradInput, () -> weightedSum(layer.forward(x), weights));
        if (layer.paramCount() > 0) {
            assertMatches(name + " params", params, gradParams, () -> weightedSum(layer.forward(x), weights));
        }
    }
}
