package org.strider.learner.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.strider.nn.Activation;
import org.strider.nn.MlpInference;
import org.strider.nn.MlpSpec;
import org.strider.random.SplitMix64;

/** The actors' plain-Java forward pass gives the learner's ND4J forward pass, to 1e-5, for batches 1 to 8. */
class MlpInferenceMatchTest {
    @Test
    void shouldMatchNd4jForTheWalkerActor() {
        final MlpSpec spec = MlpSpec.actor(24, new int[] {256, 256}, Activation.RELU,
            new float[] {-1f, -1f, -1f, -1f}, new float[] {1f, 1f, 1f, 1f});
        assertMatch(spec, 31);
    }

    @Test
    void shouldMatchNd4jForLayerNormTanhAndAnAsymmetricBox() {
        final MlpSpec spec = MlpSpec.builder(8).linear(64).layerNorm().tanh().linear(32).relu().linear(2).tanh()
            .add(org.strider.nn.LayerSpec.ScaleShift.fromBounds(new float[] {-2f, 0f}, new float[] {2f, 1f})).build();
        assertMatch(spec, 32);
    }

    private static void assertMatch(final MlpSpec spec, final long seed) {
        final Mlp mlp = new Mlp(spec, DataType.FLOAT);
        mlp.initialize(seed);
        final MlpInference plain = new MlpInference(spec, 8);
        plain.load(mlp.paramsToFloats());
        final SplitMix64 rng = new SplitMix64(seed);
        final int in = spec.inputSize();
        final int out = spec.outputSize();
        for (int batch = 1; batch <= 8; batch++) {
            final float[] x = new float[batch * in];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rng.nextDouble(-3, 3);
            }
            final float[] y = new float[batch * out];
            plain.forward(x, batch, y);
            final INDArray expected = mlp.forward(Nd4j.createFromArray(x).reshape(batch, in));
            final float[] e = expected.dup().reshape((long) batch * out).toFloatVector();
            for (int i = 0; i < y.length; i++) {
                assertEquals(e[i], y[i], 1e-5, "batch " + batch + " element " + i);
            }
        }
    }
}
