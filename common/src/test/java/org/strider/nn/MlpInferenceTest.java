package org.strider.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.strider.testing.AllocationMeter;

/** Hand-computed forward passes; the match with the learner's ND4J networks is tested in the learner module. */
class MlpInferenceTest {
    @Test
    void shouldComputeLinearReluLinearTanhScaleShiftByHand() {
        final MlpSpec spec = MlpSpec.builder(2).linear(2).relu().linear(1).tanh()
            .add(LayerSpec.ScaleShift.fromBounds(new float[] {-2f}, new float[] {4f})).build();
        final MlpInference net = new MlpInference(spec, 2);
        // W1 = [[1, -1], [2, 0.5]], b1 = [0, -1]; W2 = [[0.5, -0.25]], b2 = [0.1]; head: scale 3, shift 1.
        net.load(new float[] {1, -1, 2, 0.5f, 0, -1, 0.5f, -0.25f, 0.1f});
        final float[] out = new float[2];
        net.forward(new float[] {1, 2, -1, 3}, 2, out);
        // row 1: h = relu([1 - 2, 2 + 1 - 1]) = [0, 2]; z = 0 - 0.5 + 0.1 = -0.4; y = 3 tanh(-0.4) + 1
        // row 2: h = relu([-1 - 3, -2 + 1.5 - 1]) = [0, 0]; z = 0.1;              y = 3 tanh(0.1) + 1
        assertArrayEquals(new float[] {(float) (3 * Math.tanh(-0.4) + 1), (float) (3 * Math.tanh(0.1) + 1)}, out, 1e-6f);
    }

    @Test
    void shouldNormaliseEachRowWithBiasedVarianceLikePyTorch() {
        final MlpSpec spec = MlpSpec.builder(4).layerNorm().build();
        final MlpInference net = new MlpInference(spec, 1);
        net.load(new float[] {1, 1, 2, 2, 0, 0, 0, 1});
        final float[] out = new float[4];
        net.forward(new float[] {1, 2, 3, 4}, 1, out);
        // mean 2.5, biased variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25
        final double s = Math.sqrt(1.25 + 1e-5);
        assertArrayEquals(new float[] {(float) (-1.5 / s), (float) (-0.5 / s), (float) (2 * 0.5 / s),
            (float) (2 * 1.5 / s + 1)}, out, 1e-6f);
    }

    @Test
    void shouldRejectWrongParameterCountsAndBatchSizes() {
        final MlpInference net = new MlpInference(MlpSpec.builder(2).linear(3).build(), 4);
        assertEquals("parameter vector has 8 values at offset 0 of 8, this network needs 9",
            assertThrows(IllegalArgumentException.class, () -> net.load(new float[8])).getMessage());
        assertThrows(IllegalArgumentException.class, () -> net.forward(new float[10], 5, new float[15]));
        assertThrows(IllegalArgumentException.class, () -> net.forward(new float[3], 2, new float[6]));
    }

    @Test
    void shouldAllocateNothingPerForwardPass() {
        final MlpSpec spec = MlpSpec.actor(24, new int[] {64, 64}, Activation.RELU, new float[] {-1f, -1f},
            new float[] {1f, 1f});
        final MlpInference net = new MlpInference(spec, 8);
        net.load(new float[spec.paramCount()]);
        final float[] in = new float[8 * 24];
        final float[] out = new float[8 * 2];
        assertEquals(0, AllocationMeter.minAllocatedBytes(() -> {
            for (int i = 0; i < 1000; i++) {
                net.forward(in, 1 + i % 8, out);
            }
        }, 5));
    }
}
