package org.strider.learner.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.strider.nn.export.SafeTensors;

/**
 * Five float32 Adam steps against torch.optim.Adam 2.13 itself: the fixture torch_adam_reference.safetensors
 * (written by tools/bench/adam_reference.py) holds 1000 initial parameters, five gradients and PyTorch's
 * parameters and moments after them, without and with weight decay 0.01.
 */
class AdamTorchReferenceTest {
    private static final int N = 1000;

    @Test
    void shouldMatchPyTorchsMomentsBitForBitAndItsParametersToRoundingOnTheHostLoop() throws IOException {
        final SafeTensors ref = reference();
        for (final String suffix : new String[] {"", "_wd"}) {
            final Adam adam = run(ref, true, suffix.isEmpty() ? 0.0 : 0.01);
            assertTrue(adam.usesHostLoop());
            assertArrayEquals(floats(ref, "m5" + suffix), adam.firstMoment().toFloatVector(), 0f, "m" + suffix);
            assertArrayEquals(floats(ref, "v5" + suffix), adam.secondMoment().toFloatVector(), 0f, "v" + suffix);
            final float[] expected = floats(ref, "p5" + suffix);
            final float[] actual = params.toFloatVector();
            int equal = 0;
            for (int i = 0; i < N; i++) {
                equal += Float.floatToIntBits(expected[i]) == Float.floatToIntBits(actual[i]) ? 1 : 0;
            }
            assertTrue(equal >= N * 97 / 100, "only " + equal + " of " + N + " parameters bit-equal");
            assertArrayEquals(expected, actual, 2e-8f, "p" + suffix);
        }
    }

    @Test
    void shouldMatchPyTorchToFloatRoundingOnTheFusedOp() throws IOException {
        final SafeTensors ref = reference();
        final Adam adam = run(ref, false, 0.01);
        assertArrayEquals(floats(ref, "p5_wd"), params.toFloatVector(), 2e-7f);
        assertArrayEquals(floats(ref, "m5_wd"), adam.firstMoment().toFloatVector(), 2e-7f);
        assertArrayEquals(floats(ref, "v5_wd"), adam.secondMoment().toFloatVector(), 2e-7f);
    }

    /** The parameters of the last {@link #run}. */
    private INDArray params;

    private Adam run(final SafeTensors ref, final boolean host, final double weightDecay) throws IOException {
        params = Nd4j.createFromArray(floats(ref, "p0"));
        final INDArray grads = Nd4j.create(DataType.FLOAT, N);
        final Adam adam = new Adam(params, grads, 1e-3, 0.9, 0.999, 1e-8, weightDecay, host);
        for (int k = 1; k <= 5; k++) {
            grads.assign(Nd4j.createFromArray(floats(ref, "g" + k)));
            adam.step();
        }
        assertEquals(5, adam.stepCount());
        return adam;
    }

    private static SafeTensors reference() throws IOException {
        try (InputStream in = AdamTorchReferenceTest.class.getResourceAsStream("torch_adam_reference.safetensors")) {
            return SafeTensors.parse(Path.of("torch_adam_reference.safetensors"), in.readAllBytes());
        }
    }

    private static float[] floats(final SafeTensors ref, final String name) throws IOException {
        final float[] out = new float[N];
        ref.copyFloats(name, out, 0);
        return out;
    }
}
