package org.strider.learner.nn;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.strider.nn.Activation;
import org.strider.nn.MlpSpec;
import org.strider.random.SplitMix64;

/**
 * The DQN Q network: {@code obs → (Linear, activation)… → Linear(n actions)}, one Q value per action, every
 * linear layer with PyTorch's default initialisation (SB3's {@code QNetwork}). With batch norm it is the seed
 * notebook's model: {@code BatchNorm1d(obs)}, then per hidden layer {@code Linear → BatchNorm1d → activation},
 * then the output Linear (see {@link BatchNorm} for the train/eval behaviour; {@link #training(boolean)} switches
 * every one of them).
 *
 * <p>Actors act from {@link #inferenceSpec()} and {@link #inferenceParams()}: without batch norm those are the
 * plain MLP and the flat parameters themselves; with it, every batch norm in eval mode (a fixed affine map) is
 * folded into its neighbouring linear layer, so the plain-Java {@link org.strider.nn.MlpInference} runs the
 * eval-mode network without knowing batch norm.
 */
public final class QNetwork extends Network {
    private final int obsSize;
    private final int actions;
    private final int[] hidden;
    private final Activation activation;
    private final boolean batchNorm;
    private final Sequential layers;
    private final List<BatchNorm> norms = new ArrayList<>();

    public QNetwork(final int obsSize, final int[] hidden, final Activation activation, final boolean batchNorm,
        final int actions, final DataType dataType) {
        super(dataType, paramCount(obsSize, hidden, batchNorm, actions));
        this.obsSize = obsSize;
        this.actions = actions;
        this.hidden = hidden.clone();
        this.activation = activation;
        this.batchNorm = batchNorm;
        final List<Layer> list = new ArrayList<>();
        if (batchNorm) {
            list.add(norm(obsSize, dataType));
        }
        int width = obsSize;
        for (final int h : hidden) {
            list.add(new Linear(width, h, dataType, LinearInit.pytorchDefault()));
            if (batchNorm) {
                list.add(norm(h, dataType));
            }
            list.add(activation == Activation.RELU ? new Relu(h, dataType) : new Tanh(h, dataType));
            width = h;
        }
        list.add(new Linear(width, actions, dataType, LinearInit.pytorchDefault()));
        this.layers = new Sequential(list);
        layers.bind(params(), grads(), 0);
    }

    private BatchNorm norm(final int size, final DataType dataType) {
        final BatchNorm n = new BatchNorm(size, dataType);
        norms.add(n);
        return n;
    }

    private static int paramCount(final int obsSize, final int[] hidden, final boolean batchNorm, final int actions) {
        if (obsSize <= 0 || actions <= 0 || hidden.length == 0) {
            throw new IllegalArgumentException("Q network needs obs size > 0, actions > 0 and a hidden layer: "
                + obsSize + ", " + actions + ", " + hidden.length);
        }
        long count = batchNorm ? 4L * obsSize : 0;
        int width = obsSize;
        for (final int h : hidden) {
            count += (long) width * h + h + (batchNorm ? 4L * h : 0);
            width = h;
        }
        count += (long) width * actions + actions;
        return Math.toIntExact(count);
    }

    public int obsSize() {
        return obsSize;
    }

    /** Number of actions: the output width. */
    public int actions() {
        return actions;
    }

    public boolean hasBatchNorm() {
        return batchNorm;
    }

    /** Train or eval mode for every batch norm layer (no effect without batch norm). */
    public void training(final boolean value) {
        for (int i = 0; i < norms.size(); i++) {
            norms.get(i).training(value);
        }
    }

    /** Q values {@code [batch, actions]} for observations {@code [batch, obs]}; reused by the next forward. */
    public INDArray forward(final INDArray obs) {
        prepareBatch(obs, "Q network input");
        return layers.forward(obs);
    }

    /** Back-propagates dLoss/dQ of the last forward; overwrites {@link #grads()} with {@code paramGrads}. */
    public INDArray backward(final INDArray gradQ, final boolean paramGrads, final boolean inputGrad) {
        return layers.backward(gradQ, paramGrads, inputGrad);
    }

    /** The plain MLP an actor runs: {@code obs → (Linear, activation)… → Linear(actions)}. */
    public MlpSpec inferenceSpec() {
        return MlpSpec.mlp(obsSize, hidden, activation, actions);
    }

    /**
     * Parameters of {@link #inferenceSpec()}: a copy of the flat vector without batch norm; with it, the eval-mode
     * network with each batch norm folded (in float64) into the linear layer after it (the input norm) or
     * before it (the hidden norms).
     */
    public float[] inferenceParams() {
        final float[] flat = paramsToFloats();
        if (!batchNorm) {
            return flat;
        }
        final float[] out = new float[inferenceSpec().paramCount()];
        int p = 0;
        int q = 0;
        // Input batch norm as x' = s0 x + t0.
        double[] inScale = new double[obsSize];
        double[] inShift = new double[obsSize];
        p = affine(flat, p, obsSize, inScale, inShift);
        int width = obsSize;
        for (int l = 0; l <= hidden.length; l++) {
            final int outWidth = l < hidden.length ? hidden[l] : actions;
            final int w0 = p;
            final int b0 = p + width * outWidth;
            p = b0 + outWidth;
            double[] outScale = null;
            double[] outShift = null;
            if (l < hidden.length) {
                outScale = new double[outWidth];
                outShift = new double[outWidth];
                p = affine(flat, p, outWidth, outScale, outShift);
            }
            for (int o = 0; o < outWidth; o++) {
                double bias = flat[b0 + o];
                for (int i = 0; i < width; i++) {
                    final double w = flat[w0 + o * width + i];
                    bias += w * (inShift == null ? 0 : inShift[i]);
                    double folded = w * (inScale == null ? 1 : inScale[i]);
                    if (outScale != null) {
                        folded *= outScale[o];
                    }
                    out[q + o * width + i] = (float) folded;
                }
                out[q + width * outWidth + o] = (float) (outScale == null ? bias : bias * outScale[o] + outShift[o]);
            }
            q += width * outWidth + outWidth;
            inScale = null;
            inShift = null;
            width = outWidth;
        }
        return out;
    }

    /** Reads a batch norm at {@code p} as {@code y = scale x + shift} (eval mode); returns the offset after it. */
    private static int affine(final float[] flat, final int p, final int size, final double[] scale,
        final double[] shift) {
        for (int i = 0; i < size; i++) {
            final double gain = flat[p + i];
            final double bias = flat[p + size + i];
            final double mean = flat[p + 2 * size + i];
            final double var = flat[p + 3 * size + i];
            scale[i] = gain / Math.sqrt(var + BatchNorm.EPS);
            shift[i] = bias - mean * scale[i];
        }
        return p + 4 * size;
    }

    @Override
    protected void initializeInto(final double[] flat, final SplitMix64 rng) {
        layers.initialize(flat, 0, rng);
    }

    @Override
    protected void allocate(final int batch) {
        layers.allocate(batch);
    }
}
