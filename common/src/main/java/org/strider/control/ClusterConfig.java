package org.strider.control;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Pekko settings of a Strider node: cluster provider, Artery TCP on {@code host:port} (0 picks a free port),
 * the seed nodes, the node's roles, the split-brain resolver as downing provider (STACK.md), SLF4J logging, and
 * {@link KryoPekkoSerializer} bound to every {@link ControlMessage}. With no seed nodes the node joins itself
 * (one-JVM mode, or the first node of a cluster).
 */
public final class ClusterConfig {
    /** Every node of a run uses this actor-system name; Pekko only joins systems of the same name. */
    public static final String SYSTEM_NAME = "strider";

    private ClusterConfig() {
    }

    /** Seed node address for {@code host:port}, e.g. {@code pekko://strider@10.0.0.5:25520}. */
    public static String seedAddress(final String hostPort) {
        if (hostPort.startsWith("pekko://")) {
            return hostPort;
        }
        final int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("seed node must be HOST:PORT or a pekko:// address, got " + hostPort);
        }
        Integer.parseInt(hostPort.substring(colon + 1));
        return "pekko://" + SYSTEM_NAME + "@" + hostPort;
    }

    /** The config of a node with {@code roles} listening on {@code host:port}, over the given fallback. */
    public static Config node(final String host, final int port, final List<String> seedNodes,
        final Set<NodeRole> roles, final Config fallback) {
        final String seeds = seedNodes.stream().map(s -> quote(seedAddress(s))).collect(Collectors.joining(", "));
        final String roleNames = roles.stream().map(r -> quote(r.roleName())).sorted().collect(Collectors.joining(", "));
        final String text = String.join("\n",
            "pekko {",
            "  loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]",
            "  logging-filter = \"org.apache.pekko.event.slf4j.Slf4jLoggingFilter\"",
            "  loglevel = INFO",
            "  log-dead-letters = 0",
            "  log-dead-letters-during-shutdown = off",
            "  actor.provider = cluster",
            "  actor.serializers.strider-kryo = \"" + KryoPekkoSerializer.class.getName() + "\"",
            "  actor.serialization-bindings { \"" + ControlMessage.class.getName() + "\" = strider-kryo }",
            "  remote.artery.canonical.hostname = " + quote(host),
            "  remote.artery.canonical.port = " + port,
            "  cluster.seed-nodes = [" + seeds + "]",
            "  cluster.roles = [" + roleNames + "]",
            "  cluster.downing-provider-class = \"org.apache.pekko.cluster.sbr.SplitBrainResolverProvider\"",
            "  cluster.split-brain-resolver.stable-after = 5s",
            "  cluster.jmx.multi-mbeans-in-same-jvm = on",
            "  cluster.log-info-verbose = off",
            "  coordinated-shutdown.exit-jvm = off",
            "}");
        return ConfigFactory.parseString(text).withFallback(fallback).resolve();
    }

    /** {@link #node} over the classpath's {@code reference.conf}/{@code application.conf}. */
    public static Config node(final String host, final int port, final List<String> seedNodes,
        final Set<NodeRole> roles) {
        return node(host, port, seedNodes, roles, ConfigFactory.load());
    }

    private static String quote(final String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
