package org.strider.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.strider.control.ClusterConfig;
import org.strider.control.NodeRole;

/**
 * A node's Pekko Management endpoint as the k8s manifests run it (Cluster Bootstrap over config discovery, listening
 * on one address): it answers the read-only probes and the bootstrap's seed-node listing, and nothing that changes
 * the cluster, even when a run config's {@code pekko.management} block asks for the cluster HTTP routes read-write.
 */
class ClusterManagementTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ActorSystem<Void> system;

    @AfterEach
    void stop() {
        if (system != null) {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().orTimeout(15, TimeUnit.SECONDS).exceptionally(e -> null)
                .join();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static int status(final int port, final String method, final String path)
        throws IOException, InterruptedException {
        final HttpRequest.BodyPublisher body = method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString("operation=Down");
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", "application/x-www-form-urlencoded").method(method, body)
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A non-loopback IPv4 address of this machine, or null. */
    private static InetAddress otherAddress() throws IOException {
        for (final NetworkInterface i : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (i.isUp() && !i.isLoopback()) {
                for (final InetAddress a : Collections.list(i.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        return a;
                    }
                }
            }
        }
        return null;
    }

    @Test
    void shouldAnswerNoMutatingRouteWhenManagementRunsForBootstrap() throws Exception {
        final int port = freePort();
        final ClusterConfig.Settings settings = ClusterConfig.Settings.read(ConfigFactory.parseString(
            "strider.cluster { discovery = config, service-name = management-test, management.port = " + port + " }"),
            "127.0.0.1");
        // What a run config could ask for: the cluster HTTP routes (members, leave, down), read-write.
        final String pekko = String.join("\n",
            "pekko.discovery.config.services.management-test.endpoints = [{host = \"127.0.0.1\", port = " + port + "}]",
            "pekko.management.http.route-providers-read-only = false",
            "pekko.management.http.routes.cluster-management = "
                + "\"org.apache.pekko.management.cluster.ClusterHttpManagementRouteProvider\"");
        system = ActorSystem.create(Behaviors.empty(), ClusterConfig.SYSTEM_NAME, ClusterConfig.node("127.0.0.1", 0,
            List.of(), EnumSet.of(NodeRole.REPLAY), settings, ConfigFactory.parseString(pekko), ConfigFactory.load()));
        ClusterManagement.startOrTerminate(system, settings);

        assertEquals(200, status(port, "GET", "/alive"));
        assertEquals(200, status(port, "GET", "/bootstrap/seed-nodes"));
        assertEquals(404, status(port, "GET", "/cluster/members"), "the cluster HTTP routes are off");
        final String self = URLEncoder.encode(Cluster.get(system).selfMember().address().toString(),
            StandardCharsets.UTF_8);
        final List<String> answered = new ArrayList<>();
        for (final String path : List.of("/", "/alive", "/ready", "/bootstrap/seed-nodes", "/cluster/members",
            "/cluster/members/" + self, "/cluster/leader", "/cluster/shards/replay", "/cluster/domain-events")) {
            for (final String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
                final int status = status(port, method, path);
                if (status != 404 && status != 405) {
                    answered.add(method + " " + path + " -> " + status);
                }
            }
        }
        assertEquals(List.of(), answered, "a mutating request got through");

        // Bound to the management host only (127.0.0.1 here, the pod IP in k8s/): not on this machine's other address.
        final InetAddress other = otherAddress();
        if (other != null) {
            assertThrows(IOException.class, () -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(other, port), 2000);
                }
            }, "management answered on " + other.getHostAddress());
        }
    }
}
