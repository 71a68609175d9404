package org.strider.control;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * A cluster node in a JVM of its own for {@link ClusterTlsTest}: an actor system built by {@link ClusterConfig} from a
 * {@code strider.cluster} block given as HOCON, joining the seed node given. It prints {@code SELF ADDRESS}, then a
 * {@code MEMBERS ADDRESS=STATUS,...} line whenever the membership it sees changes, and stops when its standard input
 * closes.
 *
 * <pre>{@code
 * java -cp ... org.strider.control.TlsClusterNode 'strider.cluster.tls { ... }' pekko://strider@127.0.0.1:PORT
 * }</pre>
 */
public final class TlsClusterNode {
    private TlsClusterNode() {
    }

    public static void main(final String[] args) throws Exception {
        final ClusterConfig.Settings settings = ClusterConfig.Settings.read(ConfigFactory.parseString(args[0]),
            "127.0.0.1");
        final ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), ClusterConfig.SYSTEM_NAME,
            ClusterConfig.node("127.0.0.1", 0, List.of(args[1]), EnumSet.of(NodeRole.REPLAY), settings,
                ConfigFactory.empty(), ConfigFactory.load()));
        final Cluster cluster = Cluster.get(system);
        System.out.println("SELF " + cluster.selfMember().address());
        final Thread stdin = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // until the test closes it
                }
            } catch (final IOException e) {
                // closed
            }
            system.terminate();
        }, "stdin");
        stdin.setDaemon(true);
        stdin.start();
        String last = "";
        while (!system.whenTerminated().isCompleted()) {
            final String members = members(cluster);
            if (!members.equals(last)) {
                System.out.println("MEMBERS " + members);
                last = members;
            }
            Thread.sleep(100);
        }
    }

    /** {@code ADDRESS=STATUS} of each member, sorted, comma-separated. */
    static String members(final Cluster cluster) {
        return StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
            .map(m -> m.address() + "=" + m.status()).sorted().collect(Collectors.joining(","));
    }
}
