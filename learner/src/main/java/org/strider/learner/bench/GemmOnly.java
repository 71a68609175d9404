package org.strider.learner.bench;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The matrix multiplies of two TD3 updates (the second with the actor step), as {@code Nd4j.gemm} calls of the
 * same shapes and transposes the layers use, into preallocated arrays: forward {@code x W^T}, weight gradient
 * {@code dy^T x}, input gradient {@code dy W}. Per update: target actor, two target critics, two critics forward
 * and backward (no input gradient at their first layer) = 25; every second update the actor forward, Q1 forward,
 * Q1's three input gradients and the actor's backward = 14. Bias gradients (row sums) are not counted. The same
 * list as tools/bench/td3_update_torch.py.
 */
final class GemmOnly {
    private final List<INDArray[]> calls = new ArrayList<>();
    private final List<boolean[]> transposes = new ArrayList<>();
    private final int batch;

    GemmOnly(final int obs, final int act, final int h1, final int h2, final int batch) {
        this.batch = batch;
        final int[] actor = {obs, h1, h2, act};
        final int[] critic = {obs + act, h1, h2, 1};
        for (int step = 0; step < 2; step++) {
            forward(actor);
            forward(critic);
            forward(critic);
            forward(critic);
            forward(critic);
            backward(critic);
            backward(critic);
            if (step == 1) {
                forward(actor);
                forward(critic);
                for (int l = 2; l >= 0; l--) {
                    mm(batch, critic[l + 1], critic[l], false, false);
                }
                backward(actor);
            }
        }
    }

    /** GEMM calls in two updates. */
    int count() {
        return calls.size();
    }

    void run() {
        for (int i = 0; i < calls.size(); i++) {
            final INDArray[] c = calls.get(i);
            final boolean[] t = transposes.get(i);
            Nd4j.gemm(c[0], c[1], c[2], t[0], t[1], 1.0, 0.0);
        }
    }

    private void forward(final int[] widths) {
        for (int l = 0; l + 1 < widths.length; l++) {
            mm(batch, widths[l], widths[l + 1], false, true);
        }
    }

    /** Weight gradients of every layer, input gradients of all but the first. */
    private void backward(final int[] widths) {
        for (int l = widths.length - 2; l >= 0; l--) {
            mm(widths[l + 1], batch, widths[l], true, false);
            if (l > 0) {
                mm(batch, widths[l + 1], widths[l], false, false);
            }
        }
    }

    /** out[m, n] = op(a) op(b) with op(a) [m, k] and op(b) [k, n]. */
    private void mm(final int m, final int k, final int n, final boolean transA, final boolean transB) {
        final INDArray a = transA ? Nd4j.rand(DataType.FLOAT, k, m) : Nd4j.rand(DataType.FLOAT, m, k);
        final INDArray b = transB ? Nd4j.rand(DataType.FLOAT, n, k) : Nd4j.rand(DataType.FLOAT, k, n);
        calls.add(new INDArray[] {a, b, Nd4j.create(DataType.FLOAT, m, n)});
        transposes.add(new boolean[] {transA, transB});
    }
}
