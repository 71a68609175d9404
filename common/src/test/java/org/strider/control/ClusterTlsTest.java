package org.strider.control;

import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Artery over TLS with mutual authentication ({@code strider.cluster.tls}), with certificates made by keytool for the
 * test ({@link TestCertificates}): one CA issues {@code node-1} and {@code node-2}; another CA issues {@code rogue},
 * whose certificate carries the same names. Two JVMs on loopback form a cluster; a node with the rogue certificate
 * (trusting its own CA, or the cluster's) and a node without TLS stay out and leave the members as they were; bad
 * files fail when the settings are read, naming the key and the file.
 */
class ClusterTlsTest {
    /** How long the rogue and the plain node get to join (Pekko retries its seed node every few seconds). */
    private static final long KEPT_OUT_SECONDS = 8;

    @TempDir
    static Path certs;

    private static Path node1;
    private static Path node2;
    private static Path rogue;
    private static Path serverOnly;

    @TempDir
    Path dir;

    private final List<ActorSystem<?>> systems = new ArrayList<>();
    private Process other;

    @BeforeAll
    static void issue() throws Exception {
        final List<Path> dirs = TestCertificates.issue(certs, List.of(new TestCertificates.Node("node-1", "ca"),
            new TestCertificates.Node("node-2", "ca"), new TestCertificates.Node("rogue", "rogue-ca"),
            new TestCertificates.Node("server-only", "ca", "eku=serverAuth")));
        node1 = dirs.get(0);
        node2 = dirs.get(1);
        rogue = dirs.get(2);
        serverOnly = dirs.get(3);
    }

    @AfterEach
    void stop() throws InterruptedException {
        // This JVM's nodes first: node-1 leaves while node-2 is there to see it go (no unreachable wait).
        systems.forEach(ActorSystem::terminate);
        for (final ActorSystem<?> s : systems) {
            s.getWhenTerminated().toCompletableFuture().orTimeout(15, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
        if (other != null) {
            other.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String tls(final Path folder) {
        return "strider.cluster.tls { enabled = true, dir = \"" + folder.toString().replace("\\", "\\\\") + "\" }";
    }

    private static ClusterConfig.Settings read(final String text) {
        return ClusterConfig.Settings.read(ConfigFactory.parseString(text), "127.0.0.1");
    }

    private static String error(final String text) {
        return assertThrows(IllegalArgumentException.class, () -> read(text)).getMessage();
    }

    private Cluster start(final ClusterConfig.Settings settings, final List<String> seeds) {
        final ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), ClusterConfig.SYSTEM_NAME,
            ClusterConfig.node("127.0.0.1", 0, seeds, EnumSet.of(NodeRole.LEARNER), settings, ConfigFactory.empty(),
                ConfigFactory.load()));
        systems.add(system);
        return Cluster.get(system);
    }

    private static void await(final String what, final Object details, final long seconds,
        final BooleanSupplier done) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " within " + seconds + " s" + details);
            }
            if (details instanceof Output o && !o.process.isAlive()) {
                throw new AssertionError("node-2 ended before " + what + details);
            }
            Thread.sleep(100);
        }
    }

    /** The other JVM's output so far, read by a thread of its own. */
    private static final class Output {
        private final StringBuilder text = new StringBuilder();
        private final Process process;

        Output(final Process p) {
            process = p;
            final Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        synchronized (text) {
                            text.append(line).append('\n');
                        }
                    }
                } catch (final IOException e) {
                    // the process ended
                }
            }, "node-2 output");
            t.setDaemon(true);
            t.start();
        }

        /** The latest {@code MEMBERS} line's members, "" before any. */
        String members() {
            final String all = toString();
            final int at = all.lastIndexOf("\nMEMBERS ");
            return at < 0 ? "" : all.substring(at + "\nMEMBERS ".length(), all.indexOf('\n', at + 1));
        }

        @Override
        public String toString() {
            synchronized (text) {
                return "\n" + text;
            }
        }
    }

    private Process fork(final String settings, final Address seed) throws IOException {
        final List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xmx256m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
            TlsClusterNode.class.getName(), settings, seed.toString());
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    @Test
    void shouldFormAClusterOfTwoJvmsAndKeepOutOtherCertificatesAndPlainTcpWhenTlsIsMutual() throws Exception {
        final Cluster first = start(read(tls(node1)), List.of());
        final Address a = first.selfMember().address();
        first.manager().tell(Join.create(a));
        await("node-1 Up", "", 30, () -> first.selfMember().status() == MemberStatus.up());

        other = fork(tls(node2), a);
        final Output out = new Output(other);
        await("node-2 (its own JVM) started", out, 30, () -> out.toString().contains("\nSELF "));
        final String self = out.toString().substring(out.toString().indexOf("\nSELF ") + 6);
        final String b = self.substring(0, self.indexOf('\n'));
        await("both Up as node-1 sees them", out, 40, () -> TlsClusterNode.members(first).equals(
            String.join(",", Stream.of(a + "=Up", b + "=Up").sorted().toList())));
        final String both = TlsClusterNode.members(first);
        await("both Up as node-2 sees them", out, 20, () -> out.members().equals(both));

        // Same names in its certificate, another CA: neither side trusts the other.
        final Cluster rogueNode = start(read(tls(rogue)), List.of(a.toString()));
        // The rogue key and certificate, but trusting the cluster's CA (a config the checks would refuse, so built
        // directly): it accepts node-1's certificate, and only node-1 asking for its own keeps it out.
        final Path impostor = Files.createDirectories(dir.resolve("impostor"));
        Files.copy(rogue.resolve(ClusterTls.KEY), impostor.resolve(ClusterTls.KEY));
        Files.copy(rogue.resolve(ClusterTls.CERT), impostor.resolve(ClusterTls.CERT));
        Files.copy(node1.resolve(ClusterTls.CA_CERT), impostor.resolve(ClusterTls.CA_CERT));
        final Cluster impostorNode = start(ClusterConfig.Settings.seedNodes().withTls(
            ClusterTls.inDirectory(impostor)), List.of(a.toString()));
        // No TLS at all: plain TCP into a TLS port.
        final Cluster plainNode = start(ClusterConfig.Settings.seedNodes(), List.of(a.toString()));
        final long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(KEPT_OUT_SECONDS);
        while (System.nanoTime() < until) {
            for (final Cluster outsider : List.of(rogueNode, impostorNode, plainNode)) {
                assertFalse(TlsClusterNode.members(outsider).contains(a.toString()),
                    outsider.selfMember().address() + " got into the cluster: " + TlsClusterNode.members(outsider));
                assertFalse(outsider.selfMember().status() == MemberStatus.up(), outsider.selfMember().toString());
            }
            assertEquals(both, TlsClusterNode.members(first), "node-1's view changed");
            Thread.sleep(200);
        }
        assertTrue(first.state().getUnreachable().isEmpty(), first.state().toString());
        assertEquals(both, out.members(), "node-2's view changed" + out);
        assertTrue(other.isAlive(), "node-2 ended" + out);
    }

    @Test
    void shouldRunArteryOverTlsTcpWithThePemFilesWhenEnabled() {
        final ClusterConfig.Settings s = read(tls(node1) + "\nstrider.cluster.tls.reload-after = 90s");
        assertEquals(node1.resolve("tls.key").toAbsolutePath(), s.tls().keyFile());
        final Config c = ClusterConfig.node("127.0.0.1", 25520, List.of(), EnumSet.of(NodeRole.ACTOR), s,
            ConfigFactory.empty(), ConfigFactory.load());
        assertEquals("tls-tcp", c.getString("pekko.remote.artery.transport"));
        assertEquals(ClusterTls.ENGINE_PROVIDER, c.getString("pekko.remote.artery.ssl.ssl-engine-provider"));
        final Config engine = c.getConfig("pekko.remote.artery.ssl.rotating-keys-engine");
        assertEquals(node1.resolve("tls.key").toAbsolutePath().toString(), engine.getString("key-file"));
        assertEquals(node1.resolve("tls.crt").toAbsolutePath().toString(), engine.getString("cert-file"));
        assertEquals(node1.resolve("ca.crt").toAbsolutePath().toString(), engine.getString("ca-cert-file"));
        assertEquals("TLSv1.3", engine.getString("protocol"));
        assertEquals(List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256"),
            engine.getStringList("enabled-algorithms"));
        assertEquals(90, engine.getDuration("ssl-context-cache-ttl").toSeconds());
        assertTrue(s.tls().check().contains("CN=node-1"), s.tls().check());
        final Config plain = ClusterConfig.node("127.0.0.1", 25520, List.of(), EnumSet.of(NodeRole.ACTOR),
            read(""), ConfigFactory.empty(), ConfigFactory.load());
        assertNull(read("").tls(), "off by default");
        assertEquals("tcp", plain.getString("pekko.remote.artery.transport"));
    }

    @Test
    void shouldNameTheKeyAndTheFileWhenATlsFileIsMissingOrDoesNotFit() throws Exception {
        assertTrue(error("strider.cluster.tls.enabled = true").contains(
            "strider.cluster.tls.enabled = true needs strider.cluster.tls.dir"));
        final Path empty = Files.createDirectories(dir.resolve("empty"));
        assertTrue(error(tls(empty)).contains("strider.cluster.tls.ca-cert-file " + empty.resolve("ca.crt")
            + ": no such file"));

        final Path mixed = Files.createDirectories(dir.resolve("mixed"));
        for (final String f : List.of("tls.key", "tls.crt", "ca.crt")) {
            Files.copy(node1.resolve(f), mixed.resolve(f));
        }
        assertNull(read("").tls());
        assertTrue(read(tls(mixed)).tls() != null, "a copy of node-1's files is fine");
        final Path key = mixed.resolve("tls.key");
        final Path cert = mixed.resolve("tls.crt");
        final Path ca = mixed.resolve("ca.crt");

        Files.copy(node2.resolve("tls.key"), key, REPLACE_EXISTING);
        assertTrue(error(tls(mixed)).contains("strider.cluster.tls.key-file " + key + " is not the key of cert-file "
            + cert));
        Files.writeString(key, TestCertificates.pem("ENCRYPTED PRIVATE KEY", new byte[64]));
        assertTrue(error(tls(mixed)).contains("strider.cluster.tls.key-file " + key + ": not an unencrypted RSA "
            + "private key"), "an encrypted key: Pekko has no password to open it");
        Files.writeString(key, "not a key\n");
        assertTrue(error(tls(mixed)).contains("strider.cluster.tls.key-file " + key + ": not an unencrypted RSA "));
        Files.copy(node1.resolve("tls.key"), key, REPLACE_EXISTING);

        Files.copy(rogue.resolve("ca.crt"), ca, REPLACE_EXISTING);
        assertTrue(error(tls(mixed)).contains("strider.cluster.tls.cert-file " + cert + " (issuer CN=ca,O=Strider "
            + "test) is not signed by ca-cert-file " + ca + " (CN=rogue-ca,O=Strider test)"));
        Files.writeString(ca, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertTrue(error(tls(mixed)).contains("strider.cluster.tls.ca-cert-file " + ca + ": not a PEM X.509 "
            + "certificate"));
        Files.copy(node1.resolve("ca.crt"), ca, REPLACE_EXISTING);

        assertTrue(error(tls(mixed) + "\nstrider.cluster.tls.cert-file = \"" + dir.resolve("none.crt") + "\"")
            .contains("strider.cluster.tls.cert-file " + dir.resolve("none.crt") + ": no such file"));
        final String serverAuth = error(tls(serverOnly));
        assertTrue(serverAuth.contains("strider.cluster.tls.cert-file " + serverOnly.resolve("tls.crt")
            + " allows the extended key usages [1.3.6.1.5.5.7.3.1] but not both serverAuth"), serverAuth);
        assertTrue(error(tls(mixed) + "\nstrider.cluster.tls.protocol = TLSv1").contains(
            "strider.cluster.tls.protocol must be TLSv1.3 or TLSv1.2, got 'TLSv1'"));
        assertTrue(error(tls(mixed) + "\nstrider.cluster.tls.enabled-algorithms = "
            + "\"TLS_AES_128_GCM_SHA256, TLS_NULL_WITH_NULL_NULL\"").contains(
            "strider.cluster.tls.enabled-algorithms: [TLS_NULL_WITH_NULL_NULL] not supported with TLSv1.3"));
        assertTrue(error(tls(mixed) + "\nstrider.cluster.tls.enabled-algorithms = \" , \"").contains(
            "strider.cluster.tls.enabled-algorithms must name at least one cipher suite"));
        assertTrue(error(tls(mixed) + "\nstrider.cluster.tls.reload-after = 0s").contains(
            "strider.cluster.tls.reload-after must be positive"));
    }
}
