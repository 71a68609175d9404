package org.strider.cluster;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strider.control.ClusterConfig;

/**
 * Starts what a node's {@code strider.cluster} settings ask for, on an actor system made with
 * {@link ClusterConfig#node(String, int, java.util.List, java.util.Set, ClusterConfig.Settings,
 * com.typesafe.config.Config, com.typesafe.config.Config)}: Pekko Management's HTTP server (bound to the
 * management host only; {@code /alive} while the system runs, {@code /ready} once this node is Up in the cluster,
 * and with bootstrap {@code /bootstrap/seed-nodes}; all GET, the cluster HTTP routes off), then Pekko Cluster
 * Bootstrap, which finds the contact points through discovery and joins (or, lowest address first, forms) the
 * cluster.
 *
 * <pre>{@code
 * ActorSystem<Void> system = ActorSystem.create(behavior, ClusterConfig.SYSTEM_NAME, config);
 * ClusterManagement.startOrTerminate(system, settings);   // throws if management cannot bind
 * }</pre>
 */
public final class ClusterManagement {
    /** How long management may take to bind before the node gives up. */
    static final long BIND_TIMEOUT_SECONDS = 30;

    private static final Logger LOG = LoggerFactory.getLogger(ClusterManagement.class);

    private ClusterManagement() {
    }

    /**
     * Starts management (waiting until it is bound) and bootstrap as {@code settings} ask; nothing for seed nodes
     * without management. If management cannot start, terminates {@code system} and throws.
     *
     * @throws IllegalStateException naming the address when management does not bind
     */
    public static void startOrTerminate(final ActorSystem<?> system, final ClusterConfig.Settings settings) {
        try {
            start(system, settings);
        } catch (final RuntimeException e) {
            system.terminate();
            throw e;
        }
    }

    private static void start(final ActorSystem<?> system, final ClusterConfig.Settings settings) {
        final ClusterConfig.Management m = settings.management();
        if (m == null) {
            return;
        }
        final String where = m.host() + ":" + m.port();
        try {
            final String uri = PekkoManagement.get(system).start().toCompletableFuture()
                .get(BIND_TIMEOUT_SECONDS, TimeUnit.SECONDS).toString();
            LOG.info("Pekko Management on {} (/alive, /ready)", uri);
        } catch (final ExecutionException e) {
            throw new IllegalStateException("Pekko Management could not bind " + where + " (--management, "
                + ClusterConfig.PATH + ".management): " + e.getCause().getMessage(), e.getCause());
        } catch (final TimeoutException e) {
            throw new IllegalStateException("Pekko Management did not bind " + where + " within "
                + BIND_TIMEOUT_SECONDS + " s", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while Pekko Management was binding " + where, e);
        }
        if (settings.discovery().bootstrap()) {
            ClusterBootstrap.get(system).start();
            LOG.info("Cluster Bootstrap: {} discovery of service {}, {} contact point(s) required",
                settings.discovery().configName(), settings.serviceName(), settings.requiredContactPoints());
        }
    }
}
