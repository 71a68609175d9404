package org.strider.cli;

import java.util.Locale;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.strider.actor.RolloutStats;
import org.strider.run.ClusterProcess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code strider actor}: one actor node as its own process. */
@Command(name = "actor",
    header = "Run an actor node (rollouts) as a cluster node.",
    description = "Joins the cluster through --seed-nodes (or bootstrap: --discovery), gets the run's env and "
        + "settings from the coordinator, steps its envs, and publishes transitions to its shard until the run ends. "
        + "Weights arrive over UDP on the --data host (any free port).",
    mixinStandardHelpOptions = true,
    versionProvider = StriderCli.Version.class,
    footerHeading = "%nExample:%n",
    footer = "  strider actor --bind 127.0.0.1:0 --seed-nodes 127.0.0.1:25520 --data 127.0.0.1:0")
final class ActorCommand implements Callable<Integer> {
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

    @Option(names = "--name", defaultValue = "actor", description = "Node name in logs (default: ${DEFAULT-VALUE}).")
    String name;

    @Override
    public Integer call() throws Exception {
        final ClusterProcess.Address at = node.address(spec, 0, NodeOptions.RunConfig.read(spec, config));
        final RolloutStats stats;
        try (MetricsOptions.Served served = metrics.start(spec)) {
            stats = ClusterProcess.runActor(at, name, served.registry(), keys.key(spec));
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "actor node %s stopped: %d transitions produced, %d published,"
            + " %d dropped, %d episodes, last policy version %d%n", name, stats.produced(), stats.published(),
            stats.dropped(), stats.episodes(), stats.policyVersion());
        return 0;
    }
}
