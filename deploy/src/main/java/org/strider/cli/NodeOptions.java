package org.strider.cli;

import java.util.ArrayList;
import java.util.List;
import org.strider.run.ClusterProcess;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Where a cluster node listens and whom it joins: shared by {@code strider learner|replay|actor}. */
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

    ClusterProcess.Address address(final CommandSpec spec, final int defaultDataPort) {
        final String[] b = hostPort(spec, "--bind", bind);
        final String[] d = data == null ? new String[] {b[0], Integer.toString(defaultDataPort)}
            : hostPort(spec, "--data", data);
        for (final String s : seedNodes) {
            hostPort(spec, "--seed-nodes", s);
        }
        return new ClusterProcess.Address(b[0], Integer.parseInt(b[1]), List.copyOf(seedNodes), d[0],
            Integer.parseInt(d[1]));
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
