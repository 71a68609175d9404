package org.strider.nn;

import java.util.List;

/**
 * Plain-Java forward pass of an exported {@link MlpSpec} for batches of 1 to {@code maxBatch} rows: what an
 * actor node runs to act, with no ND4J. Every buffer is allocated here; {@link #forward} allocates nothing.
 * {@link #load} takes the flat parameter vector in the learner's layout (see {@link LayerSpec}) and keeps each
 * weight matrix transposed, one array per input feature, and each activation row in its own array: the inner
 * loop is then {@code y[o] += x_i * w_i[o]} over two arrays from index 0, which HotSpot's C2 vectorises (with
 * offsets into shared arrays it does not, and runs 4× slower). Inputs that ReLU left at zero are skipped.
 */
public final class MlpInference {
    private static final int LINEAR = 0;
    private static final int RELU = 1;
    private static final int TANH = 2;
    private static final int LAYER_NORM = 3;
    private static final int SCALE_SHIFT = 4;

    private final MlpSpec spec;
    private final int maxBatch;
    private final int[] kind;
    private final int[] inWidth;
    private final int[] outWidth;
    private final float[] eps;
    /** Per linear layer: the weight transposed, {@code [in][out]}; null for other layers. */
    private final float[][][] weightT;
    /** Per layer: gain (layer norm) or scale (scale-shift); null otherwise. */
    private final float[][] gain;
    /** Per layer: bias (linear, layer norm) or shift (scale-shift); null otherwise. */
    private final float[][] bias;
    /** Two ping-pong activation buffers, {@code [maxBatch][maxWidth]}. */
    private final float[][] bufferA;
    private final float[][] bufferB;

    public MlpInference(final MlpSpec spec, final int maxBatch) {
        if (maxBatch <= 0) {
            throw new IllegalArgumentException("maxBatch must be positive: " + maxBatch);
        }
        this.spec = spec;
        this.maxBatch = maxBatch;
        final List<LayerSpec> layers = spec.layers();
        final int n = layers.size();
        kind = new int[n];
        inWidth = new int[n];
        outWidth = new int[n];
        eps = new float[n];
        weightT = new float[n][][];
        gain = new float[n][];
        bias = new float[n][];
        int width = spec.inputSize();
        for (int l = 0; l < n; l++) {
            final LayerSpec layer = layers.get(l);
            inWidth[l] = width;
            width = layer.outputSize(width);
            outWidth[l] = width;
            if (layer instanceof LayerSpec.Linear linear) {
                kind[l] = LINEAR;
                weightT[l] = new float[linear.inputSize()][linear.outputSize()];
                bias[l] = new float[linear.outputSize()];
            } else if (layer instanceof LayerSpec.LayerNorm norm) {
                kind[l] = LAYER_NORM;
                eps[l] = norm.eps();
                gain[l] = new float[norm.size()];
                bias[l] = new float[norm.size()];
            } else if (layer instanceof LayerSpec.ScaleShift head) {
                kind[l] = SCALE_SHIFT;
                gain[l] = head.scale();
                bias[l] = head.shift();
            } else if (layer == LayerSpec.Relu.INSTANCE) {
                kind[l] = RELU;
            } else if (layer == LayerSpec.Tanh.INSTANCE) {
                kind[l] = TANH;
            } else {
                throw new IllegalArgumentException("unsupported layer " + layer);
            }
        }
        bufferA = new float[maxBatch][spec.maxWidth()];
        bufferB = new float[maxBatch][spec.maxWidth()];
    }

    public MlpSpec spec() {
        return spec;
    }

    public int maxBatch() {
        return maxBatch;
    }

    public int inputSize() {
        return spec.inputSize();
    }

    public int outputSize() {
        return outWidth[outWidth.length - 1];
    }

    /** Loads the whole flat parameter vector (exactly {@code spec().paramCount()} values). */
    public void load(final float[] params) {
        load(params, 0, params.length);
    }

    /** Loads {@code length} values from {@code params[offset]}, which must be exactly the spec's count. */
    public void load(final float[] params, final int offset, final int length) {
        if (length != spec.paramCount() || offset < 0 || offset + length > params.length) {
            throw new IllegalArgumentException("parameter vector has " + length + " values at offset " + offset
                + " of " + params.length + ", this network needs " + spec.paramCount());
        }
        int p = offset;
        for (int l = 0; l < kind.length; l++) {
            if (kind[l] == LINEAR) {
                final int in = inWidth[l];
                final int out = outWidth[l];
                final float[][] wt = weightT[l];
                for (int o = 0; o < out; o++) {
                    for (int i = 0; i < in; i++) {
                        wt[i][o] = params[p + o * in + i];
                    }
                }
                p += in * out;
                System.arraycopy(params, p, bias[l], 0, out);
                p += out;
            } else if (kind[l] == LAYER_NORM) {
                final int size = inWidth[l];
                System.arraycopy(params, p, gain[l], 0, size);
                System.arraycopy(params, p + size, bias[l], 0, size);
                p += 2 * size;
            }
        }
    }

    /**
     * Computes {@code batch} rows: reads {@code input[0 .. batch * inputSize())}, writes
     * {@code output[0 .. batch * outputSize())}, row-major.
     */
    public void forward(final float[] input, final int batch, final float[] output) {
        if (batch < 1 || batch > maxBatch) {
            throw new IllegalArgumentException("batch " + batch + " outside 1.." + maxBatch);
        }
        if (input.length < batch * spec.inputSize() || output.length < batch * outputSize()) {
            throw new IllegalArgumentException("batch " + batch + " needs input " + batch * spec.inputSize()
                + " and output " + batch * outputSize() + " values, got " + input.length + " and " + output.length);
        }
        float[][] current = null;
        for (int l = 0; l < kind.length; l++) {
            final int in = inWidth[l];
            if (kind[l] == LINEAR) {
                final float[][] next = current == bufferA ? bufferB : bufferA;
                for (int r = 0; r < batch; r++) {
                    if (current == null) {
                        linearFromFlat(input, r * in, in, next[r], outWidth[l], weightT[l], bias[l]);
                    } else {
                        linear(current[r], in, next[r], outWidth[l], weightT[l], bias[l]);
                    }
                }
                current = next;
                continue;
            }
            if (current == null) {
                for (int r = 0; r < batch; r++) {
                    System.arraycopy(input, r * in, bufferA[r], 0, in);
                }
                current = bufferA;
            }
            for (int r = 0; r < batch; r++) {
                final float[] x = current[r];
                switch (kind[l]) {
                    case RELU -> relu(x, in);
                    case TANH -> tanh(x, in);
                    case LAYER_NORM -> layerNorm(x, in, gain[l], bias[l], eps[l]);
                    default -> scaleShift(x, in, gain[l], bias[l]);
                }
            }
        }
        final int out = outputSize();
        for (int r = 0; r < batch; r++) {
            System.arraycopy(current[r], 0, output, r * out, out);
        }
    }

    /** {@code y = b + Σ_i x_i · wT[i]}: one vectorisable axpy per non-zero input. */
    private static void linear(final float[] x, final int in, final float[] y, final int out, final float[][] wt,
        final float[] b) {
        System.arraycopy(b, 0, y, 0, out);
        for (int i = 0; i < in; i++) {
            final float xi = x[i];
            if (xi != 0f) {
                axpy(xi, wt[i], y, out);
            }
        }
    }

    private static void linearFromFlat(final float[] x, final int offset, final int in, final float[] y,
        final int out, final float[][] wt, final float[] b) {
        System.arraycopy(b, 0, y, 0, out);
        for (int i = 0; i < in; i++) {
            final float xi = x[offset + i];
            if (xi != 0f) {
                axpy(xi, wt[i], y, out);
            }
        }
    }

    private static void axpy(final float a, final float[] w, final float[] y, final int n) {
        for (int o = 0; o < n; o++) {
            y[o] += a * w[o];
        }
    }

    private static void relu(final float[] x, final int n) {
        for (int i = 0; i < n; i++) {
            x[i] = Math.max(x[i], 0f);
        }
    }

    private static void tanh(final float[] x, final int n) {
        for (int i = 0; i < n; i++) {
            x[i] = (float) Math.tanh(x[i]);
        }
    }

    private static void layerNorm(final float[] x, final int size, final float[] g, final float[] b, final float eps) {
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += x[i];
        }
        final double mean = sum / size;
        double sq = 0;
        for (int i = 0; i < size; i++) {
            final double d = x[i] - mean;
            sq += d * d;
        }
        final double rstd = 1.0 / Math.sqrt(sq / size + eps);
        for (int i = 0; i < size; i++) {
            x[i] = (float) ((x[i] - mean) * rstd) * g[i] + b[i];
        }
    }

    private static void scaleShift(final float[] x, final int size, final float[] scale, final float[] shift) {
        for (int i = 0; i < size; i++) {
            x[i] = x[i] * scale[i] + shift[i];
        }
    }
}
