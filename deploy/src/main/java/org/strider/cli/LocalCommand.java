package org.strider.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.strider.learner.checkpoint.CheckpointException;
import org.strider.run.LocalSession;
import org.strider.run.OutputSettings;
import org.strider.run.RunPlan;
import org.strider.run.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
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
        "Writes into --out: episodes.csv, eval.csv, learner.csv, returns.png and losses.png (redrawn every "
            + "--plots-every), checkpoints/latest.ckpt (every --checkpoint-every env steps and at the end), "
            + "checkpoints/best.ckpt and best.json (on each new best evaluation), best.gif and summary.json at the "
            + "end. Ctrl-C stops cleanly: the learner writes latest.ckpt, the files are finished, summary.json says "
            + "\"interrupted\". --resume DIR continues such a run from its latest.ckpt. Progress goes to stderr."},
    mixinStandardHelpOptions = true,
    versionProvider = StriderCli.Version.class,
    footerHeading = "%nExamples:%n",
    footer = {
        "  strider local --env Pendulum-v1 --steps 20000",
        "  strider local --env LunarLanderContinuous-v3 --actors 2 --envs-per-actor 4 --shards 2 --steps 300000",
        "  strider local --env Pendulum-v1 --set optimiser.actor_lr=0.0005 --set replay.batch_size=128",
        "  strider local --env Pendulum-v1 --steps 40000 --resume runs/Pendulum-v1-20261127-150000",
        "  strider local --env Pendulum-v1 --steps 5000 --lockstep"})
final class LocalCommand implements Callable<Integer> {
    /** Off a terminal, a progress line this often. */
    static final Duration PLAIN_PROGRESS_EVERY = Duration.ofSeconds(10);
    /** How long a Ctrl-C waits for the run's files before the JVM exits. */
    static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(60);
    /** Exit code of a run ended by Ctrl-C (128 + SIGINT), its files complete. */
    static final int EXIT_INTERRUPTED = 130;

    @Spec
    CommandSpec spec;

    @Mixin
    RunOptions options;

    @Mixin
    MetricsOptions metrics;

    @Mixin
    KeyOptions keys;

    @Option(names = "--actors", description = "Actor nodes: strider.run.actors (default: ${DEFAULT-VALUE}).")
    int actors;

    @Option(names = "--lockstep", description = "Reproduce the synchronous trainer bit for bit: 1 actor of 1 env, "
        + "1 shard, 1 update per step; frames of one transition, weights after every update, the trainer's seeds.")
    boolean lockstep;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue the run in RUN_DIR from its "
        + "checkpoints/latest.ckpt with its own config.conf, up to --steps env steps in total (flags and --set still "
        + "apply on top), appending to its files.")
    Path resume;

    @Override
    public Integer call() throws Exception {
        final Path dir;
        final RunPlan plan;
        if (resume != null) {
            if (options.out != null && !options.out.equals(resume)) {
                throw new ParameterException(spec.commandLine(), "--resume " + resume + " writes into that run's "
                    + "directory; drop --out " + options.out);
            }
            if (lockstep) {
                throw new ParameterException(spec.commandLine(), "--lockstep reproduces the synchronous trainer from "
                    + "step 0; it cannot --resume");
            }
            if (!Files.isDirectory(resume)) {
                throw new ParameterException(spec.commandLine(), "--resume " + resume + " is not a run directory");
            }
            dir = resume;
            options.resumeFrom(spec, resume);
            plan = options.plan(spec, actors, false);
        } else {
            plan = options.plan(spec, actors, lockstep);
            dir = options.runDir();
        }
        final OutputSettings settings = options.outputSettings().withKey(keys.key(spec));
        options.writeConfig(dir);
        final String env = plan.envId();
        final long steps = plan.totalSteps();
        final Progress progress = new Progress(spec.commandLine().getErr(), StriderCli.stderrIsTerminal(), false,
            PLAIN_PROGRESS_EVERY);
        final long start = System.nanoTime();
        try (MetricsOptions.Served served = metrics.start(spec)) {
            final LocalSession session;
            try {
                session = resume != null ? LocalSession.resume(plan, dir, settings, served.registry())
                    : LocalSession.start(plan, dir, settings, served.registry());
            } catch (final CheckpointException e) {
                spec.commandLine().getErr().println("strider local: cannot resume: " + e.getMessage());
                return StriderCli.EXIT_FAILURE;
            } catch (final IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
            final Thread hook = new Thread(() -> session.interruptAndAwait(SHUTDOWN_WAIT), "strider-local-ctrl-c");
            Runtime.getRuntime().addShutdownHook(hook);
            final RunSummary summary;
            try {
                while (!session.awaitFinished(Duration.ofSeconds(1))) {
                    progress.update(RunProgress.line(env, session.files(), steps, seconds(start)));
                }
                // The final state, also for a run shorter than one progress period.
                progress.last(RunProgress.line(env, session.files(), steps, seconds(start)));
                summary = session.finish();
            } finally {
                session.close();
                removeHook(hook);
            }
            if (summary.finishReason().startsWith("failed")) {
                spec.commandLine().getErr().println("run failed: " + summary.finishReason());
                return StriderCli.EXIT_FAILURE;
            }
            spec.commandLine().getOut().printf(Locale.ROOT, "%s in %.1f s (%d env steps, %d updates, best eval %s); "
                + "wrote %s (%s)%n", summary.finishReason(), seconds(start), summary.envSteps(), summary.updates(),
                summary.best() == null ? "-" : String.format(Locale.ROOT, "%.1f at step %d", summary.best().mean(),
                    summary.best().envStep()), dir, String.join(", ", summary.files()));
            return session.interrupted() ? EXIT_INTERRUPTED : 0;
        }
    }

    private static double seconds(final long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void removeHook(final Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (final IllegalStateException e) {
            // The JVM is shutting down (Ctrl-C): the hook is running and has what it waited for.
        }
    }
}
