package org.strider.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.strider.learner.replay.service.ShardSnapshot;
import org.strider.run.ClusterProcess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code strider replay}: one replay shard as its own process. */
@Command(name = "replay",
    header = "Run a replay shard as a cluster node.",
    description = "Joins the cluster through --seed-nodes (or bootstrap: --discovery), offers the coordinator its "
        + "insert stream (the --data port) and sample-request stream (PORT+1), and serves the run's learner until the "
        + "run ends. With --snapshot-dir the shard writes its contents (transitions, ring position, rate-limiter "
        + "counts) to DIR/NAME.snap every --snapshot-every seconds and when it stops, and a node started again with "
        + "the same directory and name reloads them if they belong to the same run (Reverb-style checkpointing).",
    mixinStandardHelpOptions = true,
    versionProvider = StriderCli.Version.class,
    footerHeading = "%nExample:%n",
    footer = {"  strider replay --bind 127.0.0.1:0 --seed-nodes 127.0.0.1:25520 --data 127.0.0.1:40200",
        "  strider replay --seed-nodes 127.0.0.1:25520 --name replay-0 --snapshot-dir /var/lib/strider"})
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

    @Option(names = "--snapshot-dir", paramLabel = "DIR", description = "Keep the shard's snapshot in DIR/NAME.snap: "
        + "reload it on start (same run only) and rewrite it every --snapshot-every seconds.")
    Path snapshotDir;

    @Option(names = "--snapshot-every", paramLabel = "S", defaultValue = "60",
        description = "Seconds between snapshots with --snapshot-dir (default: ${DEFAULT-VALUE}); the shard pauses "
            + "inserts while it writes one (about 1 s per 200 MB).")
    double snapshotEvery;

    @Override
    public Integer call() throws Exception {
        final ShardSnapshot.Policy snapshots = snapshots();
        final ClusterProcess.Address at = node.address(spec, DATA_PORT, NodeOptions.RunConfig.read(spec, config));
        try (MetricsOptions.Served served = metrics.start(spec)) {
            ClusterProcess.runReplay(at, name, served.registry(), keys.key(spec), snapshots);
        }
        spec.commandLine().getOut().println("replay node " + name + " stopped");
        return 0;
    }

    private ShardSnapshot.Policy snapshots() {
        if (!(snapshotEvery > 0) || Double.isInfinite(snapshotEvery)) {
            throw new ParameterException(spec.commandLine(), "--snapshot-every must be a positive number of seconds, "
                + "got " + snapshotEvery);
        }
        if (snapshotDir == null) {
            return null;
        }
        if (Files.exists(snapshotDir) && !Files.isDirectory(snapshotDir)) {
            throw new ParameterException(spec.commandLine(), "--snapshot-dir " + snapshotDir + " is not a directory");
        }
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new ParameterException(spec.commandLine(), "--name '" + name + "' cannot name a snapshot file: "
                + "use letters, digits, '.', '_' and '-'");
        }
        return new ShardSnapshot.Policy(snapshotDir.resolve(name + ".snap"),
            Duration.ofNanos((long) (snapshotEvery * 1e9)));
    }
}
