package org.strider.nn.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.strider.nn.export.SafeTensorsTest.assertMessage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strider.env.Box;
import org.strider.env.Discrete;
import org.strider.env.Env;
import org.strider.env.EnvRegistry;
import org.strider.env.Step;
import org.strider.nn.Activation;
import org.strider.nn.MlpInference;
import org.strider.nn.MlpSpec;

class PolicyExportTest {
    private static final Box WALKER_OBS = Box.uniform(Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, 24);

    @TempDir
    Path dir;

    @Test
    void shouldRoundTripManifestAndParametersBitExactly() throws IOException {
        final MlpSpec spec = MlpSpec.actor(24, new int[] {64, 32}, Activation.RELU,
            new float[] {-1f, -1f, -0.5f, -1f}, new float[] {1f, 1f, 1.5f, 1f});
        final PolicyManifest manifest = new PolicyManifest("BipedalWalker-v3", WALKER_OBS,
            new Box(new float[] {-1f, -1f, -0.5f, -1f}, new float[] {1f, 1f, 1.5f, 1f}, 4), spec);
        final float[] params = randomParams(spec, 11);
        PolicyExport.write(dir, manifest, params);

        final ExportedPolicy loaded = PolicyExport.load(dir);
        assertEquals(manifest, loaded.manifest());
        final float[] back = loaded.params();
        for (int i = 0; i < params.length; i++) {
            assertEquals(Float.floatToRawIntBits(params[i]), Float.floatToRawIntBits(back[i]), "parameter " + i);
        }
        final MlpInference direct = new MlpInference(spec, 3);
        direct.load(params);
        final float[] obs = new float[3 * 24];
        final SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < obs.length; i++) {
            obs[i] = (float) rng.nextGaussian();
        }
        final float[] expected = new float[12];
        final float[] actual = new float[12];
        direct.forward(obs, 3, expected);
        loaded.inference(3).forward(obs, 3, actual);
        assertArrayEquals(expected, actual, 0f);
    }

    @Test
    void shouldNameTensorsAsPyTorchsStateDictInFlatOrder() throws IOException {
        final MlpSpec spec = MlpSpec.builder(3).linear(8).layerNorm().tanh().linear(2).build();
        PolicyExport.write(dir, new PolicyManifest("Pendulum-v1", Box.uniform(-8f, 8f, 3), Box.uniform(-2f, 2f, 2), spec),
            randomParams(spec, 1));
        final SafeTensors weights = SafeTensors.read(dir.resolve(PolicyExport.WEIGHTS_FILE));
        assertEquals(List.of("layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias",
            "layers.3.weight", "layers.3.bias"), weights.tensors().stream().map(SafeTensors.TensorInfo::name).toList());
        assertArrayEquals(new long[] {8, 3}, weights.tensor("layers.0.weight").shape());
        assertArrayEquals(new long[] {8}, weights.tensor("layers.1.weight").shape());
        assertEquals("pt", weights.metadata().get("format"));
        assertEquals("Pendulum-v1", weights.metadata().get("env_id"));
        final String json = Files.readString(dir.resolve(PolicyExport.MANIFEST_FILE));
        assertTrue(json.contains("\"layer_sizes\": [3,8,2]"), json);
        assertTrue(json.contains("\"hidden_activation\": \"tanh\""), json);
        assertTrue(json.contains("\"output_activation\": \"none\""), json);
    }

    @Test
    void shouldKeepInfiniteBoundsAndDiscreteSpaces() throws IOException {
        final MlpSpec spec = MlpSpec.mlp(24, new int[] {16}, Activation.TANH, 4);
        final PolicyManifest manifest = new PolicyManifest("Grid-v0", WALKER_OBS, new Discrete(4), spec);
        PolicyExport.write(dir, manifest, randomParams(spec, 2));
        final PolicyManifest back = PolicyExport.load(dir).manifest();
        assertEquals(manifest, back);
        assertEquals(PolicyManifest.ARGMAX, back.actionSelection());
        assertTrue(Files.readString(dir.resolve(PolicyExport.MANIFEST_FILE)).contains("\"-Infinity\""));
    }

    @Test
    void shouldPlayAPendulumEpisodeExactlyAsTheNetworkDoes() throws IOException {
        final Env env = EnvRegistry.make("Pendulum-v1");
        final MlpSpec spec = MlpSpec.actor(3, new int[] {32, 32}, Activation.RELU, (Box) env.actionSpace());
        final float[] params = randomParams(spec, 5);
        PolicyExport.write(dir, PolicyExport.manifest(env, spec), params);
        final PolicyActor actor = PolicyExport.load(dir).actor();

        final double exported = actor.runEpisode(env, 42);

        final MlpInference net = new MlpInference(spec, 1);
        net.load(params);
        final Step step = Step.forEnv(env);
        final float[] action = new float[1];
        env.reset(42, step);
        double expected = 0;
        int steps = 0;
        while (!step.done()) {
            net.forward(step.obs, 1, action);
            assertTrue(action[0] >= -2f && action[0] <= 2f, "tanh head keeps the action in the Box");
            env.step(action, step);
            expected += step.reward;
            steps++;
        }
        assertEquals(200, steps);
        assertTrue(step.truncated);
        assertEquals(expected, exported, 0.0);
    }

    @Test
    void shouldTakeTheArgmaxInADiscreteEnv() throws IOException {
        final Env env = EnvRegistry.make("CartPole-v1");
        final MlpSpec spec = MlpSpec.mlp(4, new int[] {16}, Activation.RELU, 2);
        final float[] params = randomParams(spec, 9);
        PolicyExport.write(dir, PolicyExport.manifest(env, spec), params);
        final PolicyActor actor = PolicyExport.load(dir).actor();
        final MlpInference net = new MlpInference(spec, 1);
        net.load(params);
        final float[] obs = env.reset(1);
        final float[] q = new float[2];
        net.forward(obs, 1, q);
        assertEquals(q[1] > q[0] ? 1 : 0, actor.actDiscrete(obs));
        final double total = actor.runEpisode(env, 1);
        assertTrue(total >= 1 && total <= 500, "CartPole pays 1 per step: " + total);
    }

    @Test
    void shouldRefuseAnEnvWithOtherSpaces() throws IOException {
        final Env env = EnvRegistry.make("Pendulum-v1");
        final MlpSpec spec = MlpSpec.actor(3, new int[] {4}, Activation.RELU, (Box) env.actionSpace());
        PolicyExport.write(dir, new PolicyManifest("Other-v0", Box.uniform(-1f, 1f, 3), env.actionSpace(), spec),
            randomParams(spec, 1));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> PolicyExport.load(dir).actor().runEpisode(env, 0));
        assertMessage(e, "the policy was exported for Other-v0");
    }

    @Test
    void shouldRefuseWeightsThatDoNotFitTheManifest() throws IOException {
        final MlpSpec small = MlpSpec.mlp(3, new int[] {8}, Activation.RELU, 1);
        final MlpSpec wider = MlpSpec.mlp(3, new int[] {9}, Activation.RELU, 1);
        final Box obs = Box.uniform(-1f, 1f, 3);
        final Box act = Box.uniform(-1f, 1f, 1);
        final Path weights = dir.resolve(PolicyExport.WEIGHTS_FILE);
        PolicyExport.write(dir, new PolicyManifest("E-v0", obs, act, small), randomParams(small, 1));
        final byte[] smallWeights = Files.readAllBytes(weights);
        PolicyExport.write(dir, new PolicyManifest("E-v0", obs, act, wider), randomParams(wider, 1));
        Files.write(weights, smallWeights);
        assertMessage(assertThrows(ExportFormatException.class, () -> PolicyExport.load(dir)),
            weights + ": tensor layers.0.weight has shape [8, 3], the manifest's network needs [9, 3]");

        SafeTensors.write(weights, Map.of(), List.of(
            new SafeTensors.Tensor("layers.0.weight", new int[] {9, 3}, new float[27])));
        assertMessage(assertThrows(ExportFormatException.class, () -> PolicyExport.load(dir)),
            "lacks tensor layers.0.bias [9] that the network in the manifest needs");

        SafeTensors.write(weights, Map.of(), List.of(
            new SafeTensors.Tensor("layers.0.weight", new int[] {9, 3}, new float[27]),
            new SafeTensors.Tensor("layers.1.weight", new int[] {9}, new float[9])));
        assertMessage(assertThrows(ExportFormatException.class, () -> PolicyExport.load(dir)),
            "has tensor layers.1.weight, which the network in the manifest does not have");

        final byte[] good = SafeTensorsTest.file("{\"layers.0.weight\":{\"dtype\":\"F32\",\"shape\":[9,3],"
            + "\"data_offsets\":[0,108]},\"layers.0.bias\":{\"dtype\":\"F32\",\"shape\":[9],\"data_offsets\":[108,144]},"
            + "\"layers.2.weight\":{\"dtype\":\"F32\",\"shape\":[1,9],\"data_offsets\":[144,180]},"
            + "\"layers.2.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[180,184]}}", 0, new float[46]);
        Files.write(weights, good);
        PolicyExport.load(dir);
        final byte[] nan = good.clone();
        final int lastValue = nan.length - 4;
        nan[lastValue + 2] = (byte) 0xc0;
        nan[lastValue + 3] = (byte) 0x7f;
        Files.write(weights, nan);
        assertMessage(assertThrows(ExportFormatException.class, () -> PolicyExport.load(dir)), "parameter 45 is NaN");

        Files.write(weights, java.util.Arrays.copyOf(good, good.length - 1));
        assertMessage(assertThrows(ExportFormatException.class, () -> PolicyExport.load(dir)), "truncated?");
        Files.delete(weights);
        assertThrows(NoSuchFileException.class, () -> PolicyExport.load(dir));
    }

    @Test
    void shouldRefuseBadManifestsNamingTheFileAndField() throws IOException {
        final MlpSpec spec = MlpSpec.actor(3, new int[] {8}, Activation.RELU, new float[] {-2f}, new float[] {2f});
        PolicyExport.write(dir, new PolicyManifest("Pendulum-v1", Box.uniform(-8f, 8f, 3), Box.uniform(-2f, 2f, 1), spec),
            randomParams(spec, 4));
        final Path file = dir.resolve(PolicyExport.MANIFEST_FILE);
        final String good = Files.readString(file);

        assertManifestRejected(file, good.replace("\"format_version\": 1", "\"format_version\": 2"),
            "format_version 2 is not supported; this build reads 1");
        assertManifestRejected(file, good.replace("\"strider-policy\"", "\"something\""),
            "format is the string \"something\", expected \"strider-policy\"");
        assertManifestRejected(file, good.substring(0, good.length() / 2), "not valid JSON");
        assertManifestRejected(file, good.replace("\"env_id\"", "\"envid\""), "unknown field envid");
        assertManifestRejected(file, good.replace("\"out_features\": 8", "\"out_features\": 9"),
            "network.layers[2] (linear): Linear(8 -> 1) given input width 9");
        assertManifestRejected(file, good.replace("\"layer_sizes\": [3,8,1]", "\"layer_sizes\": [3,8,8,1]"),
            "network.layer_sizes [3,8,8,1] disagree with the layers, which give [3,8,1]");
        assertManifestRejected(file, good.replace("\"hidden_activation\": \"relu\"", "\"hidden_activation\": \"tanh\""),
            "network.hidden_activation \"tanh\" disagrees with the layers");
        assertManifestRejected(file, good.replace("\"policy.safetensors\"", "\"../x.safetensors\""),
            "weights.file \"../x.safetensors\" must be a plain file name beside policy.json");
        assertManifestRejected(file, good.replace("\"action_selection\": \"continuous\"", "\"action_selection\": \"argmax\""),
            "action_selection is \"argmax\" but a Box(-2.0, 2.0, (1,), float32) action space needs \"continuous\"");
        assertManifestRejected(file, good.replace("\"high\": [2.0]", "\"high\": [2.0, 3.0]"),
            "action_space.type Box: Box bounds have 1/2 elements");
        assertManifestRejected(file, good.replace("\"layers.0.weight\"", "\"fc1.weight\""),
            "network.layers[0].weight is \"fc1.weight\", expected \"layers.0.weight\"");
        assertManifestRejected(file, good.replace("\"parameter_count\": 41", "\"parameter_count\": 40"),
            "weights.parameter_count is 40 but the layers hold 41");
        assertManifestRejected(file, good.replace("\"in_features\": 3", "\"in_features\": 3.5"),
            "network.layers[0].in_features is the number 3.5, expected an integer");
        Files.writeString(file, good);
        PolicyExport.load(dir);
    }

    @Test
    void shouldRefuseToExportNonFiniteParameters() {
        final MlpSpec spec = MlpSpec.mlp(2, new int[] {2}, Activation.RELU, 1);
        final float[] params = new float[spec.paramCount()];
        params[3] = Float.NaN;
        final PolicyManifest manifest = new PolicyManifest("E-v0", Box.uniform(-1f, 1f, 2), Box.uniform(-1f, 1f, 1), spec);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> PolicyExport.write(dir, manifest, params)),
            "parameter 3 is NaN");
        assertMessage(assertThrows(IllegalArgumentException.class,
            () -> new PolicyManifest("E-v0", Box.uniform(-1f, 1f, 3), Box.uniform(-1f, 1f, 1), spec)),
            "network takes 2 inputs");
    }

    private static void assertManifestRejected(final Path file, final String json, final String fragment)
        throws IOException {
        Files.write(file, json.getBytes(StandardCharsets.UTF_8));
        final ExportFormatException e = assertThrows(ExportFormatException.class, () -> PolicyExport.load(file.getParent()));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertMessage(e, fragment);
    }

    static float[] randomParams(final MlpSpec spec, final long seed) {
        final SplittableRandom rng = new SplittableRandom(seed);
        final float[] params = new float[spec.paramCount()];
        for (int i = 0; i < params.length; i++) {
            params[i] = (float) rng.nextDouble(-0.5, 0.5);
        }
        return params;
    }
}
