package org.strider.learner.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.strider.nn.Activation;
import org.strider.nn.MlpSpec;
import org.strider.random.SplitMix64;

class NetworkTest {
    private static final float[] LOW = {-1f, -1f, -1f, -1f};
    private static final float[] HIGH = {1f, 1f, 1f, 1f};

    private static Mlp walkerActor(final LinearInit finalInit) {
        return new Mlp(MlpSpec.actor(24, new int[] {256, 256}, Activation.RELU, LOW, HIGH), DataType.FLOAT, finalInit);
    }

    @Test
    void shouldCountParametersAsPyTorchDoes() {
        // Linear(24,256) 6400 + Linear(256,256) 65792 + Linear(256,4) 1028.
        assertEquals(73_220, walkerActor(LinearInit.pytorchDefault()).paramCount());
        // Linear(28,256) 7424 + 65792 + Linear(256,1) 257.
        assertEquals(73_473, MlpCritic.concat(24, 4, new int[] {256, 256}, Activation.RELU, DataType.FLOAT).paramCount());
        // fc1 Linear(28,400) 11600 + fc2 Linear(404,300) 121500 + q Linear(300,1) 301.
        assertEquals(133_401, MlpCritic.actionAtFirstTwoLayers(24, 4, 400, 300, DataType.FLOAT).paramCount());
        // Linear(24,400) 10000 + LayerNorm(400) 800 + Linear(400,300) 120300 + LayerNorm(300) 600
        // + action Linear(4,300) 1500 + q Linear(300,1) 301.
        assertEquals(133_501, new BranchCritic(24, 4, new int[] {400, 300}, DataType.FLOAT).paramCount());
    }

    @Test
    void shouldInitialiseUniformlyWithinOneOverRootFanInAndTheFinalLayerByItsHook() {
        final Mlp actor = walkerActor(LinearInit.uniform(3e-3));
        actor.initialize(1);
        final float[] p = actor.paramsToFloats();
        assertUniform(p, 0, 6400, 1 / Math.sqrt(24));
        assertUniform(p, 6400, 65_792, 1 / Math.sqrt(256));
        assertUniform(p, 6400 + 65_792, 1028, 3e-3);
    }

    @Test
    void shouldStartLayerNormAtGainOneAndBiasZero() {
        final BranchCritic critic = new BranchCritic(3, 2, new int[] {4}, DataType.FLOAT);
        critic.initialize(2);
        final float[] p = critic.paramsToFloats();
        assertArrayEquals(new float[] {1, 1, 1, 1, 0, 0, 0, 0}, Arrays.copyOfRange(p, 16, 24));
    }

    @Test
    void shouldDrawTheSameParametersForTheSameSeed() {
        final Mlp a = walkerActor(LinearInit.pytorchDefault());
        final Mlp b = walkerActor(LinearInit.pytorchDefault());
        a.initialize(new SplitMix64(5));
        b.initialize(new SplitMix64(5));
        assertArrayEquals(a.paramsToFloats(), b.paramsToFloats());
        b.initialize(new SplitMix64(6));
        assertFalse(Arrays.equals(a.paramsToFloats(), b.paramsToFloats()));
    }

    @Test
    void shouldReadLayerParametersAsViewsOfTheFlatVector() {
        final Mlp mlp = new Mlp(MlpSpec.builder(2).linear(2).build(), DataType.FLOAT);
        // weight [[1, 2], [3, 4]] row-major, then bias [5, 6]: y = x W^T + b.
        mlp.setParams(new float[] {1, 2, 3, 4, 5, 6});
        final INDArray x = Nd4j.createFromArray(new float[][] {{1, 1}, {2, -1}});
        assertArrayEquals(new float[] {8, 13, 5, 8}, mlp.forward(x).dup().reshape(4).toFloatVector());
        mlp.params().putScalar(5, 0f);
        assertArrayEquals(new float[] {8, 7, 5, 2}, mlp.forward(x).dup().reshape(4).toFloatVector());
    }

    @Test
    void shouldReuseBuffersUntilTheBatchSizeChanges() {
        final Mlp actor = walkerActor(LinearInit.pytorchDefault());
        actor.initialize(3);
        final INDArray five = Nd4j.rand(DataType.FLOAT, 5, 24);
        final INDArray first = actor.forward(five);
        final float[] fiveRows = first.dup().reshape(20).toFloatVector();
        assertSame(first, actor.forward(five));
        assertEquals(5, actor.batchSize());

        final INDArray two = five.get(NDArrayIndex.interval(0, 2), NDArrayIndex.all()).dup();
        final INDArray out = actor.forward(two);
        assertNotSame(first, out);
        assertEquals(2, actor.batchSize());
        assertArrayEquals(Arrays.copyOf(fiveRows, 8), out.dup().reshape(8).toFloatVector(), 1e-6f);
    }

    @Test
    void shouldOverwriteNotAccumulateGradients() {
        final MlpCritic critic = MlpCritic.concat(5, 2, new int[] {8}, Activation.RELU, DataType.DOUBLE);
        critic.initialize(4);
        final INDArray obs = Nd4j.rand(DataType.DOUBLE, 3, 5);
        final INDArray act = Nd4j.rand(DataType.DOUBLE, 3, 2);
        final INDArray gradQ = Nd4j.ones(DataType.DOUBLE, 3, 1);
        critic.forward(obs, act);
        critic.backward(gradQ, true, true);
        final double[] once = critic.grads().toDoubleVector();
        final double[] actionGrad = critic.gradAction().dup().reshape(6).toDoubleVector();
        critic.forward(obs, act);
        critic.backward(gradQ, true, true);
        assertArrayEquals(once, critic.grads().toDoubleVector(), 0.0);
        assertArrayEquals(actionGrad, critic.gradAction().dup().reshape(6).toDoubleVector(), 0.0);
    }

    @Test
    void shouldCopyAndPolyakAverageParameters() {
        final Mlp source = walkerActor(LinearInit.pytorchDefault());
        final Mlp target = walkerActor(LinearInit.pytorchDefault());
        source.initialize(7);
        target.initialize(8);
        final float[] s = source.paramsToFloats();
        final float[] t = target.paramsToFloats();
        target.softUpdateFrom(source, 0.005);
        final float[] averaged = target.paramsToFloats();
        for (int i = 0; i < s.length; i += 97) {
            assertEquals(0.005 * s[i] + 0.995 * t[i], averaged[i], 1e-6, "element " + i);
        }
        target.copyParamsFrom(source);
        assertArrayEquals(s, target.paramsToFloats());
        assertThrows(IllegalArgumentException.class,
            () -> target.copyParamsFrom(MlpCritic.concat(24, 4, new int[] {256, 256}, Activation.RELU, DataType.FLOAT)));
    }

    @Test
    void shouldPolyakAverageWithWhicheverTauIsGiven() {
        final Mlp source = walkerActor(LinearInit.pytorchDefault());
        final Mlp target = walkerActor(LinearInit.pytorchDefault());
        source.initialize(7);
        target.initialize(8);
        final float[] s = source.paramsToFloats();
        final float[] t = target.paramsToFloats();
        target.softUpdateFrom(source, 0.5);
        target.softUpdateFrom(source, 0.5);
        target.softUpdateFrom(source, 1.0);
        assertArrayEquals(s, target.paramsToFloats(), "tau 1 copies");
        target.setParams(t);
        target.softUpdateFrom(source, 0.25);
        final float[] quarter = target.paramsToFloats();
        for (int i = 0; i < s.length; i += 89) {
            assertEquals(0.25 * s[i] + 0.75 * t[i], quarter[i], 1e-6, "element " + i);
        }
    }

    @Test
    void shouldRejectInputsOfTheWrongShapeOrType() {
        final Mlp actor = walkerActor(LinearInit.pytorchDefault());
        final IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
            () -> actor.forward(Nd4j.create(DataType.FLOAT, 3, 23)));
        assertTrue(width.getMessage().contains("[3, 23], expected [3, 24]"), width.getMessage());
        assertThrows(IllegalArgumentException.class, () -> actor.forward(Nd4j.create(DataType.DOUBLE, 3, 24)));
        final MlpCritic critic = MlpCritic.concat(24, 4, new int[] {16}, Activation.RELU, DataType.FLOAT);
        final IllegalArgumentException action = assertThrows(IllegalArgumentException.class,
            () -> critic.forward(Nd4j.create(DataType.FLOAT, 3, 24), Nd4j.create(DataType.FLOAT, 2, 4)));
        assertTrue(action.getMessage().startsWith("critic action has shape [2, 4], expected [3, 4]"), action.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> critic.forward(Nd4j.create(DataType.FLOAT, 3, 24), Nd4j.create(DataType.DOUBLE, 3, 4)));
        assertThrows(IllegalArgumentException.class, () -> new MlpCritic(24, 4, new int[] {16}, Activation.RELU,
            new int[] {2}, DataType.FLOAT, LinearInit.pytorchDefault()));
    }

    @Test
    void shouldMapTanhOntoTheActionBox() {
        final Mlp actor = new Mlp(MlpSpec.actor(1, new int[] {}, Activation.RELU, new float[] {-2f, 0f},
            new float[] {2f, 1f}), DataType.DOUBLE);
        // weight [[100], [-100]], bias [0, 0]: tanh saturates at ±1 for x = 1.
        actor.setParams(new double[] {100, -100, 0, 0});
        final INDArray out = actor.forward(Nd4j.createFromArray(new double[][] {{1}, {0}}));
        assertArrayEquals(new double[] {2, 0, 0, 0.5}, out.dup().reshape(4).toDoubleVector(), 1e-12);
    }

    private static void assertUniform(final float[] p, final int offset, final int count, final double bound) {
        double maxAbs = 0;
        double sum = 0;
        for (int i = offset; i < offset + count; i++) {
            assertTrue(Math.abs(p[i]) <= bound, "element " + i + " = " + p[i] + " beyond " + bound);
            maxAbs = Math.max(maxAbs, Math.abs(p[i]));
            sum += p[i];
        }
        assertTrue(maxAbs > 0.99 * bound, "max |value| " + maxAbs + " for bound " + bound);
        assertEquals(0, sum / count, 4 * bound / Math.sqrt(3 * count), "mean");
    }
}
