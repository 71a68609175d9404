package org.strider.nn;

/**
 * Acts greedily from a Q network's exported weights: {@code argmax_a Q(obs, a)} over the outputs of a plain-Java
 * {@link MlpInference}, what an actor node runs for DQN. Ties go to the lowest index (PyTorch's and NumPy's
 * {@code argmax}); a NaN Q value is never the maximum unless all are NaN (then action 0). Every buffer is
 * allocated here; {@link #act} allocates nothing.
 *
 * <pre>{@code
 * GreedyPolicy policy = new GreedyPolicy(MlpSpec.mlp(4, new int[] {256, 256}, Activation.RELU, 2), 1);
 * policy.load(weights);
 * int action = policy.act(obs);
 * }</pre>
 */
public final class GreedyPolicy {
    private final MlpInference net;
    private final float[] q;
    private final int actions;

    public GreedyPolicy(final MlpSpec spec, final int maxBatch) {
        this.net = new MlpInference(spec, maxBatch);
        this.actions = net.outputSize();
        this.q = new float[maxBatch * actions];
    }

    /** Number of actions (the network's output width). */
    public int actions() {
        return actions;
    }

    public int inputSize() {
        return net.inputSize();
    }

    public MlpSpec spec() {
        return net.spec();
    }

    /** Loads the flat parameters (see {@link MlpInference#load(float[])}). */
    public void load(final float[] params) {
        net.load(params);
    }

    /** Loads {@code length} parameters from {@code params[offset ..]} (see {@link MlpInference#load(float[], int, int)}). */
    public void load(final float[] params, final int offset, final int length) {
        net.load(params, offset, length);
    }

    /** The greedy action for one observation. */
    public int act(final float[] obs) {
        net.forward(obs, 1, q);
        return argmax(q, 0, actions);
    }

    /** Greedy actions for {@code batch} row-major observations into {@code actionsOut[0 .. batch)}. */
    public void act(final float[] obs, final int batch, final int[] actionsOut) {
        net.forward(obs, batch, q);
        for (int r = 0; r < batch; r++) {
            actionsOut[r] = argmax(q, r * actions, actions);
        }
    }

    /** Q values of the last {@link #act} call, row-major (live buffer). */
    public float[] qValues() {
        return q;
    }

    /** Index (from 0) of the largest of {@code values[offset .. offset + n)}; the first one on ties. */
    public static int argmax(final float[] values, final int offset, final int n) {
        int best = 0;
        float max = values[offset];
        for (int i = 1; i < n; i++) {
            final float v = values[offset + i];
            if (v > max || (Float.isNaN(max) && !Float.isNaN(v))) {
                max = v;
                best = i;
            }
        }
        return best;
    }
}
