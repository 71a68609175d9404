package org.strider.learner.bench;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.strider.learner.nn.Mlp;
import org.strider.learner.nn.MseLoss;
import org.strider.learner.optim.Adam;
import org.strider.nn.Activation;
import org.strider.nn.MlpInference;
import org.strider.nn.MlpSpec;
import org.strider.random.SplitMix64;

/**
 * Prints the latency of the actor's forward pass (24-256-256-4, ReLU, tanh head) at batch 1 and 8: the
 * plain-Java {@link MlpInference} against the ND4J {@link Mlp} (forward alone, and with the copy of the
 * observations in and the actions out that an actor would need), plus, for orientation, one ND4J training step
 * of the same MLP at batch 256 against the time of just its GEMMs. Figures only, no assertions.
 *
 * <p>Run: {@code ./mvnw -q -B -o -pl learner -am compile exec:java
 * -Dexec.mainClass=org.strider.learner.bench.InferenceBench [-Dexec.args="threads"]} with
 * {@code OMP_NUM_THREADS=1} in the environment (see STACK.md); the optional argument sets ND4J's thread
 * counts in code as well (default 1).
 */
public final class InferenceBench {
    private static final int ROUNDS = 7;

    private InferenceBench() {
    }

    public static void main(final String[] args) {
        final int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        System.out.printf("backend %s, ND4J threads %d, OMP_NUM_THREADS=%s, cores %d%n",
            Nd4j.getBackend().getClass().getSimpleName(), threads, System.getenv("OMP_NUM_THREADS"),
            Runtime.getRuntime().availableProcessors());

        final MlpSpec spec = MlpSpec.actor(24, new int[] {256, 256}, Activation.RELU,
            new float[] {-1f, -1f, -1f, -1f}, new float[] {1f, 1f, 1f, 1f});
        final Mlp mlp = new Mlp(spec, DataType.FLOAT);
        mlp.initialize(1);
        final MlpInference plain = new MlpInference(spec, 8);
        plain.load(mlp.paramsToFloats());
        final SplitMix64 rng = new SplitMix64(2);

        System.out.println("actor 24-256-256-4 forward, µs per call (median of " + ROUNDS + " rounds):");
        for (final int batch : new int[] {1, 8}) {
            final float[] obs = new float[batch * 24];
            for (int i = 0; i < obs.length; i++) {
                obs[i] = (float) rng.nextDouble(-1, 1);
            }
            final float[] actions = new float[batch * 4];
            final INDArray input = Nd4j.createFromArray(obs).reshape(batch, 24);
            final int iterations = 20_000 / batch;

            final double plainUs = time(iterations, () -> plain.forward(obs, batch, actions));
            final double nd4jUs = time(iterations / 4, () -> mlp.forward(input));
            final double nd4jCopyUs = time(iterations / 4, () -> {
                input.data().setData(obs);
                final INDArray out = mlp.forward(input);
                for (int i = 0; i < actions.length; i++) {
                    actions[i] = out.getFloat(i);
                }
            });
            System.out.printf("  batch %d: plain Java %.1f, ND4J %.1f, ND4J with copies in/out %.1f (ND4J/plain %.1fx)%n",
                batch, plainUs, nd4jUs, nd4jCopyUs, nd4jCopyUs / plainUs);
        }
        trainStep(spec);
    }

    /** One MSE training step at batch 256 (forward, backward, Adam) against its 8 GEMMs alone. */
    private static void trainStep(final MlpSpec spec) {
        final int batch = 256;
        final Mlp mlp = new Mlp(spec, DataType.FLOAT);
        mlp.initialize(3);
        final Adam adam = Adam.of(mlp, 3e-4);
        final INDArray x = Nd4j.rand(DataType.FLOAT, batch, 24);
        final INDArray target = Nd4j.rand(DataType.FLOAT, batch, 4);
        final INDArray grad = Nd4j.create(DataType.FLOAT, batch, 4);
        final Runnable step = () -> {
            MseLoss.gradient(mlp.forward(x), target, grad);
            mlp.backward(grad, true, false);
            adam.step();
        };
        final double stepUs = time(200, step);
        final long heapBytes = javaHeapBytesPerCall(100, step);

        // The GEMMs of that step: 3 forward, 3 weight gradients, 2 input gradients (none for the first layer).
        final int[] widths = {24, 256, 256, 4};
        final INDArray[] acts = new INDArray[4];
        final INDArray[] weights = new INDArray[3];
        final INDArray[] weightGrads = new INDArray[3];
        for (int l = 0; l < 4; l++) {
            acts[l] = Nd4j.rand(DataType.FLOAT, batch, widths[l]);
        }
        for (int l = 0; l < 3; l++) {
            weights[l] = Nd4j.rand(DataType.FLOAT, widths[l + 1], widths[l]);
            weightGrads[l] = Nd4j.create(DataType.FLOAT, widths[l + 1], widths[l]);
        }
        final INDArray[] gradIn = {null, Nd4j.create(DataType.FLOAT, batch, 256), Nd4j.create(DataType.FLOAT, batch, 256)};
        final double gemmUs = time(200, () -> {
            for (int l = 0; l < 3; l++) {
                Nd4j.gemm(acts[l], weights[l], acts[l + 1], false, true, 1.0, 0.0);
            }
            for (int l = 2; l >= 0; l--) {
                Nd4j.gemm(acts[l + 1], acts[l], weightGrads[l], true, false, 1.0, 0.0);
                if (l > 0) {
                    Nd4j.gemm(acts[l + 1], weights[l], gradIn[l], false, false, 1.0, 0.0);
                }
            }
        });
        System.out.printf("MLP 24-256-256-4 MSE step at batch 256 (forward, backward, Adam): %.0f µs; "
            + "its 8 GEMMs alone: %.0f µs (overhead ratio %.2f); Java heap per step: %d bytes (op objects, "
            + "no array buffers)%n", stepUs, gemmUs, stepUs / gemmUs, heapBytes);
    }

    /** Java heap bytes the calling thread allocates per call (ND4J's off-heap buffers are not counted). */
    private static long javaHeapBytesPerCall(final int iterations, final Runnable work) {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < iterations; i++) {
            work.run();
        }
        return (threads.getCurrentThreadAllocatedBytes() - before) / iterations;
    }

    /** Median over rounds of the mean µs per call, after one warm-up round. */
    private static double time(final int iterations, final Runnable work) {
        final double[] rounds = new double[ROUNDS];
        for (int r = -1; r < ROUNDS; r++) {
            final long start = System.nanoTime();
            for (int i = 0; i < iterations; i++) {
                work.run();
            }
            if (r >= 0) {
                rounds[r] = (System.nanoTime() - start) / 1e3 / iterations;
            }
        }
        Arrays.sort(rounds);
        return rounds[ROUNDS / 2];
    }
}
