package org.strider.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.strider.run.LocalRun;
import org.strider.run.RunFiles;
import org.strider.run.RunPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code strider local}: every role of a distributed run in this JVM (Aeron IPC, a one-node Pekko cluster). */
@Command(name = "local",
    header = "Train with every role (learner, replay shards, actor nodes) in this JVM.",
    description = {
        "Starts a one-node Pekko cluster and one Aeron media driver, then the learner (with the run's "
            + "coordinator), S replay shards and N actor nodes of K envs each: the same classes a cluster runs, "
            + "over Aeron IPC. Actors act randomly until the shards hold the warm-up, then with the newest "
            + "weights plus exploration noise; the shards' rate limiter holds the learner to --updates-per-step.",
        "Writes episodes.csv, returns.csv, returns.png and checkpoints/latest.ckpt (the learner's state at the "
            + "end) into --out. Progress goes to stderr."},
    mixinStandardHelpOptions = true,
    versionProvider = StriderCli.Version.class,
    footerHeading = "%nExamples:%n",
    footer = {
        "  strider local --env Pendulum-v1 --steps 20000",
        "  strider local --env LunarLanderContinuous-v3 --actors 2 --envs-per-actor 4 --shards 2 --steps 300000",
        "  strider local --env Pendulum-v1 --set optimiser.actor_lr=0.0005 --set replay.batch_size=128",
        "  strider local --env Pendulum-v1 --steps 5000 --lockstep"})
final class LocalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RunOptions options;

    @Mixin
    MetricsOptions metrics;

    @Option(names = "--actors", description = "Actor nodes: strider.run.actors (default: ${DEFAULT-VALUE}).")
    int actors;

    @Option(names = "--lockstep", description = "Reproduce the synchronous trainer bit for bit: 1 actor of 1 env, "
        + "1 shard, 1 update per step; frames of one transition, weights after every update, the trainer's seeds.")
    boolean lockstep;

    @Override
    public Integer call() throws Exception {
        final RunPlan plan = options.plan(spec, actors, lockstep);
        final String env = plan.envId();
        final long steps = plan.totalSteps();
        final Path dir = options.runDir();
        options.writeConfig(dir);
        final Progress progress = new Progress(spec.commandLine().getErr(), StriderCli.stderrIsTerminal(), false);
        final long start = System.nanoTime();
        try (MetricsOptions.Served served = metrics.start(spec);
             RunFiles files = new RunFiles(dir, plan.evalEpisodes());
             LocalRun run = LocalRun.start(plan, files, dir.resolve("checkpoints"), served.registry())) {
            while (!run.awaitFinished(Duration.ofSeconds(2))) {
                final double seconds = (System.nanoTime() - start) / 1e9;
                progress.update(RunProgress.line(env, files, steps, seconds));
            }
            // The final state, also for a run shorter than one progress period.
            progress.update(RunProgress.line(env, files, steps, (System.nanoTime() - start) / 1e9));
            progress.finish();
            if (run.learner().failure() != null) {
                spec.commandLine().getErr().println("run failed: " + run.learner().finishReason());
                return StriderCli.EXIT_FAILURE;
            }
        }
        final double seconds = (System.nanoTime() - start) / 1e9;
        RunFiles.plot(dir, plan, "strider local");
        spec.commandLine().getOut().printf(Locale.ROOT, "done in %.1f s; wrote %s (episodes.csv, returns.csv, "
            + "returns.png, checkpoints/latest.ckpt)%n", seconds, dir);
        return 0;
    }

}
