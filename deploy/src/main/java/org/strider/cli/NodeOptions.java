package org.strider.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.strider.config.ConfigError;
import org.strider.config.ConfigRequest;
import org.strider.config.RunConfigLoader;
import org.strider.control.ClusterConfig;
import org.strider.control.ClusterTls;
import org.strider.run.ClusterProcess;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Where a cluster node listens and how it joins: shared by {@code strider learner|replay|actor}. Joining is
 * {@code strider.cluster} of the run config ({@code --config}) under the flags {@code --discovery} and
 * {@code --management}: seed nodes, or Pekko Cluster Bootstrap with Pekko Management on the management address;
 * {@code --tls-dir} (or {@code $STRIDER_TLS_DIR}) puts the control plane on TLS.
 */
final class NodeOptions {
    @Option(names = "--bind", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:25520",
        description = "Pekko (control plane) address of this node (default: ${DEFAULT-VALUE}; port 0: any free).")
    String bind;

    @Option(names = "--seed-nodes", paramLabel = "HOST:PORT", split = ",",
        description = "Pekko addresses of nodes already in the cluster (the learner's, usually). The learner "
            + "without seed nodes starts the cluster.")
    List<String> seedNodes = new ArrayList<>();

    @Option(names = "--data", paramLabel = "HOST:PORT",
        description = "Aeron UDP address of this node's data streams (default: the --bind host and the role's "
            + "port: learner 40100, replay 40200, actor 0 = any). Replay nodes and the learner use PORT and PORT+1.")
    String data;

    @Option(names = "--discovery", paramLabel = "METHOD",
        description = "How this node finds the cluster: seed-nodes (--seed-nodes), config (Pekko Cluster Bootstrap "
            + "over the contact points in pekko.discovery.config.services) or kubernetes-api (bootstrap over the pods "
            + "labelled strider.io/run=SERVICE): strider.cluster.discovery (default: seed-nodes).")
    String discovery;

    @Option(names = "--management", paramLabel = "HOST:PORT",
        description = "Pekko Management's address: /alive, /ready (Up in the cluster) and bootstrap's contact point; "
            + "binds to this host only. Sets strider.cluster.management (and enables it, also with seed nodes; "
            + "default with bootstrap: the --bind host, port 8558).")
    String management;

    /** Environment variable naming the TLS folder when no {@code --tls-dir} is given (the k8s manifests set it). */
    static final String TLS_DIR_ENV = "STRIDER_TLS_DIR";

    @Option(names = "--tls-dir", paramLabel = "DIR",
        description = "Run the control plane (Pekko Artery) over TLS with mutual authentication, with the PEM files "
            + "tls.key, tls.crt and ca.crt in DIR (a mounted kubernetes.io/tls Secret): strider.cluster.tls "
            + "(default: $" + TLS_DIR_ENV + ", else the run config's, else plain TCP).")
    Path tlsDir;

    /**
     * What a node reads of a run config: its resolved {@code strider} tree (for {@code strider.cluster}) and its
     * {@code pekko.management}/{@code pekko.discovery} blocks.
     */
    record RunConfig(Config strider, Config pekko) {
        /** No run config: the cluster settings' defaults. */
        static RunConfig none() {
            return new RunConfig(ConfigFactory.empty(), ConfigFactory.empty());
        }

        /** A replay or actor node's run config file, checked like the learner's; {@link #none()} for null. */
        static RunConfig read(final CommandSpec spec, final Path file) {
            if (file == null) {
                return none();
            }
            try {
                return new RunConfig(RunConfigLoader.load(new ConfigRequest(file, List.of(), List.of(), 0)).config(),
                    RunConfigLoader.pekko(file));
            } catch (final ConfigError e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
        }
    }

    /** {@link #address(CommandSpec, int, RunConfig)} with the cluster settings' defaults, no run config. */
    ClusterProcess.Address address(final CommandSpec spec, final int defaultDataPort) {
        return address(spec, defaultDataPort, RunConfig.none());
    }

    /** The node's address and joining. Bad values are usage errors naming the flag or key. */
    ClusterProcess.Address address(final CommandSpec spec, final int defaultDataPort, final RunConfig run) {
        return address(spec, defaultDataPort, run, System.getenv());
    }

    ClusterProcess.Address address(final CommandSpec spec, final int defaultDataPort, final RunConfig run,
        final Map<String, String> env) {
        final String[] b = hostPort(spec, "--bind", bind);
        final String[] d = data == null ? new String[] {b[0], Integer.toString(defaultDataPort)}
            : hostPort(spec, "--data", data);
        for (final String s : seedNodes) {
            hostPort(spec, "--seed-nodes", s);
        }
        Config flags = ConfigFactory.empty();
        if (discovery != null) {
            try {
                ClusterConfig.Discovery.parse(discovery, "--discovery");
            } catch (final IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
            flags = flags.withValue(ClusterConfig.PATH + ".discovery", ConfigValueFactory.fromAnyRef(discovery,
                "--discovery"));
        }
        if (management != null) {
            final String[] m = hostPort(spec, "--management", management);
            if (m[1].equals("0")) {
                throw new ParameterException(spec.commandLine(), "--management needs a port in 1..65535 (the other "
                    + "nodes' bootstrap contacts it there), got '" + management + "'");
            }
            flags = flags.withValue(ClusterConfig.PATH + ".management.hostname", ConfigValueFactory.fromAnyRef(m[0]))
                .withValue(ClusterConfig.PATH + ".management.port", ConfigValueFactory.fromAnyRef(Integer.parseInt(m[1])))
                .withValue(ClusterConfig.PATH + ".management.enabled", ConfigValueFactory.fromAnyRef("true"));
        }
        final String tls = tlsDir != null ? tlsDir.toString() : env.getOrDefault(TLS_DIR_ENV, "").trim();
        final String from = tlsDir != null ? "--tls-dir" : "$" + TLS_DIR_ENV;
        if (!tls.isEmpty()) {
            flags = flags.withValue(ClusterTls.PATH + ".enabled", ConfigValueFactory.fromAnyRef(true, from))
                .withValue(ClusterTls.PATH + ".dir", ConfigValueFactory.fromAnyRef(tls, from));
        }
        final ClusterConfig.Settings cluster;
        try {
            cluster = ClusterConfig.Settings.read(flags.withFallback(run.strider()), b[0]);
        } catch (final IllegalArgumentException e) {
            final boolean tlsFile = !tls.isEmpty() && e.getMessage().startsWith(ClusterTls.PATH);
            throw new ParameterException(spec.commandLine(), (tlsFile ? from + " " + tls + ": " : "")
                + e.getMessage(), e);
        }
        if (cluster.tls() != null) {
            spec.commandLine().getErr().println("control plane: Artery over " + cluster.tls().check());
        }
        if (cluster.discovery().bootstrap() && !seedNodes.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--seed-nodes and " + ClusterConfig.PATH + ".discovery = "
                + cluster.discovery().configName() + " exclude each other: bootstrap finds the cluster itself (drop "
                + "--seed-nodes, or use --discovery seed-nodes)");
        }
        return new ClusterProcess.Address(b[0], Integer.parseInt(b[1]), List.copyOf(seedNodes), d[0],
            Integer.parseInt(d[1]), cluster, run.pekko());
    }

    private static String[] hostPort(final CommandSpec spec, final String flag, final String value) {
        final int colon = value.lastIndexOf(':');
        try {
            if (colon > 0) {
                final int port = Integer.parseInt(value.substring(colon + 1));
                if (port >= 0 && port <= 65535) {
                    return new String[] {value.substring(0, colon), Integer.toString(port)};
                }
            }
        } catch (final NumberFormatException e) {
            // reported below
        }
        throw new ParameterException(spec.commandLine(), flag + " must be HOST:PORT with a port in 0..65535, got '"
            + value + "'");
    }
}
