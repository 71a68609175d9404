package org.strider.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.strider.env.EnvRegistry;
import org.strider.learner.report.ReturnsPlot;
import org.strider.learner.td3.Td3Config;
import org.strider.learner.td3.Td3Presets;
import org.strider.run.LocalRun;
import org.strider.run.RunFiles;
import org.strider.run.RunPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code strider local}: every role of a distributed run in this JVM (Aeron IPC, a one-node Pekko cluster). */
@Command(name = "local",
    header = "Train with every role (learner, replay shards, actor nodes) in this JVM.",
    description = {
        "Starts a one-node Pekko cluster and one Aeron media driver, then the learner (with the run's "
            + "coordinator), S replay shards and N actor nodes of K envs each: the same classes a cluster runs, "
            + "over Aeron IPC. Actors act randomly until the shards hold the warm-up, then with the newest "
            + "weights plus exploration noise; the shards' rate limiter holds the learner to --updates-per-step.",
        "Writes episodes.csv, returns.csv and returns.png into --out. Progress goes to stderr."},
    mixinStandardHelpOptions = true,
    versionProvider = StriderCli.Version.class,
    footerHeading = "%nExamples:%n",
    footer = {
        "  strider local --env Pendulum-v1 --steps 20000",
        "  strider local --env LunarLanderContinuous-v3 --actors 2 --envs-per-actor 4 --shards 2 --steps 300000",
        "  strider local --env Pendulum-v1 --set optimiser.actor_lr=0.0005 --set replay.batch_size=128"})
final class LocalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--env", defaultValue = "Pendulum-v1", description = "Env id (default: ${DEFAULT-VALUE}).")
    String env;

    @Option(names = "--steps", defaultValue = "20000", description = "Env steps in total (default: ${DEFAULT-VALUE}).")
    long steps;

    @Option(names = "--seed", defaultValue = "0", description = "Run seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--actors", defaultValue = "1", description = "Actor nodes (default: ${DEFAULT-VALUE}).")
    int actors;

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

    @Override
    public Integer call() throws Exception {
        final RunPlan plan = plan();
        final Path dir = out != null ? out : Path.of("runs", env + "-"
            + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        final Progress progress = new Progress(spec.commandLine().getErr(), StriderCli.stderrIsTerminal(), false);
        final long start = System.nanoTime();
        try (RunFiles files = new RunFiles(dir, evalEpisodes); LocalRun run = LocalRun.start(plan, files)) {
            while (!run.awaitFinished(Duration.ofSeconds(2))) {
                final double seconds = (System.nanoTime() - start) / 1e9;
                progress.update(String.format(Locale.ROOT, "%s  step %d/%d  %.0f steps/s  %d updates (%.0f/s)  "
                    + "weights v%d  eval %s  episodes %d", env, files.envSteps(), steps, files.envSteps() / seconds,
                    files.updates(), files.updates() / seconds, files.weightsVersion(),
                    Double.isNaN(files.lastEval()) ? "-" : String.format(Locale.ROOT, "%.1f", files.lastEval()),
                    files.episodes()));
            }
            progress.finish();
            if (run.learner().failure() != null) {
                spec.commandLine().getErr().println("run failed: " + run.learner().finishReason());
                return StriderCli.EXIT_FAILURE;
            }
        }
        final double seconds = (System.nanoTime() - start) / 1e9;
        ReturnsPlot.write(dir.resolve("episodes.csv"), dir.resolve("returns.csv"), dir.resolve("returns.png"),
            "TD3 on " + env + " (strider local, seed " + seed + ")", EnvRegistry.spec(env).rewardThreshold());
        spec.commandLine().getOut().printf(Locale.ROOT, "done in %.1f s; wrote %s (episodes.csv, returns.csv, "
            + "returns.png)%n", seconds, dir);
        return 0;
    }

    private RunPlan plan() {
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
                rowsPerFrame, weightsEvery, evalEvery, evalEpisodes);
        } catch (final IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
