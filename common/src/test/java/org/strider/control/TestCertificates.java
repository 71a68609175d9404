package org.strider.control;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Test certificates made with the JDK's {@code keytool} when a test runs (no private key is committed): two CAs and
 * node identities issued by them, each written as the three PEM files a {@code kubernetes.io/tls} Secret mounts
 * ({@code tls.key} PKCS#8, {@code tls.crt}, {@code ca.crt}) into a folder of its own. RSA 2048, valid two days, every
 * node certificate with the DNS name {@link #CLUSTER_NAME} (the subject name the nodes of a cluster share).
 *
 * <pre>{@code
 * List<Path> dirs = TestCertificates.issue(tempDir, List.of(new Node("node-1", "ca"), new Node("rogue", "other-ca")));
 * }</pre>
 */
final class TestCertificates {
    /** The DNS subject alternative name every node certificate carries. */
    static final String CLUSTER_NAME = "strider-cluster";

    private static final String PASSWORD = "test-only";
    private static final long KEYTOOL_SECONDS = 60;

    /**
     * A node identity to issue: its folder name, the alias of the CA that signs it, and a further keytool
     * {@code -ext} of its certificate (null: none).
     */
    record Node(String name, String ca, String ext) {
        Node(final String name, final String ca) {
            this(name, ca, null);
        }
    }

    private TestCertificates() {
    }

    /**
     * Makes a CA for each distinct {@link Node#ca()} and, for each node, {@code dir/NAME/{tls.key, tls.crt,
     * ca.crt}} (ca.crt: its own CA). keytool runs as separate processes, several at a time.
     *
     * @return the nodes' folders, in order
     */
    static List<Path> issue(final Path dir, final List<Node> nodes) throws Exception {
        final Path work = Files.createDirectories(dir.resolve("keytool"));
        final List<String> cas = nodes.stream().map(Node::ca).distinct().toList();
        final ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            final List<String[]> keys = new ArrayList<>();
            for (final String ca : cas) {
                keys.add(new String[] {"-genkeypair", "-alias", ca, "-keyalg", "RSA", "-keysize", "2048", "-dname",
                    "CN=" + ca + ",O=Strider test", "-ext", "bc:c", "-validity", "2", "-keystore",
                    store(work, ca)});
            }
            for (final Node n : nodes) {
                keys.add(new String[] {"-genkeypair", "-alias", n.name(), "-keyalg", "RSA", "-keysize", "2048",
                    "-dname", "CN=" + n.name() + ",O=Strider test", "-validity", "2", "-keystore",
                    store(work, n.name())});
            }
            all(pool, keys);
            all(pool, nodes.stream().map(n -> new String[] {"-certreq", "-alias", n.name(), "-keystore",
                store(work, n.name()), "-file", work.resolve(n.name() + ".csr").toString()}).toList());
            all(pool, nodes.stream().map(n -> {
                final List<String> args = new ArrayList<>(List.of("-gencert", "-alias", n.ca(), "-keystore",
                    store(work, n.ca()), "-infile", work.resolve(n.name() + ".csr").toString(), "-outfile",
                    work.resolve(n.name() + ".crt").toString(), "-rfc", "-validity", "2", "-ext",
                    "san=dns:" + CLUSTER_NAME + ",dns:" + n.name()));
                if (n.ext() != null) {
                    args.addAll(List.of("-ext", n.ext()));
                }
                return args.toArray(String[]::new);
            }).toList());
        } finally {
            pool.shutdownNow();
        }
        final List<Path> folders = new ArrayList<>();
        for (final Node n : nodes) {
            final Path folder = Files.createDirectories(dir.resolve(n.name()));
            final KeyStore node = load(work, n.name());
            Files.writeString(folder.resolve(ClusterTls.KEY), pem("PRIVATE KEY",
                node.getKey(n.name(), PASSWORD.toCharArray()).getEncoded()));
            Files.copy(work.resolve(n.name() + ".crt"), folder.resolve(ClusterTls.CERT));
            final Certificate ca = load(work, n.ca()).getCertificate(n.ca());
            Files.writeString(folder.resolve(ClusterTls.CA_CERT), pem("CERTIFICATE", ca.getEncoded()));
            folders.add(folder);
        }
        return folders;
    }

    private static String store(final Path work, final String alias) {
        return work.resolve(alias + ".p12").toString();
    }

    private static KeyStore load(final Path work, final String alias) throws IOException, GeneralSecurityException {
        final KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(work.resolve(alias + ".p12"))) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks;
    }

    static String pem(final String label, final byte[] der) {
        return "-----BEGIN " + label + "-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
            + "\n-----END " + label + "-----\n";
    }

    private static void all(final ExecutorService pool, final List<String[]> commands) throws Exception {
        final List<Future<?>> running = new ArrayList<>();
        for (final String[] c : commands) {
            running.add(pool.submit(() -> {
                keytool(c);
                return null;
            }));
        }
        for (final Future<?> f : running) {
            f.get();
        }
    }

    private static void keytool(final String... args) throws IOException, InterruptedException {
        final List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
            .toString(), "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-J-Xshare:auto"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD, "-noprompt"));
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(KEYTOOL_SECONDS, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("keytool " + String.join(" ", args) + " failed:\n" + out);
        }
    }
}
