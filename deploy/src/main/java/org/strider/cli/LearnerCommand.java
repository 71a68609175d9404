package org.strider.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.strider.learner.checkpoint.CheckpointException;
import org.strider.learner.cluster.LearnerNode;
import org.strider.learner.cluster.ResumePoint;
import org.strider.run.ClusterProcess;
import org.strider.run.OutputSettings;
import org.strider.run.RunOutputs;
import org.strider.run.RunPlan;
import org.strider.run.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code strider learner}: the learner role (and the run's coordinator) as its own process. */
@Command(name = "learner",
    header = "Run the learner (and the run's coordinator) as a cluster node.",
    description = {
        "Starts or joins a Pekko cluster, registers the run's coordinator, and trains on what the replay shards "
            + "serve. Replay and actor nodes join with --seed-nodes pointing here and get the run's settings from "
            + "this node, also when they join mid-run. Data goes over Aeron UDP: sample replies on the --data "
            + "port, weights (multi-destination-cast) through PORT+1.",
        "Writes the run directory as strider local does (episodes.csv, eval.csv, learner.csv, returns.png, "
            + "losses.png, checkpoints/latest.ckpt, best.ckpt, best.json, best.gif, summary.json) into --out; "
            + "Ctrl-C stops cleanly; progress lines go to stderr."},
    mixinStandardHelpOptions = true,
    versionProvider = StriderCli.Version.class,
    footerHeading = "%nExamples:%n",
    footer = {
        "  strider learner --bind 10.0.0.1:25520 --data 10.0.0.1:40100 --env Pendulum-v1 --steps 20000",
        "  strider replay  --bind 10.0.0.2:25520 --seed-nodes 10.0.0.1:25520 --data 10.0.0.2:40200",
        "  strider actor   --bind 10.0.0.3:25520 --seed-nodes 10.0.0.1:25520 --data 10.0.0.3:0"})
final class LearnerCommand implements Callable<Integer> {
    /** Default Aeron port of the learner's data streams. */
    static final int DATA_PORT = 40100;

    @Spec
    CommandSpec spec;

    @Mixin
    NodeOptions node;

    @Mixin
    RunOptions options;

    @Mixin
    MetricsOptions metrics;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue the run in RUN_DIR from its "
        + "checkpoints/latest.ckpt with its own config.conf, up to --steps env steps in total.")
    Path resume;

    @Override
    public Integer call() throws Exception {
        if (resume != null && Files.isDirectory(resume)) {
            options.resumeFrom(spec, resume);
        }
        final RunPlan plan = options.plan(spec, 0);
        final OutputSettings settings = options.outputSettings();
        final ClusterProcess.Address at = node.address(spec, DATA_PORT);
        if (resume != null && options.out != null && !options.out.equals(resume)) {
            throw new ParameterException(spec.commandLine(), "--resume " + resume + " writes into that run's "
                + "directory; drop --out " + options.out);
        }
        if (resume != null && !Files.isDirectory(resume)) {
            throw new ParameterException(spec.commandLine(), "--resume " + resume + " is not a run directory");
        }
        final Path dir = resume != null ? resume : options.runDir();
        final ResumePoint from;
        try {
            from = resume == null ? null : RunOutputs.resumePoint(dir, plan);
        } catch (final CheckpointException e) {
            spec.commandLine().getErr().println("strider learner: cannot resume: " + e.getMessage());
            return StriderCli.EXIT_FAILURE;
        }
        if (from != null && from.envSteps() >= plan.totalSteps()) {
            throw new ParameterException(spec.commandLine(), "the run in " + dir + " already has "
                + from.envSteps() + " env steps; --steps must be more");
        }
        options.writeConfig(dir);
        final long start = System.nanoTime();
        final AtomicReference<LearnerNode> learner = new AtomicReference<>();
        final CountDownLatch written = new CountDownLatch(1);
        final boolean[] interrupted = {false};
        final Thread hook = new Thread(() -> {
            synchronized (interrupted) {
                interrupted[0] = true;
            }
            final LearnerNode n = learner.get();
            if (n != null) {
                n.stop();
            }
            try {
                written.await(LocalCommand.SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "strider-learner-ctrl-c");
        final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        final RunSummary summary;
        try (MetricsOptions.Served served = metrics.start(spec);
             RunOutputs out = from == null ? RunOutputs.open(dir, plan, settings, "strider learner")
                 : RunOutputs.resume(dir, plan, settings, "strider learner", from)) {
            Runtime.getRuntime().addShutdownHook(hook);
            ticker.scheduleAtFixedRate(() -> spec.commandLine().getErr().println(RunProgress.line(plan.envId(),
                out.files(), plan.totalSteps(), (System.nanoTime() - start) / 1e9)), 5, 5, TimeUnit.SECONDS);
            final String reason = ClusterProcess.runLearner(at, plan, out.files(),
                settings.learnerSetup(plan, out.checkpointDir(), from), served.registry(), n -> {
                    learner.set(n);
                    synchronized (interrupted) {
                        if (interrupted[0]) {
                            n.stop();
                        }
                    }
                });
            ticker.shutdownNow();
            final boolean stopped;
            synchronized (interrupted) {
                stopped = interrupted[0];
            }
            summary = out.finish(stopped ? "interrupted" : reason);
        } finally {
            ticker.shutdownNow();
            written.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (final IllegalStateException | IllegalArgumentException e) {
                // shutting down (the hook runs), or never added
            }
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "learner finished (%s) in %.1f s; wrote %s%n",
            summary.finishReason(), (System.nanoTime() - start) / 1e9, dir);
        return summary.finishReason().startsWith("failed") ? StriderCli.EXIT_FAILURE : 0;
    }

}
