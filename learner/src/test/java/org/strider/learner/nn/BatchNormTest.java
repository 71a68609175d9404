package org.strider.learner.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.strider.learner.nn.GradientCheck.assertMatches;
import static org.strider.learner.nn.GradientCheck.copy;
import static org.strider.learner.nn.GradientCheck.random;
import static org.strider.learner.nn.GradientCheck.weightedSum;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.strider.nn.Activation;
import org.strider.nn.MlpInference;
import org.strider.random.SplitMix64;

class BatchNormTest {
    private static final DataType F64 = DataType.DOUBLE;
    private static final int SIZE = 6;
    private static final int BATCH = 5;

    /** A BatchNorm bound to random gain and bias and a running variance in [0.5, 2]. */
    private static BatchNorm bound(final SplitMix64 rng, final INDArray params, final INDArray grads) {
        final BatchNorm layer = new BatchNorm(SIZE, F64);
        layer.bind(params, grads, 0);
        params.assign(random(rng, params.length()));
        for (int i = 0; i < SIZE; i++) {
            params.putScalar(3 * SIZE + i, 0.5 + 1.5 * rng.nextDouble());
        }
        layer.allocate(BATCH);
        return layer;
    }

    @Test
    void shouldMatchFiniteDifferencesInTrainAndEvalMode() {
        for (final boolean training : new boolean[] {true, false}) {
            final SplitMix64 rng = new SplitMix64(training ? 31 : 32);
            final INDArray params = Nd4j.create(F64, 4 * SIZE);
            final INDArray grads = Nd4j.create(F64, 4 * SIZE);
            final BatchNorm layer = bound(rng, params, grads);
            layer.training(training);
            final INDArray x = random(rng, BATCH, SIZE);
            final INDArray weights = random(rng, BATCH, SIZE);
            layer.forward(x);
            final double[] gradInput = copy(layer.backward(weights, true, true));
            final double[] gradParams = copy(grads);
            final String name = "BatchNorm " + (training ? "train" : "eval");
            assertMatches(name + " input", x, gradInput, () -> weightedSum(layer.forward(x), weights));
            if (training) {
                // Running statistics change with every train-mode forward but never enter its output: numeric 0.
                assertMatches(name + " params", params, gradParams, () -> weightedSum(layer.forward(x), weights));
            } else {
                // In eval mode they do enter the output, but are not trained: only gain and bias are checked.
                assertMatches(name + " gain and bias", params.get(NDArrayIndex.interval(0, 2 * SIZE)),
                    java.util.Arrays.copyOf(gradParams, 2 * SIZE), () -> weightedSum(layer.forward(x), weights));
            }
            for (int i = 2 * SIZE; i < 4 * SIZE; i++) {
                assertEquals(0.0, gradParams[i], "running statistics get no gradient");
            }
        }
    }

    @Test
    void shouldNormaliseWithBatchStatisticsAndUpdateRunningOnesAsPyTorch() {
        final INDArray params = Nd4j.create(F64, 4 * 2);
        final INDArray grads = Nd4j.create(F64, 4 * 2);
        final BatchNorm layer = new BatchNorm(2, F64);
        layer.bind(params, grads, 0);
        final double[] init = new double[8];
        layer.initialize(init, 0, new SplitMix64(1));
        assertArrayEquals(new double[] {1, 1, 0, 0, 0, 0, 1, 1}, init);
        params.assign(Nd4j.createFromArray(init));
        layer.allocate(4);
        final INDArray x = Nd4j.createFromArray(new double[][] {{1, 10}, {2, 10}, {3, 10}, {6, 10}});
        final INDArray y = layer.forward(x);
        // Feature 0: mean 3, biased var (4 + 1 + 0 + 9) / 4 = 3.5; feature 1 constant: var 0, output 0.
        assertEquals((1 - 3) / Math.sqrt(3.5 + 1e-5), y.getDouble(0, 0), 1e-12);
        assertEquals(0.0, y.getDouble(3, 1), 1e-12);
        // running_mean = 0.9 * 0 + 0.1 * mean; running_var = 0.9 * 1 + 0.1 * unbiased var (14 / 3).
        assertEquals(0.3, params.getDouble(4), 1e-12);
        assertEquals(1.0, params.getDouble(5), 1e-12);
        assertEquals(0.9 + 0.1 * 14 / 3.0, params.getDouble(6), 1e-12);
        assertEquals(0.9, params.getDouble(7), 1e-12);

        // Eval mode uses the running statistics and changes nothing.
        layer.training(false);
        final double[] before = params.toDoubleVector();
        final INDArray z = layer.forward(x);
        assertEquals((1 - 0.3) / Math.sqrt(0.9 + 0.1 * 14 / 3.0 + 1e-5), z.getDouble(0, 0), 1e-12);
        assertArrayEquals(before, params.toDoubleVector());
    }

    @Test
    void shouldRefuseOneRowInTrainMode() {
        final BatchNorm layer = new BatchNorm(3, F64);
        layer.bind(Nd4j.create(F64, 12), Nd4j.create(F64, 12), 0);
        layer.allocate(1);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> layer.forward(Nd4j.create(F64, 1, 3)));
        assertTrue(e.getMessage().contains("more than one row"), e.getMessage());
    }

    @Test
    void shouldFoldEvalModeBatchNormIntoTheInferenceMlp() {
        final QNetwork q = new QNetwork(4, new int[] {16, 8}, Activation.RELU, true, 3, DataType.FLOAT);
        q.initialize(5);
        final SplitMix64 rng = new SplitMix64(6);
        // A few train-mode passes give non-trivial running statistics.
        for (int k = 0; k < 5; k++) {
            q.forward(random(rng, 32, 4).castTo(DataType.FLOAT).muli(2).addi(0.5));
        }
        q.training(false);
        final INDArray obs = random(rng, 7, 4).castTo(DataType.FLOAT);
        final float[] expected = q.forward(obs).dup().data().asFloat();
        final MlpInference plain = new MlpInference(q.inferenceSpec(), 7);
        plain.load(q.inferenceParams());
        final float[] actual = new float[7 * 3];
        plain.forward(obs.data().asFloat(), 7, actual);
        for (int i = 0; i < actual.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4 * Math.max(1, Math.abs(expected[i])), "Q value " + i);
        }
    }

    @Test
    void shouldMatchFiniteDifferencesThroughAWholeBatchNormQNetwork() {
        final QNetwork q = new QNetwork(3, new int[] {5}, Activation.TANH, true, 2, F64);
        q.initialize(9);
        final SplitMix64 rng = new SplitMix64(10);
        final INDArray x = random(rng, 6, 3);
        final INDArray weights = random(rng, 6, 2);
        q.forward(x);
        final double[] gradParams = copy(q.grads().assign(0));
        q.forward(x);
        q.backward(weights, true, false);
        assertMatches("Q network params", q.params(), copy(q.grads()), () -> weightedSum(q.forward(x), weights));
        assertEquals(gradParams.length, q.paramCount());
    }
}
