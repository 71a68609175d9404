package org.strider.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.strider.run.ClusterProcess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code strider replay}: one replay shard as its own process. */
@Command(name = "replay",
    header = "Run a replay shard as a cluster node.",
    description = "Joins the cluster through --seed-nodes (or bootstrap: --discovery), offers the coordinator its "
        + "insert stream (the --data port) and sample-request stream (PORT+1), and serves the run's learner until the "
        + "run ends.",
    mixinStandardHelpOptions = true,
    versionProvider = StriderCli.Version.class,
    footerHeading = "%nExample:%n",
    footer = "  strider replay --bind 127.0.0.1:0 --seed-nodes 127.0.0.1:25520 --data 127.0.0.1:40200")
final class ReplayCommand implements Callable<Integer> {
    static final int DATA_PORT = 40200;

    @Spec
    CommandSpec spec;

    @Mixin
    NodeOptions node;

    @Mixin
    MetricsOptions metrics;

    @Mixin
    KeyOptions keys;

    @Option(names = "--config", paramLabel = "FILE", description = "The run's config file (HOCON, the learner's): "
        + "this node reads strider.cluster and the pekko.management and pekko.discovery blocks (how it joins); the "
        + "run's settings come from the learner.")
    Path config;

    @Option(names = "--name", defaultValue = "replay", description = "Node name in logs (default: ${DEFAULT-VALUE}).")
    String name;

    @Override
    public Integer call() throws Exception {
        final ClusterProcess.Address at = node.address(spec, DATA_PORT, NodeOptions.RunConfig.read(spec, config));
        try (MetricsOptions.Served served = metrics.start(spec)) {
            ClusterProcess.runReplay(at, name, served.registry(), keys.key(spec));
        }
        spec.commandLine().getOut().println("replay node " + name + " stopped");
        return 0;
    }
}
