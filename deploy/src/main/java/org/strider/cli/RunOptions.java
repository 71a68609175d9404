package org.strider.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.strider.config.RunOutput;
import org.strider.learner.train.StopAtAverage;
import org.strider.run.OutputSettings;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.strider.config.ConfigError;
import org.strider.config.ConfigRequest;
import org.strider.config.LoadedConfig;
import org.strider.config.RunConfigLoader;
import org.strider.learner.dqn.DqnPresets;
import org.strider.learner.td3.Td3Presets;
import org.strider.run.RunPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The run's settings, shared by {@code strider local} and {@code strider learner} (which hands them out), and by
 * {@code strider config}. They are resolved by {@link RunConfigLoader}: reference.conf, the preset, {@code --config},
 * {@code --set}, then the flags given. A flag is a shorthand for its {@code strider.run} key and counts only when
 * typed: the defaults the help shows are reference.conf's (through {@link ReferenceDefaults}), so an unset flag
 * never hides a file's value.
 */
@Command(defaultValueProvider = RunOptions.ReferenceDefaults.class)
final class RunOptions {
    /** Flag → its key under strider.run. */
    static final Map<String, String> FLAGS = new LinkedHashMap<>();

    static {
        FLAGS.put("--env", "env");
        FLAGS.put("--preset", "preset");
        FLAGS.put("--steps", "steps");
        FLAGS.put("--seed", "seed");
        FLAGS.put("--actors", "actors");
        FLAGS.put("--envs-per-actor", "envs-per-actor");
        FLAGS.put("--shards", "shards");
        FLAGS.put("--updates-per-step", "updates-per-step");
        FLAGS.put("--rows-per-frame", "rows-per-frame");
        FLAGS.put("--weights-every", "weights-every");
        FLAGS.put("--eval-every", "eval.every");
        FLAGS.put("--eval-episodes", "eval.episodes");
        FLAGS.put("--eval-every-episodes", "eval.every-episodes");
        FLAGS.put("--checkpoint-every", "checkpoint-every");
        FLAGS.put("--plots-every", "plots-every");
        FLAGS.put("--stop-at-average", "stop-at-average.return");
        FLAGS.put("--stop-window", "stop-at-average.window");
    }

    @Option(names = "--env", description = "Env id: strider.run.env (default: ${DEFAULT-VALUE}).")
    String env;

    @Option(names = "--steps", description = "Env steps in total: strider.run.steps (default: ${DEFAULT-VALUE}).")
    Long steps;

    @Option(names = "--seed", description = "Run seed: strider.run.seed (default: ${DEFAULT-VALUE}).")
    Long seed;

    @Option(names = "--envs-per-actor",
        description = "Envs each actor node steps together: strider.run.envs-per-actor (default: ${DEFAULT-VALUE}).")
    Integer envsPerActor;

    @Option(names = "--shards", description = "Replay shards: strider.run.shards (default: ${DEFAULT-VALUE}).")
    Integer shards;

    @Option(names = "--updates-per-step", description = "Learner updates per env step, held by the rate limiter: "
        + "strider.run.updates-per-step (default: ${DEFAULT-VALUE}).")
    Double updatesPerStep;

    @Option(names = "--rows-per-frame", description = "Transitions per frame an actor publishes: "
        + "strider.run.rows-per-frame (default: ${DEFAULT-VALUE}).")
    Integer rowsPerFrame;

    @Option(names = "--weights-every", description = "Learner updates between weight broadcasts: "
        + "strider.run.weights-every (default: ${DEFAULT-VALUE}).")
    Integer weightsEvery;

    @Option(names = "--preset", description = "Preset of the algorithm's keys: strider.run.preset (default: the "
        + "env's own); one of ${COMPLETION-CANDIDATES}.", completionCandidates = PresetNames.class)
    String preset;

    @Option(names = "--config", paramLabel = "FILE", description = "HOCON run config (see 'strider config'); "
        + "layers, lowest first: reference.conf, preset, --config, --set, flags.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one config key (repeatable): a full "
        + "path (strider.learner.td3.tau=0.01) or relative to the algorithm's block or strider.run (td3.tau=0.01, "
        + "replay.batch_size=128, eval.every=2000).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--eval-every", description = "Env steps between evaluations, 0 for none: strider.run.eval.every "
        + "(default: ${DEFAULT-VALUE}).")
    Long evalEvery;

    @Option(names = "--eval-episodes", description = "Deterministic episodes per evaluation: "
        + "strider.run.eval.episodes (default: ${DEFAULT-VALUE}).")
    Integer evalEpisodes;

    @Option(names = "--eval-every-episodes", paramLabel = "N", description = "Also evaluate every N finished training "
        + "episodes, 0 for never: strider.run.eval.every-episodes (default: ${DEFAULT-VALUE}).")
    Long evalEveryEpisodes;

    @Option(names = "--checkpoint-every", paramLabel = "STEPS", description = "Write checkpoints/latest.ckpt every "
        + "STEPS env steps, 0 for only at the end: strider.run.checkpoint-every (default: the evaluation period).")
    Long checkpointEvery;

    @Option(names = "--plots-every", paramLabel = "SECONDS", description = "Redraw returns.png and losses.png this "
        + "often while the run goes: strider.run.plots-every (default: ${DEFAULT-VALUE}).")
    Double plotsEvery;

    @Option(names = "--stop-at-average", paramLabel = "RETURN", description = "End the run once the last "
        + "--stop-window training episodes average RETURN: strider.run.stop-at-average.return (default: never).")
    Double stopAtAverage;

    @Option(names = "--stop-window", paramLabel = "K", description = "Episodes --stop-at-average averages over: "
        + "strider.run.stop-at-average.window (default: ${DEFAULT-VALUE}).")
    Integer stopWindow;

    @Option(names = "--no-best-gif", description = "Do not draw best.gif (the best policy's first evaluation episode) "
        + "at the end: strider.run.render-best-gif = false.")
    boolean noBestGif;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory: sets strider.run.dir and "
        + "strider.run.name (default: runs/ENV-yyyyMMdd-HHmmss).")
    Path out;

    private LoadedConfig loaded;

    /** Every preset name, TD3/DDPG then DQN ({@code default} once). */
    static final class PresetNames extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        PresetNames() {
            super(Td3Presets.names());
            DqnPresets.names().stream().filter(n -> !contains(n)).forEach(this::add);
        }
    }

    /** reference.conf's strider.run values as the flags' defaults, for the help text (and unset fields). */
    public static final class ReferenceDefaults implements IDefaultValueProvider {
        @Override
        public String defaultValue(final ArgSpec arg) {
            if (arg instanceof OptionSpec o && FLAGS.containsKey(o.longestName()) && !o.longestName().equals("--preset")) {
                return RunConfigLoader.referenceDefault("strider.run." + FLAGS.get(o.longestName()));
            }
            return null;
        }
    }

    /** The layers these options give: --config, --set, and the flags typed (with {@code --actors} if the command has it). */
    ConfigRequest request(final CommandSpec spec) {
        final ParseResult parsed = spec.commandLine().getParseResult();
        ConfigRequest request = new ConfigRequest(config, overrides, List.of(), null);
        for (final Map.Entry<String, String> f : FLAGS.entrySet()) {
            if (parsed != null && parsed.hasMatchedOption(f.getKey())) {
                final Object value = parsed.matchedOptionValue(f.getKey(), null);
                request = request.withFlag("strider.run." + f.getValue(), value, f.getKey() + " " + value);
            }
        }
        if (noBestGif) {
            request = request.withFlag("strider.run.render-best-gif", false, "--no-best-gif");
        }
        if (out != null) {
            final Path parent = out.getParent() == null ? Path.of(".") : out.getParent();
            request = request.withFlag("strider.run.dir", parent.toString(), "--out " + out)
                .withFlag("strider.run.name", out.getFileName().toString(), "--out " + out);
        }
        return request;
    }

    /** The resolved config (loaded once); config errors are usage errors naming the key. */
    LoadedConfig load(final CommandSpec spec) {
        return load(spec, null);
    }

    private LoadedConfig load(final CommandSpec spec, final Integer planActors) {
        if (loaded == null) {
            try {
                final ConfigRequest request = request(spec);
                loaded = RunConfigLoader.load(planActors == null ? request : request.withPlanActors(planActors));
            } catch (final ConfigError e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
        }
        return loaded;
    }

    /** The run directory: {@code --out}, or {@code strider.run.dir}/{@code name} (ENV-yyyyMMdd-HHmmss if unnamed). */
    Path runDir() {
        if (loaded == null) {
            throw new IllegalStateException("runDir() before plan(): the config is not loaded yet");
        }
        return loaded.output().runDir(loaded.envId(), LocalDateTime.now());
    }

    /**
     * For {@code --resume RUN_DIR}: the run's own {@code config.conf} becomes the {@code --config} layer (flags and
     * {@code --set} still apply on top, e.g. a larger {@code --steps}). Call before {@code plan}.
     */
    void resumeFrom(final CommandSpec spec, final Path runDir) {
        final Path file = runDir.resolve(LoadedConfig.FILE_NAME);
        if (config != null) {
            throw new ParameterException(spec.commandLine(), "--resume " + runDir + " reads the run's own " + file
                + "; drop --config " + config);
        }
        if (!Files.isRegularFile(file)) {
            throw new ParameterException(spec.commandLine(), "--resume " + runDir + ": no " + file + " (every run "
                + "writes its resolved config there at the start)");
        }
        config = file;
    }

    /** What the run writes besides its CSVs (after {@code plan}). */
    OutputSettings outputSettings() {
        if (loaded == null) {
            throw new IllegalStateException("outputSettings() before plan(): the config is not loaded yet");
        }
        final RunOutput o = loaded.output();
        return new OutputSettings(o.checkpointEvery(), o.evalEveryEpisodes(), o.plotsEvery(), o.renderBestGif(),
            o.stopAtReturn().isPresent() ? new StopAtAverage(o.stopAtReturn().getAsDouble(), o.stopWindow()) : null,
            null);
    }

    /** Writes the resolved config to {@code dir/config.conf} (after {@code plan}). */
    Path writeConfig(final Path dir) throws IOException {
        if (loaded == null) {
            throw new IllegalStateException("writeConfig() before plan(): the config is not loaded yet");
        }
        return loaded.write(dir);
    }

    /**
     * The plan; bad values are usage errors naming the key or flag. {@code actors}: the actor nodes this command
     * runs; a command with an {@code --actors} option takes {@code strider.run.actors} (the flag when typed), one
     * without (the learner, which actors join) uses {@code actors} as given.
     */
    RunPlan plan(final CommandSpec spec, final int actors) {
        return plan(spec, actors, false);
    }

    /** As {@link #plan(CommandSpec, int)}, in lockstep mode if asked (see {@link RunPlan#lockstep()}). */
    RunPlan plan(final CommandSpec spec, final int actors, final boolean lockstep) {
        final boolean hasActorsOption = spec.findOption("--actors") != null;
        final LoadedConfig c = load(spec, hasActorsOption ? null : actors);
        final RunPlan p = c.plan().orElseThrow(() -> new IllegalStateException("the config loader made no plan for "
            + c.algorithm()));
        if (!lockstep) {
            return p;
        }
        try {
            return p.withLockstep(true);
        } catch (final IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
