package org.strider.control;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Pekko settings of a Strider node: cluster provider, Artery TCP on {@code host:port} (0 picks a free port),
 * the seed nodes, the node's roles, the split-brain resolver as downing provider (STACK.md), SLF4J logging, and
 * {@link KryoPekkoSerializer} bound to every {@link ControlMessage}. With no seed nodes the node joins itself
 * (one-JVM mode, or the first node of a cluster).
 *
 * <p>How a node finds the cluster is the {@code strider.cluster} block (this module's reference.conf), read into
 * {@link Settings}: seed nodes, or Pekko Cluster Bootstrap with config or Kubernetes API discovery, which needs Pekko
 * Management's HTTP server on {@link Management}'s address; and whether Artery runs over TLS with mutual
 * authentication ({@link ClusterTls}). {@link #node(String, int, List, Set, Settings, Config, Config)} turns those
 * settings into the {@code pekko.management}, {@code pekko.discovery} and {@code pekko.remote.artery} keys; starting
 * Management and Bootstrap is the caller's part.
 */
public final class ClusterConfig {
    /** Every node of a run uses this actor-system name; Pekko only joins systems of the same name. */
    public static final String SYSTEM_NAME = "strider";
    /** The block of the cluster settings. */
    public static final String PATH = "strider.cluster";
    /**
     * Kubernetes API discovery lists the pods whose run label is the service name (k8s/base labels every object of a
     * run {@code strider.io/run=RUN}); a run config may set another {@code pekko.discovery.kubernetes-api} selector.
     */
    public static final String POD_LABEL_SELECTOR = "strider.io/run=%s";

    /** How a node joins the cluster: {@code strider.cluster.discovery}. */
    public enum Discovery {
        /** Join the given seed nodes (the learner with none starts the cluster). */
        SEED_NODES("seed-nodes"),
        /** Cluster Bootstrap over {@code pekko.discovery.config.services}: contact points listed in the config. */
        CONFIG("config"),
        /** Cluster Bootstrap over the Kubernetes API: the pods labelled with the run. */
        KUBERNETES_API("kubernetes-api");

        private final String configName;

        Discovery(final String configName) {
            this.configName = configName;
        }

        /** As written in a config or flag: {@code seed-nodes}, {@code config}, {@code kubernetes-api}. */
        public String configName() {
            return configName;
        }

        /** Whether the node joins through Pekko Cluster Bootstrap (every method but seed nodes). */
        public boolean bootstrap() {
            return this != SEED_NODES;
        }

        /** @throws IllegalArgumentException naming {@code where} (a key or flag) and the accepted names */
        public static Discovery parse(final String name, final String where) {
            for (final Discovery d : values()) {
                if (d.configName.equals(name.trim().toLowerCase(Locale.ROOT))) {
                    return d;
                }
            }
            throw new IllegalArgumentException(where + " must be one of " + names() + ", got '" + name + "'");
        }

        /** "seed-nodes, config, kubernetes-api" */
        public static String names() {
            return Arrays.stream(values()).map(Discovery::configName).collect(Collectors.joining(", "));
        }
    }

    /**
     * Pekko Management's HTTP server: binds to {@code host:port} only, and advertises that address to the other
     * nodes' bootstrap.
     */
    public record Management(String host, int port) {
        public Management {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("management host must not be empty");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("management port must be in 1..65535, got " + port);
            }
        }
    }

    /**
     * The {@code strider.cluster} block.
     *
     * @param discovery             how the node joins
     * @param management            Pekko Management's address, or null when it does not run
     * @param requiredContactPoints bootstrap: contact points discovery must list before a new cluster may form
     * @param serviceName           bootstrap: the name discovery looks up (config service, pods' run label)
     * @param podAnnotationsEvery   seconds between the learner's progress annotations on its pod (0: never)
     * @param tls                   Artery over TLS with mutual authentication, or null for plain TCP
     */
    public record Settings(Discovery discovery, Management management, int requiredContactPoints,
        String serviceName, int podAnnotationsEvery, ClusterTls tls) {
        public Settings {
            if (discovery.bootstrap() && management == null) {
                throw new IllegalArgumentException(PATH + ".discovery = " + discovery.configName()
                    + " joins through Cluster Bootstrap, which needs Pekko Management: " + PATH
                    + ".management.enabled must not be false");
            }
            if (requiredContactPoints < 1) {
                throw new IllegalArgumentException(PATH + ".required-contact-points must be >= 1, got "
                    + requiredContactPoints);
            }
            if (discovery.bootstrap() && (serviceName == null || serviceName.isBlank())) {
                throw new IllegalArgumentException(PATH + ".service-name must not be empty with discovery = "
                    + discovery.configName());
            }
            if (podAnnotationsEvery < 0) {
                throw new IllegalArgumentException(PATH + ".pod-annotations-every must be >= 0, got "
                    + podAnnotationsEvery);
            }
        }

        /** Without TLS. */
        public Settings(final Discovery discovery, final Management management, final int requiredContactPoints,
            final String serviceName, final int podAnnotationsEvery) {
            this(discovery, management, requiredContactPoints, serviceName, podAnnotationsEvery, null);
        }

        /** Seed nodes, no management: what a node does without a {@code strider.cluster} block. */
        public static Settings seedNodes() {
            return new Settings(Discovery.SEED_NODES, null, 1, "strider", 0);
        }

        /** These settings with {@code tls} (null: plain TCP). */
        public Settings withTls(final ClusterTls tls) {
            return new Settings(discovery, management, requiredContactPoints, serviceName, podAnnotationsEvery, tls);
        }

        /**
         * Reads {@code strider.cluster} from {@code config} (a missing key takes this module's reference.conf
         * default); an empty {@code management.hostname} means {@code defaultHost} (the node's Artery host). With
         * {@code tls.enabled}, the TLS files are read and checked here ({@link ClusterTls#read}), before any node
         * starts.
         *
         * @throws IllegalArgumentException naming the key, for a missing block, a wrong type or a bad value, and
         *                                  naming the key and the file for a missing or bad TLS file
         */
        public static Settings read(final Config config, final String defaultHost) {
            final Config c;
            try {
                c = config.withFallback(ConfigFactory.defaultReference(ClusterConfig.class.getClassLoader()))
                    .getConfig(PATH);
            } catch (final ConfigException e) {
                throw new IllegalArgumentException(PATH + ": " + e.getMessage(), e);
            }
            try {
                final Discovery discovery = Discovery.parse(c.getString("discovery"), PATH + ".discovery");
                final String enabled = c.getString("management.enabled").trim().toLowerCase(Locale.ROOT);
                final boolean on = switch (enabled) {
                    case "auto" -> discovery.bootstrap();
                    case "true", "on", "yes" -> true;
                    case "false", "off", "no" -> false;
                    default -> throw new IllegalArgumentException(PATH + ".management.enabled must be auto, true or "
                        + "false, got '" + enabled + "'");
                };
                final String host = c.getString("management.hostname").trim();
                final int port = c.getInt("management.port");
                if (on && (port < 1 || port > 65535)) {
                    throw new IllegalArgumentException(PATH + ".management.port must be in 1..65535, got " + port);
                }
                return new Settings(discovery, on ? new Management(host.isEmpty() ? defaultHost : host, port) : null,
                    c.getInt("required-contact-points"), c.getString("service-name").trim(),
                    c.getInt("pod-annotations-every"), ClusterTls.read(c));
            } catch (final ConfigException e) {
                throw new IllegalArgumentException(PATH + ": " + e.getMessage(), e);
            }
        }
    }

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

    /**
     * {@link #node(String, int, List, Set, Config)} joining as {@code cluster} says: with management, Pekko
     * Management's HTTP server on its address only (bind and advertised), with its health routes and, with bootstrap,
     * the bootstrap's read-only {@code /bootstrap/seed-nodes}; the cluster HTTP routes are off. With bootstrap, Cluster
     * Bootstrap's discovery method, service name and required contact points. With TLS, Artery's {@code tls-tcp}
     * transport with the node's PEM files ({@link ClusterTls}). These keys win over {@code pekko}
     * (a run config's {@code pekko.management} and {@code pekko.discovery} blocks: discovery's services, bootstrap
     * timing), which wins over {@code fallback}.
     *
     * @throws IllegalArgumentException for seed nodes given with a bootstrap discovery
     */
    public static Config node(final String host, final int port, final List<String> seedNodes,
        final Set<NodeRole> roles, final Settings cluster, final Config pekko, final Config fallback) {
        if (cluster.discovery().bootstrap() && !seedNodes.isEmpty()) {
            throw new IllegalArgumentException("seed nodes " + seedNodes + " and " + PATH + ".discovery = "
                + cluster.discovery().configName() + " exclude each other: bootstrap finds the cluster by itself");
        }
        final StringBuilder text = new StringBuilder();
        final Management m = cluster.management();
        if (m != null) {
            text.append(String.join("\n",
                "pekko.management.http {",
                "  hostname = " + quote(m.host()),
                "  port = " + m.port(),
                "  bind-hostname = " + quote(m.host()),
                "  bind-port = " + m.port(),
                "  route-providers-read-only = true",
                "  routes.cluster-management = \"\"",
                "}",
                ""));
        }
        if (cluster.discovery().bootstrap()) {
            final boolean kubernetes = cluster.discovery() == Discovery.KUBERNETES_API;
            text.append(String.join("\n",
                "pekko.management.cluster.bootstrap {",
                "  contact-point-discovery {",
                "    discovery-method = " + cluster.discovery().configName(),
                "    service-name = " + quote(cluster.serviceName()),
                "    required-contact-point-nr = " + cluster.requiredContactPoints(),
                // Kubernetes: the pods' container port named management. Config: the listed port; several nodes
                // on one host differ by port only, which the fallback-port filter would drop.
                kubernetes ? "    port-name = management" : "",
                "  }",
                kubernetes ? "" : "  contact-point.filter-on-fallback-port = off",
                "}",
                ""));
        }
        if (cluster.tls() != null) {
            text.append(cluster.tls().pekkoConfig());
        }
        final Config defaults = ConfigFactory.parseString("pekko.discovery.kubernetes-api.pod-label-selector = "
            + quote(POD_LABEL_SELECTOR));
        return ConfigFactory.parseString(text.toString())
            .withFallback(node(host, port, seedNodes, roles, pekko.withFallback(defaults).withFallback(fallback)))
            .resolve();
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
