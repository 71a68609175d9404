package org.strider.learner.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * One libnd4j custom op, made once and run on every call, with {@link OpContext}s of its own that hold the arrays
 * it was called on: a call on arrays it already holds makes no ND4J object at all. ND4J's own methods make some on
 * every op: {@code Nd4j.gemm} and the pairwise ops a new op context, {@code addiRowVector} and the other
 * broadcasts dimension and TAD buffers, {@code muli(2.0)} and the other scalar ops a scalar array, reductions their
 * result and dimension arrays (234 per TD3 update before this class); each is native memory that is freed only
 * after the GC has found its handle unreachable and ND4J's deallocator threads have got to it.
 *
 * <p>The ops are the kernels those methods run (same op, same arguments, so the same bits): {@code matmul} for
 * {@code Nd4j.gemm}, the broadcasting {@code add}/{@code subtract}/{@code multiply}/{@code minimum}/{@code maximum}
 * for the row, column and scalar forms, {@code reduce_*} with kept dimensions for {@code mean(out, dim)},
 * {@code sum(out, dim)} and the {@code *Number()} reductions.
 *
 * <p>Two contexts at most: a call site that alternates between two sets of arrays (a critic fed the replayed
 * action in its own step and the actor's action in the actor's) keeps one context per set; a third set rebinds
 * the context used least recently (a few hundred bytes of Java objects, no ND4J object).
 *
 * <p>On the CPU backend {@link #run} calls libnd4j's {@code execCustomOp2} directly, as ND4J's CPU executioner
 * does after its profiling hooks (which this skips), and so allocates nothing on the Java heap either; elsewhere
 * it goes through {@code Nd4j.getExecutioner().exec(op, context)}. Not thread-safe: one owner, like the layers.
 */
public final class BoundOp {
    /** libnd4j's entry points on the CPU backend; null elsewhere. Read after {@code Nd4j} has loaded it. */
    private static final NativeOps DIRECT =
        Nd4j.getEnvironment().isCPU() ? NativeOpsHolder.getInstance().getDeviceNativeOps() : null;

    private final DynamicCustomOp op;
    private final long hash;
    private final double[] tArgs;
    private final long[] iArgs;
    private final boolean[] bArgs;
    /** Arrays given per call: 1 for {@code run(x, z)}, 2 for {@code run(x, y, z)}. */
    private final int operands;
    /** Where each operand goes among libnd4j's inputs (axpy and assign take theirs in another order). */
    private final int[] slots;
    /** The target is also libnd4j's input 0 (assign). */
    private final boolean targetIsInput;
    private final Binding[] bindings = new Binding[2];
    private final INDArray[] call;
    private int lastUsed;

    /** One context and the arrays it holds: libnd4j's inputs by slot, then the output. */
    private static final class Binding {
        final OpContext context;
        final INDArray[] arrays;

        Binding(final OpContext context, final int count) {
            this.context = context;
            this.arrays = new INDArray[count];
        }
    }

    private BoundOp(final String name, final int operands, final int[] slots, final boolean targetIsInput,
        final double[] tArgs, final long[] iArgs, final boolean[] bArgs) {
        this.op = DynamicCustomOp.builder(name).build();
        this.hash = op.opHash();
        this.tArgs = tArgs;
        this.iArgs = iArgs;
        this.bArgs = bArgs;
        this.operands = operands;
        this.slots = slots;
        this.targetIsInput = targetIsInput;
        this.call = new INDArray[operands + (targetIsInput ? 1 : 0) + 1];
    }

    /** {@code c = alpha op(a) op(b) + beta c}, op a transpose where asked: {@code Nd4j.gemm}'s kernel. */
    public static BoundOp gemm(final boolean transposeA, final boolean transposeB, final double alpha,
        final double beta) {
        return new BoundOp("matmul", 2, new int[] {0, 1}, false, new double[] {alpha, beta},
            new long[] {transposeA ? 1 : 0, transposeB ? 1 : 0, 0}, new boolean[0]);
    }

    /** {@code z = x + y}, broadcasting y (a row, a column or a scalar array). */
    public static BoundOp add() {
        return binary("add");
    }

    /** {@code z = x - y}, broadcasting y. */
    public static BoundOp subtract() {
        return binary("subtract");
    }

    /** {@code z = x * y}, broadcasting y. */
    public static BoundOp multiply() {
        return binary("multiply");
    }

    /** {@code z = min(x, y)}, broadcasting y. */
    public static BoundOp minimum() {
        return binary("minimum");
    }

    /** {@code z = max(x, y)}, broadcasting y. */
    public static BoundOp maximum() {
        return binary("maximum");
    }

    /** {@code z = a x + y} (ND4J's {@code Axpy(x, y, z, a)}): run as {@code run(x, y, z)}. */
    public static BoundOp axpy(final double a) {
        return new BoundOp("axpy", 2, new int[] {1, 0}, false, new double[] {a}, new long[0], new boolean[0]);
    }

    /** {@code z = x} (ND4J's {@code z.assign(x)}, any strides): run as {@code run(x, z)}. */
    public static BoundOp copy() {
        return new BoundOp("assign", 1, new int[] {1}, true, new double[0], new long[0], new boolean[0]);
    }

    /** {@code z = max(x, 0)}. */
    public static BoundOp relu() {
        return new BoundOp("relu", 1, new int[] {0}, false, new double[] {0.0}, new long[0], new boolean[0]);
    }

    /** {@code z = tanh(x)}. */
    public static BoundOp tanh() {
        return new BoundOp("tanh", 1, new int[] {0}, false, new double[0], new long[0], new boolean[0]);
    }

    /** {@code z = dy (1 - tanh²(x))}: run as {@code run(x, dy, z)}. */
    public static BoundOp tanhBackward() {
        return binary("tanh_bp");
    }

    /** Mean over {@code dims} (all if none), the reduced dimensions kept with size 1. */
    public static BoundOp mean(final int... dims) {
        return reduce("reduce_mean", dims);
    }

    /** Sum over {@code dims} (all if none), the reduced dimensions kept with size 1. */
    public static BoundOp sum(final int... dims) {
        return reduce("reduce_sum", dims);
    }

    /** Sum of absolute values over every element, into a scalar array. */
    public static BoundOp norm1() {
        return reduce("reduce_norm1");
    }

    /** Euclidean norm over every element, into a scalar array. */
    public static BoundOp norm2() {
        return reduce("reduce_norm2");
    }

    /** Sum of squares over every element, into a scalar array. */
    public static BoundOp sumOfSquares() {
        return reduce("reduce_sqnorm");
    }

    /** Runs a one-operand op {@code z = f(x)}; returns z. */
    public INDArray run(final INDArray x, final INDArray z) {
        checkOperands(1);
        call[slots[0]] = x;
        return exec(z);
    }

    /** Runs a two-operand op {@code z = f(x, y)}; returns z. */
    public INDArray run(final INDArray x, final INDArray y, final INDArray z) {
        checkOperands(2);
        call[slots[0]] = x;
        call[slots[1]] = y;
        return exec(z);
    }

    private static BoundOp binary(final String name) {
        return new BoundOp(name, 2, new int[] {0, 1}, false, new double[0], new long[0], new boolean[0]);
    }

    private static BoundOp reduce(final String name, final int... dims) {
        final long[] axes = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            axes[i] = dims[i];
        }
        return new BoundOp(name, 1, new int[] {0}, false, new double[0], axes,
            dims.length > 0 ? new boolean[] {true} : new boolean[0]);
    }

    private void checkOperands(final int given) {
        if (given != operands) {
            throw new IllegalArgumentException(op.opName() + " takes " + operands + " operand(s), not " + given);
        }
    }

    private INDArray exec(final INDArray z) {
        final int inputs = call.length - 1;
        if (targetIsInput) {
            call[0] = z;
        }
        call[inputs] = z;
        final OpContext context = contextFor(inputs);
        Arrays.fill(call, null);
        if (DIRECT == null) {
            Nd4j.getExecutioner().exec(op, context);
            return z;
        }
        final int status = DIRECT.execCustomOp2(null, hash, context.contextPointer());
        if (status != 0 || DIRECT.lastErrorCode() != 0) {
            throw new IllegalStateException("ND4J op " + op.opName() + " failed (status " + status + "): "
                + DIRECT.lastErrorMessage());
        }
        return z;
    }

    /** The context holding the arrays of this call: one that has them, else a new or the least recent one. */
    private OpContext contextFor(final int inputs) {
        for (int b = 0; b < bindings.length; b++) {
            if (bindings[b] != null && holds(bindings[b])) {
                lastUsed = b;
                return bindings[b].context;
            }
        }
        final int b = bindings[0] == null ? 0 : bindings[1] == null ? 1 : 1 - lastUsed;
        if (bindings[b] == null) {
            bindings[b] = new Binding(newContext(), call.length);
        }
        final Binding binding = bindings[b];
        for (int i = 0; i < call.length; i++) {
            if (binding.arrays[i] != call[i]) {
                if (i < inputs) {
                    binding.context.setInputArray(i, call[i]);
                } else {
                    binding.context.setOutputArray(0, call[i]);
                }
                binding.arrays[i] = call[i];
            }
        }
        lastUsed = b;
        return binding.context;
    }

    private boolean holds(final Binding binding) {
        for (int i = 0; i < call.length; i++) {
            if (binding.arrays[i] != call[i]) {
                return false;
            }
        }
        return true;
    }

    private OpContext newContext() {
        final OpContext context = Nd4j.getExecutioner().buildContext();
        if (tArgs.length > 0) {
            context.setTArguments(tArgs);
        }
        if (iArgs.length > 0) {
            context.setIArguments(iArgs);
        }
        if (bArgs.length > 0) {
            context.setBArguments(bArgs);
        }
        return context;
    }
}
