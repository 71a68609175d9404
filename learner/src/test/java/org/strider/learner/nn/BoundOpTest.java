package org.strider.learner.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMax;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMin;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.TanhDerivative;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.strider.learner.bench.Nd4jAllocationMeter;
import org.strider.random.SplitMix64;

class BoundOpTest {
    private static INDArray random(final long seed, final int rows, final int cols) {
        final SplitMix64 rng = new SplitMix64(seed);
        final float[] values = new float[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) rng.nextDouble(-2, 2);
        }
        return Nd4j.createFromArray(values).reshape(rows, cols);
    }

    private static INDArray like(final INDArray a) {
        return Nd4j.create(a.dataType(), a.shape());
    }

    /** Bit for bit, signed zeros and NaN payloads included. */
    private static void assertSameBits(final INDArray expected, final INDArray actual, final String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        final float[] e = expected.dup().data().asFloat();
        final float[] a = actual.dup().data().asFloat();
        for (int i = 0; i < e.length; i++) {
            assertEquals(Float.floatToRawIntBits(e[i]), Float.floatToRawIntBits(a[i]), what + " element " + i);
        }
    }

    @Test
    void shouldComputeWhatNd4jsOwnMethodsComputeBitForBit() {
        final INDArray x = random(1, 16, 8);
        final INDArray w = random(2, 5, 8);
        final INDArray dy = random(3, 16, 5);
        final INDArray out = Nd4j.create(DataType.FLOAT, 16, 5);
        final INDArray expected = like(out);
        Nd4j.gemm(x, w, expected, false, true, 1.0, 0.0);
        assertSameBits(expected, BoundOp.gemm(false, true, 1.0, 0.0).run(x, w, out), "gemm x w^T");
        final INDArray dw = like(w);
        Nd4j.gemm(dy, x, dw, true, false, 1.0, 0.0);
        assertSameBits(dw, BoundOp.gemm(true, false, 1.0, 0.0).run(dy, x, like(w)), "gemm dy^T x");

        final INDArray row = random(4, 1, 8);
        final INDArray col = random(5, 16, 1);
        final INDArray z = like(x);
        assertSameBits(x.dup().addiRowVector(row), BoundOp.add().run(x, row, z), "add row");
        assertSameBits(x.dup().subiColumnVector(col), BoundOp.subtract().run(x, col, z), "subtract column");
        assertSameBits(x.dup().muli(0.37), BoundOp.multiply().run(x, Nd4j.scalar(DataType.FLOAT, 0.37), z),
            "multiply scalar");
        final INDArray y = random(6, 16, 8);
        assertSameBits(Transforms.min(x, y, true), BoundOp.minimum().run(x, y, z), "minimum");
        final INDArray lowRow = Nd4j.createFromArray(-1f, -0.5f, 0f, 0.5f, 1f, -2f, 2f, 0f);
        final INDArray clipped = x.dup();
        Nd4j.exec(new BroadcastMax(clipped, lowRow, clipped, 1));
        assertSameBits(clipped, BoundOp.maximum().run(x, lowRow, z), "maximum with a rank-1 row");
        Nd4j.exec(new BroadcastMin(clipped, lowRow, clipped, 1));
        assertSameBits(clipped, BoundOp.minimum().run(z, lowRow, z), "minimum in place");
        final INDArray axpy = y.dup();
        Nd4j.exec(new Axpy(x, axpy, axpy, 0.005));
        assertSameBits(axpy, BoundOp.axpy(0.005).run(x, y, z), "axpy");

        assertSameBits(Transforms.relu(x, true), BoundOp.relu().run(x, z), "relu");
        assertSameBits(Transforms.tanh(x, true), BoundOp.tanh().run(x, z), "tanh");
        final INDArray tanhGrad = like(x);
        Nd4j.exec(new TanhDerivative(x, y, tanhGrad));
        assertSameBits(tanhGrad, BoundOp.tanhBackward().run(x, y, z), "tanh backward");

        final INDArray rowMeans = Nd4j.create(DataType.FLOAT, 16, 1);
        x.mean(rowMeans, 1);
        assertSameBits(rowMeans, BoundOp.mean(1).run(x, Nd4j.create(DataType.FLOAT, 16, 1)), "mean over dim 1");
        final INDArray colSums = Nd4j.create(DataType.FLOAT, 1, 8);
        x.sum(colSums, 0);
        assertSameBits(colSums, BoundOp.sum(0).run(x, Nd4j.create(DataType.FLOAT, 1, 8)), "sum over dim 0");
        final INDArray scalar = Nd4j.scalar(DataType.FLOAT, 0.0);
        assertEquals(x.meanNumber().doubleValue(), BoundOp.mean().run(x, scalar).getDouble(0), 0.0, "mean");
        assertEquals(x.norm1Number().doubleValue(), BoundOp.norm1().run(x, scalar).getDouble(0), 0.0, "norm1");
        assertEquals(x.norm2Number().doubleValue(), BoundOp.norm2().run(x, scalar).getDouble(0), 0.0, "norm2");
        double squares = 0;
        for (final float v : x.dup().data().asFloat()) {
            squares += (double) v * v;
        }
        assertEquals(squares, BoundOp.sumOfSquares().run(x, scalar).getDouble(0), 1e-6 * squares, "sum of squares");
    }

    @Test
    void shouldCopyIntoAStridedView() {
        final INDArray joined = Nd4j.zeros(DataType.FLOAT, 4, 5);
        final INDArray right = joined.get(NDArrayIndex.all(), NDArrayIndex.interval(3, 5));
        final INDArray source = random(7, 4, 2);
        BoundOp.copy().run(source, right);
        assertSameBits(source, right, "copied view");
        assertEquals(0.0, joined.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3)).sumNumber().doubleValue(), 0.0,
            "the rest of the row stays");
    }

    @Test
    void shouldRebindWhenACallPassesAnotherArray() {
        final BoundOp add = BoundOp.add();
        final INDArray a = random(8, 3, 4);
        final INDArray b = random(9, 3, 4);
        final INDArray row = random(10, 1, 4);
        final INDArray out = like(a);
        final INDArray out2 = like(a);
        assertSameBits(a.addRowVector(row), add.run(a, row, out), "first arrays");
        assertSameBits(b.addRowVector(row), add.run(b, row, out), "another input");
        assertSameBits(b.addRowVector(row), add.run(b, row, out2), "another output");
        assertSameBits(b.addRowVector(row), out, "the first output is left alone");
    }

    @Test
    void shouldMakeNoNd4jObjectNorJavaGarbageWhenRunAgainOnTheSameArrays() {
        final INDArray x = random(11, 64, 16);
        final INDArray w = random(12, 32, 16);
        final INDArray out = Nd4j.create(DataType.FLOAT, 64, 32);
        final INDArray bias = random(13, 1, 32);
        final INDArray mean = Nd4j.scalar(DataType.FLOAT, 0.0);
        final BoundOp gemm = BoundOp.gemm(false, true, 1.0, 0.0);
        final BoundOp add = BoundOp.add();
        final BoundOp reduce = BoundOp.mean();
        final Nd4jAllocationMeter.PerCall perCall = Nd4jAllocationMeter.minPerCall(() -> {
            gemm.run(x, w, out);
            add.run(out, bias, out);
            reduce.run(out, mean);
        }, 200, 5);
        assertEquals(0.0, perCall.nd4jObjects(), "ND4J objects per call");
        assertEquals(0.0, perCall.javacppPointers(), "JavaCPP pointers per call");
        if (Nd4j.getEnvironment().isCPU()) {
            assertEquals(0.0, perCall.heapBytes(), "heap bytes per call (CPU: libnd4j called directly)");
        }
    }

    @Test
    void shouldKeepAContextPerArraySetWhenCallsAlternateBetweenTwo() {
        final BoundOp copy = BoundOp.copy();
        final INDArray replayed = random(19, 32, 2);
        final INDArray fromActor = random(20, 32, 2);
        final INDArray joined = Nd4j.create(DataType.FLOAT, 32, 2);
        copy.run(replayed, joined);
        copy.run(fromActor, joined);
        final Nd4jAllocationMeter.PerCall perCall = Nd4jAllocationMeter.minPerCall(() -> {
            copy.run(replayed, joined);
            copy.run(fromActor, joined);
        }, 200, 5);
        assertSameBits(fromActor, joined, "the last copy");
        assertEquals(0.0, perCall.nd4jObjects(), "ND4J objects per call");
        if (Nd4j.getEnvironment().isCPU()) {
            assertEquals(0.0, perCall.heapBytes(), "heap bytes per call");
        }
        final INDArray third = random(21, 32, 2);
        assertSameBits(third, copy.run(third, joined), "a third source");
        assertSameBits(replayed, copy.run(replayed, joined), "back to the first");
    }

    @Test
    void shouldNameTheOpWhenLibnd4jRejectsTheArrays() {
        final BoundOp gemm = BoundOp.gemm(false, false, 1.0, 0.0);
        final INDArray out = Nd4j.create(DataType.FLOAT, 3, 2);
        final Exception e = assertThrows(RuntimeException.class,
            () -> gemm.run(random(14, 3, 4), random(15, 5, 2), out));
        assertTrue(e.getMessage().contains("matmul"), e.getMessage());
        // The op stays usable with arrays that fit.
        final INDArray a = random(16, 3, 4);
        final INDArray b = random(17, 4, 2);
        final INDArray expected = like(out);
        Nd4j.gemm(a, b, expected, false, false, 1.0, 0.0);
        assertSameBits(expected, gemm.run(a, b, out), "after a rejected call");
    }

    @Test
    void shouldRejectAWrongNumberOfOperands() {
        final INDArray x = random(18, 2, 2);
        final Exception binary = assertThrows(IllegalArgumentException.class, () -> BoundOp.add().run(x, x));
        assertTrue(binary.getMessage().contains("add takes 2 operand(s), not 1"), binary.getMessage());
        final Exception unary = assertThrows(IllegalArgumentException.class, () -> BoundOp.relu().run(x, x, x));
        assertTrue(unary.getMessage().contains("relu takes 1 operand(s), not 2"), unary.getMessage());
    }
}
