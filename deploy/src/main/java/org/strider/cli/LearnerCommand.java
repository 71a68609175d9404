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
import org.strider.learner.cluster.CheckpointFiles;
import org.strider.learner.cluster.LearnerNode;
import org.strider.learner.cluster.ResumePoint;
import com.typesafe.config.ConfigFactory;
import org.strider.config.ConfigError;
import org.strider.config.LoadedConfig;
import org.strider.config.RunConfigLoader;
import org.strider.k8s.LearnerStatusMonitor;
import org.strider.k8s.RunAnnotations;
import org.strider.k8s.StriderLabels;
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
            + "Ctrl-C stops cleanly; progress lines go to stderr.",
        "With --discovery config or kubernetes-api (strider.cluster in --config) the nodes join through Pekko Cluster "
            + "Bootstrap instead of --seed-nodes, and Pekko Management serves /alive and /ready on --management. On "
            + "Kubernetes the learner also publishes its progress as annotations on its own pod."},
    mixinStandardHelpOptions = true,
    versionProvider = StriderCli.Version.class,
    footerHeading = "%nExamples:%n",
    footer = {
        "  strider learner --bind 10.0.0.1:25520 --data 10.0.0.1:40100 --env Pendulum-v1 --steps 20000",
        "  strider replay  --bind 10.0.0.2:25520 --seed-nodes 10.0.0.1:25520 --data 10.0.0.2:40200",
        "  strider actor   --bind 10.0.0.3:25520 --seed-nodes 10.0.0.1:25520 --data 10.0.0.3:0",
        "  strider learner --config run.conf --discovery config --management 10.0.0.1:8558 --bind 10.0.0.1:25520"})
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

    @Mixin
    KeyOptions keys;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue the run in RUN_DIR from its "
        + "checkpoints/latest.ckpt with its own config.conf, up to --steps env steps in total. To take over from a "
        + "learner that died while its replay and actor nodes run on, give the same --data address and --seed-nodes "
        + "of a surviving node: they rejoin under their ids, and shards that outlived it count on from "
        + "checkpoints/latest.shards.")
    Path resume;

    @Option(names = "--resume-if-present", description = "For an orchestrator that restarts the learner in place "
        + "(the Kubernetes StatefulSet): when the --out directory already holds a run (config.conf and "
        + "checkpoints/latest.ckpt), continue it as --resume would, ignoring --config; otherwise start the run there.")
    boolean resumeIfPresent;

    /** With {@code --resume-if-present} resuming: the {@code --config} given, read for joining only. */
    private Path clusterConfig;

    @Override
    public Integer call() throws Exception {
        if (resumeIfPresent) {
            resumeInPlace();
        }
        if (resume != null && Files.isDirectory(resume)) {
            options.resumeFrom(spec, resume);
        }
        final RunPlan plan = options.plan(spec, 0);
        final OutputSettings settings = options.outputSettings().withKey(keys.key(spec));
        final ClusterProcess.Address at = address();
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
                 : RunOutputs.resume(dir, plan, settings, "strider learner", from);
             RunAnnotations pod = RunAnnotations.forPod(System.getenv(), at.cluster())) {
            Runtime.getRuntime().addShutdownHook(hook);
            final LearnerStatusMonitor status = new LearnerStatusMonitor(out.files());
            ticker.scheduleAtFixedRate(() -> spec.commandLine().getErr().println(RunProgress.line(plan.envId(),
                out.files(), plan.totalSteps(), (System.nanoTime() - start) / 1e9)), 5, 5, TimeUnit.SECONDS);
            if (pod.enabled()) {
                final long every = at.cluster().podAnnotationsEvery();
                ticker.scheduleAtFixedRate(() -> pod.publish(status.status(StriderLabels.STATE_RUNNING)), 0, every,
                    TimeUnit.SECONDS);
            }
            final String reason = ClusterProcess.runLearner(at, plan, status,
                settings.learnerSetup(plan, out.checkpointDir(), from), served.registry(), n -> {
                    learner.set(n);
                    synchronized (interrupted) {
                        if (interrupted[0]) {
                            n.stop();
                        }
                    }
                });
            ticker.shutdownNow();
            ticker.awaitTermination(10, TimeUnit.SECONDS);
            final boolean stopped;
            synchronized (interrupted) {
                stopped = interrupted[0];
            }
            summary = out.finish(stopped ? "interrupted" : reason);
            pod.publish(status.status(reason == null || reason.startsWith("failed") ? StriderLabels.STATE_FAILED
                : StriderLabels.STATE_FINISHED));
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

    /** {@code --resume-if-present}: turns {@code --out DIR} into {@code --resume DIR} when DIR holds a run. */
    private void resumeInPlace() {
        if (resume != null) {
            throw new ParameterException(spec.commandLine(), "--resume-if-present and --resume " + resume + ": give "
                + "one of them");
        }
        if (options.out == null) {
            throw new ParameterException(spec.commandLine(), "--resume-if-present needs --out DIR: the directory "
                + "whose checkpoint it resumes from");
        }
        final Path dir = options.out;
        if (Files.isRegularFile(dir.resolve(LoadedConfig.FILE_NAME))
            && Files.isRegularFile(RunOutputs.checkpointDir(dir).resolve(CheckpointFiles.LATEST))) {
            spec.commandLine().getErr().println("strider learner: " + dir + " holds a run with a checkpoint; "
                + "resuming it (--resume-if-present)");
            resume = dir;
            options.out = null;
            clusterConfig = options.config; // still how this node joins (strider.cluster, pekko.discovery)
            options.config = null; // the run's own config.conf becomes the run's config layer
        }
    }

    /** Where this learner listens and how it joins: the flags over the run config's strider.cluster. */
    ClusterProcess.Address address() {
        options.plan(spec, 0);
        return node.address(spec, DATA_PORT, runConfig());
    }

    /** The run config's strider tree (loaded by {@link RunOptions}) and its Pekko blocks, for joining. */
    private NodeOptions.RunConfig runConfig() {
        if (clusterConfig != null) {
            return NodeOptions.RunConfig.read(spec, clusterConfig);
        }
        try {
            return new NodeOptions.RunConfig(options.load(spec).config(), options.config == null
                ? ConfigFactory.empty() : RunConfigLoader.pekko(options.config));
        } catch (final ConfigError e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
