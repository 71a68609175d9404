package org.strider.learner.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.strider.nn.MlpSpec;
import org.strider.random.SplitMix64;

/**
 * Seed 000's configurable DDPG critic: a state branch of {@code (Linear, LayerNorm, ReLU)} per hidden width,
 * an action branch {@code relu(Linear(action → last hidden))}, merged as {@code relu(state + action)} and read
 * out by {@code Linear(last hidden → 1)}. Parameters in PyTorch's module order: state branch, action branch,
 * output layer. Unlike the TD3 paper's critic, the action skips every hidden layer but the merge.
 */
public final class BranchCritic extends Network implements QFunction {
    private final int obsSize;
    private final int actionSize;
    private final Sequential stateBranch;
    private final Linear actionLinear;
    private final Relu actionRelu;
    private final Relu mergeRelu;
    private final Linear output;

    private final BoundOp merge = BoundOp.add();
    private INDArray merged;

    public BranchCritic(final int obsSize, final int actionSize, final int[] hidden, final DataType dataType,
        final LinearInit finalLayerInit) {
        super(dataType, paramCount(obsSize, actionSize, hidden));
        this.obsSize = obsSize;
        this.actionSize = actionSize;
        this.stateBranch = Sequential.fromSpec(stateSpec(obsSize, hidden), dataType, LinearInit.pytorchDefault());
        final int last = hidden[hidden.length - 1];
        this.actionLinear = new Linear(actionSize, last, dataType, LinearInit.pytorchDefault());
        this.actionRelu = new Relu(last, dataType);
        this.mergeRelu = new Relu(last, dataType);
        this.output = new Linear(last, 1, dataType, finalLayerInit);
        long offset = stateBranch.bind(params(), grads(), 0);
        actionLinear.bind(params(), grads(), offset);
        offset += actionLinear.paramCount();
        output.bind(params(), grads(), offset);
    }

    public BranchCritic(final int obsSize, final int actionSize, final int[] hidden, final DataType dataType) {
        this(obsSize, actionSize, hidden, dataType, LinearInit.pytorchDefault());
    }

    @Override
    public int observationSize() {
        return obsSize;
    }

    @Override
    public int actionSize() {
        return actionSize;
    }

    @Override
    public INDArray forward(final INDArray obs, final INDArray action) {
        prepareBatch(obs, "critic observation");
        Shapes.check(action, batchSize(), actionSize, "critic action");
        checkType(action, "critic action");
        final INDArray state = stateBranch.forward(obs);
        final INDArray act = actionRelu.forward(actionLinear.forward(action));
        merge.run(state, act, merged);
        return output.forward(mergeRelu.forward(merged));
    }

    @Override
    public void backward(final INDArray gradQ, final boolean paramGrads, final boolean inputGrads) {
        final INDArray gradMerged = mergeRelu.backward(output.backward(gradQ, paramGrads, true), paramGrads, true);
        // d(state + action)/d(each branch) = 1: both branches get the same gradient.
        final INDArray gradActionBranch = actionRelu.backward(gradMerged, paramGrads, true);
        actionLinear.backward(gradActionBranch, paramGrads, inputGrads);
        stateBranch.backward(gradMerged, paramGrads, inputGrads);
    }

    @Override
    public INDArray gradObservation() {
        return ((Linear) stateBranch.layer(0)).gradInputBuffer();
    }

    @Override
    public INDArray gradAction() {
        return actionLinear.gradInputBuffer();
    }

    @Override
    protected void initializeInto(final double[] flat, final SplitMix64 rng) {
        int offset = stateBranch.initialize(flat, 0, rng);
        actionLinear.initialize(flat, offset, rng);
        offset += actionLinear.paramCount();
        output.initialize(flat, offset, rng);
    }

    @Override
    protected void allocate(final int batch) {
        stateBranch.allocate(batch);
        actionLinear.allocate(batch);
        actionRelu.allocate(batch);
        mergeRelu.allocate(batch);
        output.allocate(batch);
        merged = Nd4j.create(dataType(), batch, actionRelu.outputSize());
    }

    private static MlpSpec stateSpec(final int obsSize, final int[] hidden) {
        if (hidden.length == 0) {
            throw new IllegalArgumentException("the state branch needs at least one hidden layer");
        }
        final MlpSpec.Builder b = MlpSpec.builder(obsSize);
        for (final int size : hidden) {
            b.linear(size).layerNorm().relu();
        }
        return b.build();
    }

    private static int paramCount(final int obsSize, final int actionSize, final int[] hidden) {
        final int last = hidden.length == 0 ? 0 : hidden[hidden.length - 1];
        return Math.addExact(stateSpec(obsSize, hidden).paramCount(), actionSize * last + last + last + 1);
    }
}
