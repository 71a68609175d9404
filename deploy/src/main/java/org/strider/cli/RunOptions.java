package org.strider.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.strider.env.EnvRegistry;
import org.strider.learner.td3.Td3Config;
import org.strider.learner.td3.Td3Presets;
import org.strider.run.RunPlan;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The run's settings, shared by {@code strider local} and {@code strider learner} (which hands them out). */
final class RunOptions {
    @Option(names = "--env", defaultValue = "Pendulum-v1", description = "Env id (default: ${DEFAULT-VALUE}).")
    String env;

    @Option(names = "--steps", defaultValue = "20000", description = "Env steps in total (default: ${DEFAULT-VALUE}).")
    long steps;

    @Option(names = "--seed", defaultValue = "0", description = "Run seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--envs-per-actor", defaultValue = "1",
        description = "Envs each actor node steps together (default: ${DEFAULT-VALUE}).")
    int envsPerActor;

    @Option(names = "--shards", defaultValue = "1", description = "Replay shards (default: ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--updates-per-step", defaultValue = "1.0",
        description = "Learner updates per env step, held by the rate limiter (default: ${DEFAULT-VALUE}).")
    double updatesPerStep;

    @Option(names = "--rows-per-frame", defaultValue = "16",
        description = "Transitions per frame an actor publishes (default: ${DEFAULT-VALUE}).")
    int rowsPerFrame;

    @Option(names = "--weights-every", defaultValue = "2",
        description = "Learner updates between weight broadcasts (default: ${DEFAULT-VALUE}).")
    int weightsEvery;

    @Option(names = "--preset", description = "TD3 preset (default: the env's own); one of ${COMPLETION-CANDIDATES}.",
        completionCandidates = PresetNames.class)
    String preset;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one algorithm config key (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--eval-every", defaultValue = "5000",
        description = "Env steps between evaluations, 0 for none (default: ${DEFAULT-VALUE}).")
    long evalEvery;

    @Option(names = "--eval-episodes", defaultValue = "10",
        description = "Deterministic episodes per evaluation (default: ${DEFAULT-VALUE}).")
    int evalEpisodes;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default: runs/ENV-TIMESTAMP).")
    Path out;

    static final class PresetNames extends ArrayList<String> {
        PresetNames() {
            super(Td3Presets.names());
        }
    }

    /** The run directory: {@code --out} or {@code runs/ENV-yyyyMMdd-HHmmss}. */
    Path runDir() {
        return out != null ? out : Path.of("runs", env + "-"
            + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    /** The plan for {@code actors} actor nodes; bad values are usage errors naming the flag or key. */
    RunPlan plan(final CommandSpec spec, final int actors) {
        return plan(spec, actors, false);
    }

    /** As {@link #plan(CommandSpec, int)}, in lockstep mode if asked (see {@link RunPlan#lockstep()}). */
    RunPlan plan(final CommandSpec spec, final int actors, final boolean lockstep) {
        try {
            EnvRegistry.spec(env);
            final Td3Config.Builder b = (preset == null ? Td3Presets.forEnv(env) : Td3Presets.named(preset)).toBuilder();
            for (final String o : overrides) {
                final int eq = o.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--set takes KEY=VALUE, got '" + o + "'; keys: "
                        + String.join(", ", Td3Config.KEYS));
                }
                b.set(o.substring(0, eq).trim(), o.substring(eq + 1).trim());
            }
            return new RunPlan(env, b.build(), seed, actors, envsPerActor, shards, steps, updatesPerStep,
                rowsPerFrame, weightsEvery, evalEvery, evalEpisodes, lockstep);
        } catch (final IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
