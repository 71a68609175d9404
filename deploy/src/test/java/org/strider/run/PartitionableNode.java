package org.strider.run;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.ExtensionId;
import org.apache.pekko.actor.ExtensionIdProvider;
import org.apache.pekko.remote.RemoteActorRefProvider;
import org.apache.pekko.remote.transport.ThrottlerTransportAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strider.cli.StriderCli;
import org.strider.control.ClusterConfig;
import scala.concurrent.Await;
import scala.concurrent.duration.FiniteDuration;

/**
 * Test-only main: {@code strider ARGS...} (the real node, through {@link StriderCli}) whose Pekko remoting can be cut
 * off from chosen peers while it runs, for the partition test. It turns on Artery's test mode
 * ({@code pekko.remote.artery.advanced.test-mode}) and loads {@link Commands} as a Pekko extension, which reads
 * commands from stdin, one a line:
 * <ul>
 *   <li>{@code blackhole HOST:PORT}: drop every Artery message to and from the node {@code pekko://strider@HOST:PORT}
 *       in this JVM (both directions, so the peer hears nothing either: a partition as seen from both sides);</li>
 *   <li>{@code heal HOST:PORT}: pass that peer's messages again.</li>
 * </ul>
 * Each command is answered with a log line {@code partition: blackhole HOST:PORT done (true)}. The data plane (Aeron)
 * is untouched. The process's exit code is the CLI's.
 */
public final class PartitionableNode {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionableNode.class);

    private PartitionableNode() {
    }

    public static void main(final String[] args) {
        // Read by ConfigFactory.load(), under the node's own keys (ClusterConfig.node), which set neither.
        System.setProperty("pekko.remote.artery.advanced.test-mode", "on");
        System.setProperty("pekko.extensions.0", Commands.class.getName());
        StriderCli.main(args);
    }

    /** The extension's id, created by Pekko through its no-argument constructor when the actor system starts. */
    public static final class Commands extends AbstractExtensionId<Reader> implements ExtensionIdProvider {
        @Override
        public ExtensionId<? extends Extension> lookup() {
            return this;
        }

        @Override
        public Reader createExtension(final ExtendedActorSystem system) {
            return new Reader(system);
        }
    }

    /** Reads stdin on a daemon thread and applies each command to the system's Artery transport. */
    public static final class Reader implements Extension {
        private final ExtendedActorSystem system;

        Reader(final ExtendedActorSystem system) {
            this.system = system;
            final Thread t = new Thread(this::readCommands, "partition-commands");
            t.setDaemon(true);
            t.start();
        }

        private void readCommands() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    final String[] words = line.trim().split("\\s+");
                    if (words.length != 2 || !(words[0].equals("blackhole") || words[0].equals("heal"))) {
                        LOG.warn("partition: ignoring '{}': expected 'blackhole HOST:PORT' or 'heal HOST:PORT'", line);
                        continue;
                    }
                    final int colon = words[1].lastIndexOf(':');
                    final Address peer = new Address("pekko", ClusterConfig.SYSTEM_NAME, words[1].substring(0, colon),
                        Integer.parseInt(words[1].substring(colon + 1)));
                    final ThrottlerTransportAdapter.ThrottleMode mode = words[0].equals("blackhole")
                        ? ThrottlerTransportAdapter.blackholeThrottleMode() : ThrottlerTransportAdapter.unthrottledThrottleMode();
                    final Object done = Await.result(((RemoteActorRefProvider) system.provider()).transport()
                        .managementCommand(new ThrottlerTransportAdapter.SetThrottle(peer,
                            ThrottlerTransportAdapter.bothDirection(), mode)),
                        FiniteDuration.create(10, TimeUnit.SECONDS));
                    LOG.info("partition: {} {} done ({})", words[0], words[1], done);
                }
            } catch (final Exception e) {
                LOG.error("partition: command reader failed", e);
            }
        }
    }
}
