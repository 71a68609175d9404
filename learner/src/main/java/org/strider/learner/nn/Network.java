package org.strider.learner.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.strider.random.SplitMix64;

/**
 * A network whose parameters are one flat rank-1 vector, and whose gradients are another of the same length:
 * every layer's weights are views into it. So the optimiser, polyak averaging, weight broadcast and
 * checkpoints each work on one array. Buffers for activations are made for one batch size and remade only
 * when a forward pass sees another.
 */
public abstract class Network {
    private final DataType dataType;
    private final int paramCount;
    private final INDArray params;
    private final INDArray grads;
    private int batchSize;
    /** Polyak averaging's ops and factor {@code 1 - tau}, made for the last tau seen. */
    private double polyakTau = Double.NaN;
    private INDArray polyakKeep;
    private BoundOp polyakScale;
    private BoundOp polyakAdd;

    protected Network(final DataType dataType, final int paramCount) {
        if (!dataType.isFPType()) {
            throw new IllegalArgumentException("networks need a floating-point data type, not " + dataType);
        }
        this.dataType = dataType;
        this.paramCount = paramCount;
        this.params = Nd4j.create(dataType, paramCount);
        this.grads = Nd4j.create(dataType, paramCount);
    }

    public final DataType dataType() {
        return dataType;
    }

    public final int paramCount() {
        return paramCount;
    }

    /** The flat parameter vector (rank 1); writing to it changes the network. */
    public final INDArray params() {
        return params;
    }

    /** The flat gradient vector (rank 1), laid out like {@link #params()}; written by backward. */
    public final INDArray grads() {
        return grads;
    }

    /** The batch size the buffers are allocated for (0 before the first forward pass). */
    public final int batchSize() {
        return batchSize;
    }

    /** Fresh parameters from a generator seeded with {@code seed}. */
    public final void initialize(final long seed) {
        initialize(new SplitMix64(seed));
    }

    /** Fresh parameters: each layer draws from {@code rng} in network order (see {@link LinearInit}). */
    public final void initialize(final SplitMix64 rng) {
        final double[] flat = new double[paramCount];
        initializeInto(flat, rng);
        params.assign(Nd4j.createFromArray(flat).castTo(dataType));
    }

    /** Copies {@code values} (exactly {@link #paramCount()} of them) into the parameters. */
    public final void setParams(final float[] values) {
        checkLength(values.length);
        params.assign(Nd4j.createFromArray(values).castTo(dataType));
    }

    /** Copies {@code values} (exactly {@link #paramCount()} of them) into the parameters. */
    public final void setParams(final double[] values) {
        checkLength(values.length);
        params.assign(Nd4j.createFromArray(values).castTo(dataType));
    }

    /** A float copy of the parameters, e.g. to export or to broadcast to actors. */
    public final float[] paramsToFloats() {
        return params.toFloatVector();
    }

    /** {@code this ← source}: a target network's hard copy. */
    public final void copyParamsFrom(final Network source) {
        checkSameShape(source);
        params.assign(source.params);
    }

    /**
     * Polyak averaging {@code this ← tau * source + (1 - tau) * this}, in place: {@code this *= 1 - tau}, then
     * {@code this += tau * source}. Makes no ND4J object unless tau differs from the last call's.
     */
    public final void softUpdateFrom(final Network source, final double tau) {
        checkSameShape(source);
        if (Double.doubleToLongBits(tau) != Double.doubleToLongBits(polyakTau)) {
            polyakKeep = Nd4j.scalar(dataType, 1.0 - tau);
            polyakScale = BoundOp.multiply();
            polyakAdd = BoundOp.axpy(tau);
            polyakTau = tau;
        }
        polyakScale.run(params, polyakKeep, params);
        polyakAdd.run(source.params, params, params);
    }

    /** Writes this network's initial parameters into {@code flat}, drawing from {@code rng}. */
    protected abstract void initializeInto(double[] flat, SplitMix64 rng);

    /** Makes every activation and gradient buffer for {@code batch} rows. */
    protected abstract void allocate(int batch);

    /** Reallocates the buffers if {@code input} has another batch size than the last one; checks its type. */
    protected final void prepareBatch(final INDArray input, final String what) {
        if (input.rank() != 2) {
            throw new IllegalArgumentException(what + " must be [batch, features], got rank " + input.rank());
        }
        if (input.dataType() != dataType) {
            throw new IllegalArgumentException(what + " is " + input.dataType() + ", this network is " + dataType);
        }
        final int batch = Math.toIntExact(input.size(0));
        if (batch != batchSize) {
            if (batch <= 0) {
                throw new IllegalArgumentException(what + " has no rows");
            }
            allocate(batch);
            batchSize = batch;
        }
    }

    /** Checks that a second input (e.g. the critic's action) has this network's data type. */
    protected final void checkType(final INDArray input, final String what) {
        if (input.dataType() != dataType) {
            throw new IllegalArgumentException(what + " is " + input.dataType() + ", this network is " + dataType);
        }
    }

    private void checkLength(final int length) {
        if (length != paramCount) {
            throw new IllegalArgumentException("got " + length + " parameter values, this network has " + paramCount);
        }
    }

    private void checkSameShape(final Network other) {
        if (other.paramCount != paramCount || other.dataType != dataType || other.getClass() != getClass()) {
            throw new IllegalArgumentException("networks differ: " + getClass().getSimpleName() + " with "
                + paramCount + " " + dataType + " parameters and " + other.getClass().getSimpleName() + " with "
                + other.paramCount + " " + other.dataType);
        }
    }
}
