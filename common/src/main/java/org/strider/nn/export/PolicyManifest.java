package org.strider.nn.export;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.strider.env.Box;
import org.strider.env.Discrete;
import org.strider.env.Space;
import org.strider.nn.LayerSpec;
import org.strider.nn.MlpSpec;

/**
 * What {@code policy.json} says about an exported policy: the env it acts in, its spaces with their bounds, and
 * the network that maps an observation to an action ({@link MlpSpec}, layer by layer, enough to rebuild
 * {@link org.strider.nn.MlpInference}). For a {@link Box} action space the network's output is the action; for
 * {@link Discrete} it has one value per action and the policy takes the argmax. The JSON also carries derived,
 * human-facing fields (layer sizes, activations, tensor names), which the reader checks against the layers.
 */
public record PolicyManifest(String envId, Box observationSpace, Space actionSpace, MlpSpec network) {
    public static final String FORMAT = "strider-policy";
    public static final int FORMAT_VERSION = 1;
    public static final String CONTINUOUS = "continuous";
    public static final String ARGMAX = "argmax";

    private static final Set<String> TOP_KEYS = Set.of("format", "format_version", "env_id", "observation_space",
        "action_space", "action_selection", "weights", "network");
    private static final Set<String> WEIGHTS_KEYS = Set.of("file", "dtype", "parameter_count");
    private static final Set<String> NETWORK_KEYS = Set.of("input_size", "layer_sizes", "hidden_activation",
        "output_activation", "layers");

    public PolicyManifest {
        if (envId == null || envId.isBlank()) {
            throw new IllegalArgumentException("env id must not be blank");
        }
        if (network.inputSize() != observationSpace.flatSize()) {
            throw new IllegalArgumentException("network takes " + network.inputSize() + " inputs, observation space "
                + observationSpace + " has " + observationSpace.flatSize());
        }
        final int actions = actionSpace instanceof Discrete d ? d.n() : actionSpace.flatSize();
        if (network.outputSize() != actions) {
            throw new IllegalArgumentException("network gives " + network.outputSize() + " outputs, action space "
                + actionSpace + " needs " + actions);
        }
    }

    /** "continuous" (the output is the action) or "argmax" (the output scores each discrete action). */
    public String actionSelection() {
        return actionSpace instanceof Discrete ? ARGMAX : CONTINUOUS;
    }

    /** The JSON text, with {@code weightsFile} named as the file holding the parameters. */
    public String toJson(final String weightsFile) {
        final Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("format_version", FORMAT_VERSION);
        root.put("env_id", envId);
        root.put("observation_space", spaceJson(observationSpace));
        root.put("action_space", spaceJson(actionSpace));
        root.put("action_selection", actionSelection());
        final Map<String, Object> weights = new LinkedHashMap<>();
        weights.put("file", weightsFile);
        weights.put("dtype", SafeTensors.F32);
        weights.put("parameter_count", network.paramCount());
        root.put("weights", weights);
        root.put("network", networkJson(network));
        return Json.writePretty(root);
    }

    /** The file name {@code policy.json} gives for the weights, checked to be a plain name in the same folder. */
    static String weightsFile(final Map<?, ?> root, final Path file) throws ExportFormatException {
        final Map<?, ?> weights = object(root, "weights", file, "");
        final String name = string(weights, "file", file, "weights.");
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
            throw new ExportFormatException(file, "weights.file \"" + name
                + "\" must be a plain file name beside policy.json");
        }
        return name;
    }

    /** Parses and checks the JSON of {@code file} (named in every message). */
    public static PolicyManifest parse(final String json, final Path file) throws ExportFormatException {
        return fromRoot(root(json, file), file);
    }

    static Map<?, ?> root(final String json, final Path file) throws ExportFormatException {
        final Object parsed;
        try {
            parsed = Json.parse(json);
        } catch (final IllegalArgumentException e) {
            throw new ExportFormatException(file, "not valid JSON: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> root)) {
            throw new ExportFormatException(file, "is " + Json.describe(parsed) + ", expected a JSON object");
        }
        final Object format = root.get("format");
        if (!FORMAT.equals(format)) {
            throw new ExportFormatException(file, "format is " + Json.describe(format) + ", expected \"" + FORMAT
                + "\" (not a Strider policy export?)");
        }
        final long version = integer(root, "format_version", file, "");
        if (version != FORMAT_VERSION) {
            throw new ExportFormatException(file, "format_version " + version + " is not supported; this build reads "
                + FORMAT_VERSION);
        }
        checkKeys(root, TOP_KEYS, file, "");
        return root;
    }

    static PolicyManifest fromRoot(final Map<?, ?> root, final Path file) throws ExportFormatException {
        final String envId = string(root, "env_id", file, "");
        final Space observation = space(object(root, "observation_space", file, ""), file, "observation_space.");
        if (!(observation instanceof Box obsBox)) {
            throw new ExportFormatException(file, "observation_space must be a Box, got " + observation);
        }
        final Space action = space(object(root, "action_space", file, ""), file, "action_space.");
        final MlpSpec network = network(object(root, "network", file, ""), file);

        final PolicyManifest manifest;
        try {
            manifest = new PolicyManifest(envId, obsBox, action, network);
        } catch (final IllegalArgumentException e) {
            throw new ExportFormatException(file, e.getMessage(), e);
        }
        final String selection = string(root, "action_selection", file, "");
        if (!selection.equals(manifest.actionSelection())) {
            throw new ExportFormatException(file, "action_selection is \"" + selection + "\" but a " + action
                + " action space needs \"" + manifest.actionSelection() + "\"");
        }
        final Map<?, ?> weights = object(root, "weights", file, "");
        checkKeys(weights, WEIGHTS_KEYS, file, "weights.");
        weightsFile(root, file);
        final String dtype = string(weights, "dtype", file, "weights.");
        if (!dtype.equals(SafeTensors.F32)) {
            throw new ExportFormatException(file, "weights.dtype is \"" + dtype + "\", only " + SafeTensors.F32
                + " is supported");
        }
        final long count = integer(weights, "parameter_count", file, "weights.");
        if (count != network.paramCount()) {
            throw new ExportFormatException(file, "weights.parameter_count is " + count + " but the layers hold "
                + network.paramCount());
        }
        return manifest;
    }

    private static Map<String, Object> spaceJson(final Space space) {
        final Map<String, Object> json = new LinkedHashMap<>();
        if (space instanceof Discrete d) {
            json.put("type", "Discrete");
            json.put("n", d.n());
            return json;
        }
        final Box box = (Box) space;
        json.put("type", "Box");
        json.put("dtype", "float32");
        json.put("shape", ints(box.shape()));
        json.put("low", floats(box.low()));
        json.put("high", floats(box.high()));
        return json;
    }

    private static Space space(final Map<?, ?> json, final Path file, final String where)
        throws ExportFormatException {
        final String type = string(json, "type", file, where);
        try {
            switch (type) {
                case "Discrete" -> {
                    checkKeys(json, Set.of("type", "n"), file, where);
                    return new Discrete(Math.toIntExact(integer(json, "n", file, where)));
                }
                case "Box" -> {
                    checkKeys(json, Set.of("type", "dtype", "shape", "low", "high"), file, where);
                    final String dtype = string(json, "dtype", file, where);
                    if (!dtype.equals("float32")) {
                        throw new ExportFormatException(file, where + "dtype is \"" + dtype + "\", expected float32");
                    }
                    final List<?> shapeList = list(json, "shape", file, where);
                    final int[] shape = new int[shapeList.size()];
                    for (int i = 0; i < shape.length; i++) {
                        shape[i] = Math.toIntExact(toLong(shapeList.get(i), file, where + "shape[" + i + "]"));
                    }
                    return new Box(floatArray(json, "low", file, where), floatArray(json, "high", file, where), shape);
                }
                default -> throw new ExportFormatException(file, where + "type is \"" + type
                    + "\", expected Box or Discrete");
            }
        } catch (final IllegalArgumentException | ArithmeticException e) {
            throw new ExportFormatException(file, where + "type " + type + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> networkJson(final MlpSpec spec) {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("input_size", spec.inputSize());
        json.put("layer_sizes", layerSizes(spec));
        json.put("hidden_activation", hiddenActivation(spec));
        json.put("output_activation", outputActivation(spec));
        final List<Object> layers = new ArrayList<>();
        int width = spec.inputSize();
        for (int i = 0; i < spec.layers().size(); i++) {
            final LayerSpec layer = spec.layers().get(i);
            final Map<String, Object> l = new LinkedHashMap<>();
            final String module = StateDict.PREFIX + "." + i;
            if (layer instanceof LayerSpec.Linear linear) {
                l.put("type", "linear");
                l.put("in_features", linear.inputSize());
                l.put("out_features", linear.outputSize());
                l.put("weight", module + ".weight");
                l.put("bias", module + ".bias");
            } else if (layer instanceof LayerSpec.LayerNorm norm) {
                l.put("type", "layer_norm");
                l.put("normalized_shape", norm.size());
                l.put("eps", new Json.Num(Float.toString(norm.eps())));
                l.put("weight", module + ".weight");
                l.put("bias", module + ".bias");
            } else if (layer instanceof LayerSpec.ScaleShift head) {
                l.put("type", "scale_shift");
                l.put("scale", floats(head.scale()));
                l.put("shift", floats(head.shift()));
            } else if (layer == LayerSpec.Relu.INSTANCE) {
                l.put("type", "relu");
            } else if (layer == LayerSpec.Tanh.INSTANCE) {
                l.put("type", "tanh");
            } else {
                throw new IllegalArgumentException("cannot export layer " + i + ": " + layer);
            }
            layers.add(l);
            width = layer.outputSize(width);
        }
        json.put("layers", layers);
        return json;
    }

    private static MlpSpec network(final Map<?, ?> json, final Path file) throws ExportFormatException {
        checkKeys(json, NETWORK_KEYS, file, "network.");
        final int inputSize = Math.toIntExact(integer(json, "input_size", file, "network."));
        final List<?> layerList = list(json, "layers", file, "network.");
        final List<LayerSpec> layers = new ArrayList<>();
        int width = inputSize;
        for (int i = 0; i < layerList.size(); i++) {
            final String where = "network.layers[" + i + "].";
            if (!(layerList.get(i) instanceof Map<?, ?> l)) {
                throw new ExportFormatException(file, where + " is " + Json.describe(layerList.get(i))
                    + ", expected an object");
            }
            final String type = string(l, "type", file, where);
            final String module = StateDict.PREFIX + "." + i;
            try {
                final LayerSpec layer = switch (type) {
                    case "linear" -> {
                        checkKeys(l, Set.of("type", "in_features", "out_features", "weight", "bias"), file, where);
                        checkName(l, "weight", module + ".weight", file, where);
                        checkName(l, "bias", module + ".bias", file, where);
                        yield LayerSpec.linear(Math.toIntExact(integer(l, "in_features", file, where)),
                            Math.toIntExact(integer(l, "out_features", file, where)));
                    }
                    case "layer_norm" -> {
                        checkKeys(l, Set.of("type", "normalized_shape", "eps", "weight", "bias"), file, where);
                        checkName(l, "weight", module + ".weight", file, where);
                        checkName(l, "bias", module + ".bias", file, where);
                        yield new LayerSpec.LayerNorm(Math.toIntExact(integer(l, "normalized_shape", file, where)),
                            Json.toFloat(l.get("eps")));
                    }
                    case "scale_shift" -> {
                        checkKeys(l, Set.of("type", "scale", "shift"), file, where);
                        yield new LayerSpec.ScaleShift(floatArray(l, "scale", file, where),
                            floatArray(l, "shift", file, where));
                    }
                    case "relu" -> {
                        checkKeys(l, Set.of("type"), file, where);
                        yield LayerSpec.relu();
                    }
                    case "tanh" -> {
                        checkKeys(l, Set.of("type"), file, where);
                        yield LayerSpec.tanh();
                    }
                    default -> throw new ExportFormatException(file, where + "type \"" + type
                        + "\" is not one of linear, layer_norm, scale_shift, relu, tanh");
                };
                width = layer.outputSize(width);
                layers.add(layer);
            } catch (final IllegalArgumentException | ArithmeticException e) {
                throw new ExportFormatException(file, where.substring(0, where.length() - 1) + " (" + type + "): "
                    + e.getMessage(), e);
            }
        }
        final MlpSpec spec;
        try {
            spec = new MlpSpec(inputSize, layers);
        } catch (final IllegalArgumentException e) {
            throw new ExportFormatException(file, "network: " + e.getMessage(), e);
        }
        final List<?> sizes = list(json, "layer_sizes", file, "network.");
        if (!numbersEqual(sizes, layerSizes(spec))) {
            throw new ExportFormatException(file, "network.layer_sizes " + Json.write(sizes)
                + " disagree with the layers, which give " + Json.write(layerSizes(spec)));
        }
        final String hidden = string(json, "hidden_activation", file, "network.");
        if (!hidden.equals(hiddenActivation(spec))) {
            throw new ExportFormatException(file, "network.hidden_activation \"" + hidden
                + "\" disagrees with the layers, which give \"" + hiddenActivation(spec) + "\"");
        }
        final String output = string(json, "output_activation", file, "network.");
        if (!output.equals(outputActivation(spec))) {
            throw new ExportFormatException(file, "network.output_activation \"" + output
                + "\" disagrees with the layers, which give \"" + outputActivation(spec) + "\"");
        }
        return spec;
    }

    /** Input width, then the output width of every linear layer. */
    private static List<Object> layerSizes(final MlpSpec spec) {
        final List<Object> sizes = new ArrayList<>();
        sizes.add(spec.inputSize());
        for (final LayerSpec layer : spec.layers()) {
            if (layer instanceof LayerSpec.Linear linear) {
                sizes.add(linear.outputSize());
            }
        }
        return sizes;
    }

    /** The activation between linear layers: "relu", "tanh", "none" or "mixed". */
    private static String hiddenActivation(final MlpSpec spec) {
        final int last = lastLinear(spec);
        String found = "none";
        for (int i = 0; i < last; i++) {
            final String name = activationName(spec.layers().get(i));
            if (name != null) {
                if (!found.equals("none") && !found.equals(name)) {
                    return "mixed";
                }
                found = name;
            }
        }
        return found;
    }

    /** The activation after the last linear layer: "relu", "tanh", "none" or "mixed". */
    private static String outputActivation(final MlpSpec spec) {
        String found = "none";
        for (int i = lastLinear(spec) + 1; i < spec.layers().size(); i++) {
            final String name = activationName(spec.layers().get(i));
            if (name != null) {
                found = found.equals("none") || found.equals(name) ? name : "mixed";
            }
        }
        return found;
    }

    private static int lastLinear(final MlpSpec spec) {
        int last = -1;
        for (int i = 0; i < spec.layers().size(); i++) {
            if (spec.layers().get(i) instanceof LayerSpec.Linear) {
                last = i;
            }
        }
        return last;
    }

    private static String activationName(final LayerSpec layer) {
        if (layer == LayerSpec.Relu.INSTANCE) {
            return "relu";
        }
        return layer == LayerSpec.Tanh.INSTANCE ? "tanh" : null;
    }

    private static List<Object> ints(final int[] values) {
        final List<Object> list = new ArrayList<>();
        for (final int v : values) {
            list.add(v);
        }
        return list;
    }

    private static List<Object> floats(final float[] values) {
        final List<Object> list = new ArrayList<>();
        for (final float v : values) {
            list.add(Json.floatValue(v));
        }
        return list;
    }

    private static boolean numbersEqual(final List<?> parsed, final List<Object> expected) {
        if (parsed.size() != expected.size()) {
            return false;
        }
        for (int i = 0; i < parsed.size(); i++) {
            if (!(parsed.get(i) instanceof Json.Num n) || !n.text().equals(expected.get(i).toString())) {
                return false;
            }
        }
        return true;
    }

    private static void checkKeys(final Map<?, ?> json, final Set<String> allowed, final Path file,
        final String where) throws ExportFormatException {
        for (final Object key : json.keySet()) {
            if (!allowed.contains(key)) {
                throw new ExportFormatException(file, "unknown field " + where + key);
            }
        }
    }

    private static void checkName(final Map<?, ?> json, final String key, final String expected, final Path file,
        final String where) throws ExportFormatException {
        final String name = string(json, key, file, where);
        if (!name.equals(expected)) {
            throw new ExportFormatException(file, where + key + " is \"" + name + "\", expected \"" + expected + "\"");
        }
    }

    private static Object required(final Map<?, ?> json, final String key, final Path file, final String where)
        throws ExportFormatException {
        if (!json.containsKey(key)) {
            throw new ExportFormatException(file, "missing field " + where + key);
        }
        return json.get(key);
    }

    private static String string(final Map<?, ?> json, final String key, final Path file, final String where)
        throws ExportFormatException {
        final Object v = required(json, key, file, where);
        if (!(v instanceof String s)) {
            throw new ExportFormatException(file, where + key + " is " + Json.describe(v) + ", expected a string");
        }
        return s;
    }

    private static long integer(final Map<?, ?> json, final String key, final Path file, final String where)
        throws ExportFormatException {
        return toLong(required(json, key, file, where), file, where + key);
    }

    private static long toLong(final Object v, final Path file, final String what) throws ExportFormatException {
        try {
            if (v instanceof Json.Num n) {
                return n.asLong();
            }
        } catch (final IllegalArgumentException e) {
            // fall through to the message below
        }
        throw new ExportFormatException(file, what + " is " + Json.describe(v) + ", expected an integer");
    }

    private static Map<?, ?> object(final Map<?, ?> json, final String key, final Path file, final String where)
        throws ExportFormatException {
        final Object v = required(json, key, file, where);
        if (!(v instanceof Map<?, ?> m)) {
            throw new ExportFormatException(file, where + key + " is " + Json.describe(v) + ", expected an object");
        }
        return m;
    }

    private static List<?> list(final Map<?, ?> json, final String key, final Path file, final String where)
        throws ExportFormatException {
        final Object v = required(json, key, file, where);
        if (!(v instanceof List<?> l)) {
            throw new ExportFormatException(file, where + key + " is " + Json.describe(v) + ", expected an array");
        }
        return l;
    }

    private static float[] floatArray(final Map<?, ?> json, final String key, final Path file, final String where)
        throws ExportFormatException {
        final List<?> values = list(json, key, file, where);
        final float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = Json.toFloat(values.get(i));
            } catch (final IllegalArgumentException e) {
                throw new ExportFormatException(file, where + key + "[" + i + "]: " + e.getMessage(), e);
            }
        }
        return out;
    }
}
