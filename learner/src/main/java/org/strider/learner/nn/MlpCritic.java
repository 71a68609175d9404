package org.strider.learner.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.strider.nn.Activation;
import org.strider.random.SplitMix64;

/**
 * Critic MLP {@code (obs, action) → hidden… → 1} in which the action is concatenated onto the input of chosen
 * linear layers. {@link #concat} joins it once, at the input (TD3 paper, CleanRL); {@link #actionAtFirstTwoLayers}
 * joins it at the first and second layers, as the seed-000 TD3 and "DDPG same structure" critics do:
 * {@code fc2(cat(relu(fc1(cat(s, a))), a))}. Parameters: each linear layer's weight (its input columns in
 * concatenation order: previous features, then action) and bias, in layer order.
 */
public final class MlpCritic extends Network implements QFunction {
    private final int obsSize;
    private final int actionSize;
    private final int[] hidden;
    private final boolean[] joins;
    private final Linear[] linears;
    private final Layer[] activations;

    private INDArray[] joined;
    private INDArray[] joinedLeft;
    private INDArray[] joinedAction;
    private INDArray[] gradLeft;
    private INDArray[] gradJoinedAction;
    private INDArray gradObs;
    private INDArray gradAct;
    /** Per joining layer: copies of the features and the action into its input, of its action gradient out. */
    private BoundOp[] copyLeft;
    private BoundOp[] copyAction;
    private BoundOp[] copyActionGrad;
    private BoundOp[] addActionGrad;
    private final BoundOp copyObsGrad = BoundOp.copy();

    /**
     * @param joinLayers indices of the linear layers (0 = first, {@code hidden.length} = output layer) whose
     *                   input gets the action appended; at least one
     */
    public MlpCritic(final int obsSize, final int actionSize, final int[] hidden, final Activation activation,
        final int[] joinLayers, final DataType dataType, final LinearInit finalLayerInit) {
        super(dataType, paramCount(obsSize, actionSize, hidden, joinMask(hidden.length, joinLayers)));
        this.obsSize = obsSize;
        this.actionSize = actionSize;
        this.hidden = hidden.clone();
        this.joins = joinMask(hidden.length, joinLayers);
        this.linears = new Linear[hidden.length + 1];
        this.activations = new Layer[hidden.length];
        long offset = 0;
        for (int k = 0; k <= hidden.length; k++) {
            final int out = k < hidden.length ? hidden[k] : 1;
            linears[k] = new Linear(inputWidth(k), out, dataType,
                k == hidden.length ? finalLayerInit : LinearInit.pytorchDefault());
            linears[k].bind(params(), grads(), offset);
            offset += linears[k].paramCount();
            if (k < hidden.length) {
                activations[k] = activation == Activation.RELU ? new Relu(out, dataType) : new Tanh(out, dataType);
            }
        }
    }

    /** {@code cat(obs, action) → (Linear, activation)… → Linear(1)}, PyTorch's default init. */
    public static MlpCritic concat(final int obsSize, final int actionSize, final int[] hidden,
        final Activation activation, final DataType dataType) {
        return new MlpCritic(obsSize, actionSize, hidden, activation, new int[] {0}, dataType,
            LinearInit.pytorchDefault());
    }

    /** Seed 000's TD3 critic: the action joins the first and second layers (ReLU, e.g. 400-300). */
    public static MlpCritic actionAtFirstTwoLayers(final int obsSize, final int actionSize, final int hidden1,
        final int hidden2, final DataType dataType) {
        return new MlpCritic(obsSize, actionSize, new int[] {hidden1, hidden2}, Activation.RELU, new int[] {0, 1},
            dataType, LinearInit.pytorchDefault());
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
        Shapes.check(obs, batchSize(), obsSize, "critic observation");
        Shapes.check(action, batchSize(), actionSize, "critic action");
        checkType(action, "critic action");
        INDArray h = obs;
        for (int k = 0; k < linears.length; k++) {
            INDArray x = h;
            if (joins[k]) {
                copyLeft[k].run(h, joinedLeft[k]);
                copyAction[k].run(action, joinedAction[k]);
                x = joined[k];
            }
            h = linears[k].forward(x);
            if (k < activations.length) {
                h = activations[k].forward(h);
            }
        }
        return h;
    }

    @Override
    public void backward(final INDArray gradQ, final boolean paramGrads, final boolean inputGrads) {
        INDArray g = gradQ;
        boolean firstActionGrad = true;
        for (int k = linears.length - 1; k >= 0; k--) {
            final boolean needInput = k > 0 || inputGrads;
            final INDArray gradIn = linears[k].backward(g, paramGrads, needInput);
            if (!needInput) {
                return;
            }
            INDArray gradH = gradIn;
            if (joins[k]) {
                if (inputGrads) {
                    if (firstActionGrad) {
                        copyActionGrad[k].run(gradJoinedAction[k], gradAct);
                        firstActionGrad = false;
                    } else {
                        addActionGrad[k].run(gradAct, gradJoinedAction[k], gradAct);
                    }
                }
                gradH = gradLeft[k];
            }
            if (k > 0) {
                g = activations[k - 1].backward(gradH, paramGrads, true);
            } else {
                copyObsGrad.run(gradH, gradObs);
            }
        }
    }

    @Override
    public INDArray gradObservation() {
        return gradObs;
    }

    @Override
    public INDArray gradAction() {
        return gradAct;
    }

    @Override
    protected void initializeInto(final double[] flat, final SplitMix64 rng) {
        int offset = 0;
        for (final Linear linear : linears) {
            linear.initialize(flat, offset, rng);
            offset += linear.paramCount();
        }
    }

    @Override
    protected void allocate(final int batch) {
        final int n = linears.length;
        joined = new INDArray[n];
        joinedLeft = new INDArray[n];
        joinedAction = new INDArray[n];
        gradLeft = new INDArray[n];
        gradJoinedAction = new INDArray[n];
        copyLeft = new BoundOp[n];
        copyAction = new BoundOp[n];
        copyActionGrad = new BoundOp[n];
        addActionGrad = new BoundOp[n];
        for (int k = 0; k < n; k++) {
            linears[k].allocate(batch);
            if (k < activations.length) {
                activations[k].allocate(batch);
            }
            if (joins[k]) {
                final int left = inputWidth(k) - actionSize;
                joined[k] = Nd4j.create(dataType(), batch, inputWidth(k));
                joinedLeft[k] = joined[k].get(NDArrayIndex.all(), NDArrayIndex.interval(0, left));
                joinedAction[k] = joined[k].get(NDArrayIndex.all(), NDArrayIndex.interval(left, left + actionSize));
                final INDArray gradIn = linears[k].gradInputBuffer();
                gradLeft[k] = gradIn.get(NDArrayIndex.all(), NDArrayIndex.interval(0, left));
                gradJoinedAction[k] = gradIn.get(NDArrayIndex.all(), NDArrayIndex.interval(left, left + actionSize));
                copyLeft[k] = BoundOp.copy();
                copyAction[k] = BoundOp.copy();
                copyActionGrad[k] = BoundOp.copy();
                addActionGrad[k] = BoundOp.add();
            }
        }
        gradObs = Nd4j.create(dataType(), batch, obsSize);
        gradAct = Nd4j.create(dataType(), batch, actionSize);
    }

    private int inputWidth(final int k) {
        return (k == 0 ? obsSize : hidden[k - 1]) + (joins[k] ? actionSize : 0);
    }

    private static boolean[] joinMask(final int hiddenCount, final int[] joinLayers) {
        if (joinLayers.length == 0) {
            throw new IllegalArgumentException("the action must join at least one layer");
        }
        final boolean[] mask = new boolean[hiddenCount + 1];
        for (final int k : joinLayers) {
            if (k < 0 || k > hiddenCount) {
                throw new IllegalArgumentException("join layer " + k + " outside 0.." + hiddenCount + " in "
                    + Arrays.toString(joinLayers));
            }
            mask[k] = true;
        }
        return mask;
    }

    private static int paramCount(final int obsSize, final int actionSize, final int[] hidden, final boolean[] joins) {
        if (obsSize <= 0 || actionSize <= 0) {
            throw new IllegalArgumentException("critic sizes must be positive: obs " + obsSize + ", action " + actionSize);
        }
        int count = 0;
        for (int k = 0; k <= hidden.length; k++) {
            final int in = (k == 0 ? obsSize : hidden[k - 1]) + (joins[k] ? actionSize : 0);
            final int out = k < hidden.length ? hidden[k] : 1;
            count = Math.addExact(count, Math.addExact(Math.multiplyExact(in, out), out));
        }
        return count;
    }
}
