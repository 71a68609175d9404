package org.strider.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.strider.learner.cluster.AlgorithmConfig;
import org.strider.learner.dqn.DqnConfig;
import org.strider.learner.td3.Td3Config;
import org.strider.run.RunPlan;

/**
 * Resolves a run's config from its layers, lowest first:
 * <ol>
 *   <li>reference.conf: every {@code strider.*} default (run: deploy; learner and dqn: learner);</li>
 *   <li>the preset: {@code --preset} or {@code strider.run.preset}, else the env's own, else {@code default}
 *       ({@link PresetLayer});</li>
 *   <li>{@code --config FILE} (HOCON);</li>
 *   <li>{@code --set KEY=VALUE}, full paths or short keys ({@link SetOverrides});</li>
 *   <li>explicit flags ({@code --env}, {@code --steps}, ...: shorthands for {@code strider.run.*}).</li>
 * </ol>
 * Then checks it against reference.conf ({@link KeyCheck}: unknown keys, types), the algorithm against the env's
 * actions, and every value's range ({@link RunSection}, {@link AlgorithmSection}); each failure is a
 * {@link ConfigError} naming the key's path.
 *
 * <p>Besides the {@code strider} block, a {@code --config} file may hold Pekko's {@code pekko.management} and
 * {@code pekko.discovery} blocks (cluster bootstrap and discovery settings, {@link #pekko(Path)}); the cluster
 * roles pass them to Pekko, which checks them. No other top-level key is allowed.
 *
 * <pre>{@code
 * LoadedConfig c = RunConfigLoader.load(new ConfigRequest(Path.of("run.conf"), List.of("td3.tau=0.01"), List.of(), null));
 * RunPlan plan = c.plan().orElseThrow();
 * }</pre>
 */
public final class RunConfigLoader {
    private static final String ENV = SetOverrides.RUN + ".env";
    private static final String PRESET = SetOverrides.RUN + ".preset";
    /** A layer checked alone may refer to keys of the layers below it. */
    private static final ConfigResolveOptions PARTIAL = ConfigResolveOptions.defaults().setAllowUnresolved(true);
    /** The Pekko blocks a run config may hold besides strider: what cluster bootstrap needs. */
    public static final List<String> PEKKO_BLOCKS = List.of("management", "discovery");
    private static final String PEKKO = "pekko";

    private RunConfigLoader() {
    }

    /** @throws ConfigError for anything wrong with the config, naming the key */
    public static LoadedConfig load(final ConfigRequest request) {
        try {
            return resolve(request);
        } catch (final ConfigException e) {
            throw new ConfigError("config: " + e.getMessage(), e);
        }
    }

    private static LoadedConfig resolve(final ConfigRequest request) {
        final ReferenceTree reference = ReferenceTree.get();
        final Config flags = flags(request.flags());
        final List<SetOverrides.Entry> sets = SetOverrides.parse(request.sets());
        final Config file = request.configFile() == null ? ConfigFactory.empty()
            : withoutPekko(file(request.configFile()));
        KeyCheck.check(file.resolve(PARTIAL).root(), reference);
        final Config fileOverDefaults = file.withFallback(reference.defaults()).resolve();

        final String env = upper(flags, sets, fileOverDefaults, ENV);
        final EnvActions actions = EnvActions.of(env);
        final PresetLayer preset = PresetLayer.choose(env, upper(flags, sets, fileOverDefaults, PRESET).trim(),
            actions);
        final String setAlgorithm = SetOverrides.last(sets, SetOverrides.ALGORITHM);
        final String algorithmBelowSets = setAlgorithm != null ? setAlgorithm
            : file.withFallback(preset.layer()).withFallback(reference.defaults()).resolve()
                .getString(SetOverrides.ALGORITHM);
        final Config setLayer = SetOverrides.layer(sets, reference, algorithmBelowSets.trim().equalsIgnoreCase("dqn"));
        KeyCheck.check(setLayer.resolve(PARTIAL).root(), reference);

        final Config merged = flags.withFallback(setLayer).withFallback(file).withFallback(preset.layer())
            .withFallback(reference.defaults()).resolve();
        KeyCheck.check(merged.root(), reference);
        final String algorithm = AlgorithmSection.algorithm(merged, env, actions);
        final RunSection run = new RunSection(merged);
        final RunPlan plan;
        final DqnConfig dqn;
        if (algorithm.equals("dqn")) {
            dqn = AlgorithmSection.dqn(merged);
            plan = run.plan(new AlgorithmConfig.Dqn(dqn), request.planActors(),
                merged.getBoolean(SetOverrides.RUN + ".per-actor-epsilon"));
        } else {
            final Td3Config td3 = AlgorithmSection.td3(merged);
            plan = run.plan(td3, request.planActors());
            dqn = null;
        }
        return new LoadedConfig(merged.withOnlyPath(ReferenceTree.ROOT), preset.name(), algorithm, plan, dqn,
            run.output());
    }

    /** reference.conf's value at {@code path} as text ({@code strider.run.steps} → "20000"), or null if none. */
    public static String referenceDefault(final String path) {
        final Config defaults = ReferenceTree.get().resolved();
        return defaults.hasPath(path) ? String.valueOf(defaults.getValue(path).unwrapped()) : null;
    }

    /** A strider.run key from the layers above the preset: flags, then --set, then the file over the defaults. */
    private static String upper(final Config flags, final List<SetOverrides.Entry> sets, final Config fileOverDefaults,
        final String path) {
        if (flags.hasPath(path)) {
            return flags.getString(path);
        }
        final String set = SetOverrides.last(sets, path);
        return set != null ? set : fileOverDefaults.getString(path);
    }

    private static Config flags(final List<ConfigRequest.Flag> flags) {
        Config layer = ConfigFactory.empty();
        for (final ConfigRequest.Flag f : flags) {
            layer = layer.withValue(f.path(), ConfigValueFactory.fromAnyRef(f.value(), f.flag()));
        }
        return layer;
    }

    /**
     * The {@code pekko.management} and {@code pekko.discovery} blocks of a run config file (empty if it has none),
     * resolved ({@code ${?POD_IP}} reads the environment).
     *
     * @throws ConfigError if the file is missing, does not parse, or has another {@code pekko} key
     */
    public static Config pekko(final Path path) {
        try {
            final Config file = file(path);
            withoutPekko(file);
            return file.hasPath(PEKKO) ? file.withOnlyPath(PEKKO).resolve() : ConfigFactory.empty();
        } catch (final ConfigException e) {
            throw new ConfigError("config: " + e.getMessage(), e);
        }
    }

    /** The file without its pekko block, once that holds only {@link #PEKKO_BLOCKS}. */
    private static Config withoutPekko(final Config file) {
        if (!file.hasPath(PEKKO)) {
            return file;
        }
        if (file.getValue(PEKKO) instanceof ConfigObject pekko) {
            for (final String key : new TreeSet<>(pekko.keySet())) {
                if (!PEKKO_BLOCKS.contains(key)) {
                    throw new ConfigError("config " + PEKKO + "." + key + ": not allowed in a run config"
                        + ConfigError.from(pekko.get(key).origin()) + "; of Pekko's settings a run config holds only "
                        + String.join(", ", PEKKO_BLOCKS.stream().map(b -> PEKKO + "." + b).toList())
                        + " (cluster bootstrap)");
                }
            }
            return file.withoutPath(PEKKO);
        }
        throw new ConfigError("config " + PEKKO + " must be a block { ... }" + ConfigError.from(file.getValue(PEKKO)
            .origin()));
    }

    private static Config file(final Path path) {
        if (!Files.exists(path)) {
            throw new ConfigError("config file " + path + " does not exist (--config)");
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new ConfigError("config file " + path + " is not a readable file (--config)");
        }
        try {
            return ConfigFactory.parseFile(path.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (final ConfigException e) {
            throw new ConfigError("config file " + path + " does not parse: " + e.getMessage(), e);
        }
    }
}
