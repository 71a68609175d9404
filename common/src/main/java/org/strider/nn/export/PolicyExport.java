package org.strider.nn.export;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.strider.env.Env;
import org.strider.nn.MlpSpec;

/**
 * Writes and reads a policy export: a folder holding {@value #WEIGHTS_FILE} (the network's parameters as
 * float32 safetensors, named as PyTorch's {@code state_dict} names them, see {@link StateDict}) and
 * {@value #MANIFEST_FILE} ({@link PolicyManifest}). PyTorch loads the weights with
 * {@code safetensors.torch.load_file} into an {@code nn.Sequential} built from the manifest's layers.
 *
 * <pre>{@code
 * PolicyExport.write(dir, PolicyManifest.forEnv(env, actor.spec()), actor.paramsToFloats());
 * ExportedPolicy policy = PolicyExport.load(dir);
 * PolicyActor actor = policy.actor();
 * actor.act(obs, action);
 * }</pre>
 */
public final class PolicyExport {
    public static final String WEIGHTS_FILE = "policy.safetensors";
    public static final String MANIFEST_FILE = "policy.json";
    /** A manifest larger than this is refused unread (the largest real one is a few KB plus the Box bounds). */
    public static final long MAX_MANIFEST_BYTES = 16L << 20;

    private PolicyExport() {
    }

    /** The manifest for a policy acting in {@code env} with network {@code spec}. */
    public static PolicyManifest manifest(final Env env, final MlpSpec spec) {
        return new PolicyManifest(env.spec().id(), env.observationSpace(), env.actionSpace(), spec);
    }

    /**
     * Writes both files into {@code dir} (created if missing), weights first, each written beside its place and
     * moved in. {@code params} is the flat vector in the learner's layout, exactly {@code paramCount} values.
     */
    public static void write(final Path dir, final PolicyManifest manifest, final float[] params) throws IOException {
        final MlpSpec spec = manifest.network();
        if (params.length != spec.paramCount()) {
            throw new IllegalArgumentException("got " + params.length + " parameters, the network has "
                + spec.paramCount());
        }
        for (int i = 0; i < params.length; i++) {
            if (!Float.isFinite(params[i])) {
                throw new IllegalArgumentException("parameter " + i + " is " + params[i] + "; refusing to export");
            }
        }
        Files.createDirectories(dir);
        final List<SafeTensors.Tensor> tensors = new ArrayList<>();
        for (final StateDict.Entry e : StateDict.layout(spec)) {
            tensors.add(new SafeTensors.Tensor(e.name(), e.shape(),
                Arrays.copyOfRange(params, e.offset(), e.offset() + e.length())));
        }
        final Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("strider_format", PolicyManifest.FORMAT);
        metadata.put("strider_format_version", Integer.toString(PolicyManifest.FORMAT_VERSION));
        metadata.put("env_id", manifest.envId());
        SafeTensors.write(dir.resolve(WEIGHTS_FILE), metadata, tensors);
        SafeTensors.writeAtomically(dir.resolve(MANIFEST_FILE),
            manifest.toJson(WEIGHTS_FILE).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads and checks an export: the manifest, then the weights file it names, whose tensors must be exactly
     * the ones the network needs (names, F32, shapes). Any problem is an {@link ExportFormatException} naming the
     * file; nothing is half-loaded.
     */
    public static ExportedPolicy load(final Path dir) throws IOException {
        final Path manifestFile = dir.resolve(MANIFEST_FILE);
        if (!Files.isRegularFile(manifestFile)) {
            throw new NoSuchFileException(manifestFile.toString(), null, "no policy manifest here");
        }
        final long size = Files.size(manifestFile);
        if (size > MAX_MANIFEST_BYTES) {
            throw new ExportFormatException(manifestFile, "is " + size + " bytes, over the limit of "
                + MAX_MANIFEST_BYTES);
        }
        final String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(Files.readAllBytes(manifestFile))).toString();
        } catch (final CharacterCodingException e) {
            throw new ExportFormatException(manifestFile, "is not valid UTF-8", e);
        }
        final Map<?, ?> root = PolicyManifest.root(json, manifestFile);
        final PolicyManifest manifest = PolicyManifest.fromRoot(root, manifestFile);
        final Path weightsFile = dir.resolve(PolicyManifest.weightsFile(root, manifestFile));
        if (!Files.isRegularFile(weightsFile)) {
            throw new NoSuchFileException(weightsFile.toString(), null, "weights file named by " + manifestFile
                + " is missing");
        }
        final SafeTensors weights = SafeTensors.read(weightsFile);
        return new ExportedPolicy(manifest, readParams(weights, manifest.network()));
    }

    /** The flat parameter vector from {@code weights}, which must hold exactly the tensors {@code spec} needs. */
    static float[] readParams(final SafeTensors weights, final MlpSpec spec) throws ExportFormatException {
        final Path file = weights.file();
        final List<StateDict.Entry> layout = StateDict.layout(spec);
        final Set<String> expected = new HashSet<>();
        for (final StateDict.Entry e : layout) {
            expected.add(e.name());
        }
        for (final SafeTensors.TensorInfo t : weights.tensors()) {
            if (!expected.contains(t.name())) {
                throw new ExportFormatException(file, "has tensor " + t.name()
                    + ", which the network in the manifest does not have");
            }
        }
        final float[] params = new float[spec.paramCount()];
        for (final StateDict.Entry e : layout) {
            final SafeTensors.TensorInfo t = weights.tensor(e.name());
            if (t == null) {
                throw new ExportFormatException(file, "lacks tensor " + e.name() + " " + Arrays.toString(e.shape())
                    + " that the network in the manifest needs");
            }
            if (!t.dtype().equals(SafeTensors.F32)) {
                throw new ExportFormatException(file, "tensor " + e.name() + " is " + t.dtype() + ", expected F32");
            }
            if (!Arrays.equals(t.shape(), Arrays.stream(e.shape()).asLongStream().toArray())) {
                throw new ExportFormatException(file, "tensor " + e.name() + " has shape "
                    + Arrays.toString(t.shape()) + ", the manifest's network needs " + Arrays.toString(e.shape()));
            }
            weights.copyFloats(e.name(), params, e.offset());
        }
        for (int i = 0; i < params.length; i++) {
            if (!Float.isFinite(params[i])) {
                throw new ExportFormatException(file, "parameter " + i + " is " + params[i]);
            }
        }
        return params;
    }
}
