package org.strider.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import com.typesafe.config.ConfigFactory;
import org.strider.config.ConfigError;
import org.strider.config.RunConfigLoader;
import org.strider.k8s.LearnerStatusMonitor;
import org.strider.k8s.RunAnnotations;
import org.strider.k8s.StriderLabels;
import org.strider.run.ClusterProcess;
import org.strider.run.RunFiles;
import org.strider.run.RunPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code strider learner}: the learner role (and the run's coordinator) as its own process. */
@Command(name = "learner",
    header = "Run the learner (and the run's coordinator) as a cluster node.",
    description = {
        "Starts or joins a Pekko cluster, registers the run's coordinator, and trains on what the replay shards "
            + "serve. Replay and actor nodes join with --seed-nodes pointing here and get the run's settings from "
            + "this node, also when they join mid-run. Data goes over Aeron UDP: sample replies on the --data "
            + "port, weights (multi-destination-cast) through PORT+1.",
        "Writes episodes.csv, returns.csv, returns.png and checkpoints/latest.ckpt into --out; progress lines go "
            + "to stderr.",
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

    @Override
    public Integer call() throws Exception {
        final RunPlan plan = options.plan(spec, 0);
        final ClusterProcess.Address at = address();
        final Path dir = options.runDir();
        options.writeConfig(dir);
        final long start = System.nanoTime();
        String reason = null;
        final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        try (MetricsOptions.Served served = metrics.start(spec); RunFiles files = new RunFiles(dir,
            plan.evalEpisodes()); RunAnnotations pod = RunAnnotations.forPod(System.getenv(), at.cluster())) {
            final LearnerStatusMonitor status = new LearnerStatusMonitor(files);
            ticker.scheduleAtFixedRate(() -> spec.commandLine().getErr().println(RunProgress.line(plan.envId(),
                files, plan.totalSteps(), (System.nanoTime() - start) / 1e9)), 5, 5, TimeUnit.SECONDS);
            if (pod.enabled()) {
                final long every = at.cluster().podAnnotationsEvery();
                ticker.scheduleAtFixedRate(() -> pod.publish(status.status(StriderLabels.STATE_RUNNING)), 0, every,
                    TimeUnit.SECONDS);
            }
            try {
                reason = ClusterProcess.runLearner(at, plan, status, dir.resolve("checkpoints"), served.registry());
            } finally {
                ticker.shutdownNow();
                ticker.awaitTermination(10, TimeUnit.SECONDS);
                pod.publish(status.status(reason == null || reason.startsWith("failed") ? StriderLabels.STATE_FAILED
                    : StriderLabels.STATE_FINISHED));
            }
        } finally {
            ticker.shutdownNow();
        }
        RunFiles.plot(dir, plan, "strider learner");
        spec.commandLine().getOut().printf(Locale.ROOT, "learner finished (%s) in %.1f s; wrote %s%n", reason,
            (System.nanoTime() - start) / 1e9, dir);
        return reason != null && reason.startsWith("failed") ? StriderCli.EXIT_FAILURE : 0;
    }

    /** Where this learner listens and how it joins: the flags over the run config's strider.cluster. */
    ClusterProcess.Address address() {
        options.plan(spec, 0);
        return node.address(spec, DATA_PORT, runConfig());
    }

    /** The run config's strider tree (loaded by {@link RunOptions}) and its Pekko blocks, for joining. */
    private NodeOptions.RunConfig runConfig() {
        try {
            return new NodeOptions.RunConfig(options.load(spec).config(), options.config == null
                ? ConfigFactory.empty() : RunConfigLoader.pekko(options.config));
        } catch (final ConfigError e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
