package org.strider.learner.td3;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.strider.env.Box;
import org.strider.learner.replay.ReplayBatch;
import org.strider.random.Gaussian;
import org.strider.random.SplitMix64;

/**
 * The case {@link Td3UpdateReferenceTest} checks against PyTorch: a small TD3 (obs 3, an asymmetric 2-d action
 * Box, 5-4 networks, batch 4) and four updates on fixed batches with fixed target-policy noise.
 *
 * <p>{@code main(path)} writes the inputs (initial parameters in PyTorch's {@code state_dict} order, batches, the
 * clipped and scaled noise each update draws) as {@code name count v1 v2 …} lines; {@code
 * tools/td3ref/td3_reference.py} runs CleanRL's update on them in PyTorch and appends the expected results, making
 * {@code src/test/resources/td3-reference.txt}.
 */
final class Td3Reference {
    static final int OBS = 3;
    static final int ACT = 2;
    static final int BATCH = 4;
    static final int UPDATES = 4;
    static final long SEED = 17;
    static final Box ACTIONS = new Box(new float[] {-1f, 0f}, new float[] {3f, 0.5f}, ACT);

    private Td3Reference() {
    }

    static Td3Config config() {
        return Td3Config.builder().hidden(5, 4).batchSize(BATCH).capacity(16).warmupSteps(0).learningRate(0.01)
            .gamma(0.9).tau(0.1).policyDelay(2).targetNoise(0.3).targetNoiseClip(0.4).build();
    }

    static ReplayBatch batch(final int k) {
        final SplitMix64 rng = new SplitMix64(100 + k);
        final ReplayBatch b = new ReplayBatch(BATCH, OBS, ACT);
        for (int i = 0; i < BATCH * OBS; i++) {
            b.obs[i] = (float) rng.nextDouble(-1, 1);
            b.nextObs[i] = (float) rng.nextDouble(-1, 1);
        }
        for (int r = 0; r < BATCH; r++) {
            b.action[r * ACT] = (float) rng.nextDouble(-1, 3);
            b.action[r * ACT + 1] = (float) rng.nextDouble(0, 0.5);
            b.reward[r] = (float) rng.nextDouble(-2, 1);
            b.terminated[r] = r == k % BATCH ? 1f : 0f;
        }
        return b;
    }

    /** The noise update {@code k} adds to a', as {@link Td3Update} draws it from the state's generator. */
    static float[][] noise(final Td3State state) {
        final SplitMix64 rng = new SplitMix64(state.targetNoiseRng().state());
        final float[] scale = state.actionScale();
        final float[][] all = new float[UPDATES][BATCH * ACT];
        for (int k = 0; k < UPDATES; k++) {
            for (int i = 0; i < BATCH * ACT; i++) {
                final double eps = Gaussian.next(rng) * 0.3;
                all[k][i] = (float) (Math.max(-0.4, Math.min(0.4, eps)) * scale[i % ACT]);
            }
        }
        return all;
    }

    public static void main(final String[] args) throws IOException {
        final Td3State state = Td3State.create(config(), OBS, ACTIONS, SEED);
        final Map<String, float[]> out = new LinkedHashMap<>();
        out.put("action_low", ACTIONS.low());
        out.put("action_high", ACTIONS.high());
        out.put("actor", state.actor().paramsToFloats());
        out.put("critic1", state.critic1().paramsToFloats());
        out.put("critic2", state.critic2().paramsToFloats());
        final float[][] noise = noise(state);
        for (int k = 0; k < UPDATES; k++) {
            final ReplayBatch b = batch(k);
            out.put("batch" + k + ".obs", b.obs);
            out.put("batch" + k + ".action", b.action);
            out.put("batch" + k + ".reward", b.reward);
            out.put("batch" + k + ".next_obs", b.nextObs);
            out.put("batch" + k + ".terminated", b.terminated);
            out.put("batch" + k + ".noise", noise[k]);
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(Path.of(args[0])))) {
            w.println("# TD3 reference inputs: obs 3, action Box [-1,3]x[0,0.5], hidden 5-4 ReLU, batch 4, lr 0.01,");
            w.println("# gamma 0.9, tau 0.1, policy_delay 2, target noise 0.3 clip 0.4 (noise lines: clipped, scaled)");
            out.forEach((name, values) -> w.println(line(name, values)));
        }
    }

    static String line(final String name, final float[] values) {
        final StringBuilder s = new StringBuilder(name).append(' ').append(values.length);
        for (final float v : values) {
            s.append(' ').append(v);
        }
        return s.toString();
    }

    /** Parses {@code name count v…} lines, skipping comments. */
    static Map<String, float[]> parse(final List<String> lines) {
        final Map<String, float[]> map = new LinkedHashMap<>();
        for (final String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            final String[] parts = line.trim().split(" ");
            final float[] values = new float[Integer.parseInt(parts[1])];
            for (int i = 0; i < values.length; i++) {
                values[i] = Float.parseFloat(parts[2 + i]);
            }
            map.put(parts[0], values);
        }
        return map;
    }
}
