package org.strider.control;

import com.typesafe.config.Config;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.apache.pekko.pki.pem.DERPrivateKeyLoader;
import org.apache.pekko.pki.pem.PEMDecoder;

/**
 * Artery over TLS with mutual authentication for the control plane: the {@code strider.cluster.tls} block. With it
 * the node's Pekko transport is {@code tls-tcp} through Pekko's {@code RotatingKeysSSLEngineProvider}, which reads
 * three PEM files, the names a {@code kubernetes.io/tls} Secret (cert-manager's) mounts: {@code tls.key} (the node's
 * RSA private key, PKCS#1 or unencrypted PKCS#8), {@code tls.crt} (its certificate, issued by the CA itself, not an
 * intermediate) and {@code ca.crt} (the CA, the only one trusted). Both ends of every connection present a
 * certificate; the provider also refuses a peer that shares no subject name (CN or DNS SAN) with this node's
 * certificate, so every node of a cluster carries one common name. It re-reads the files every
 * {@code reload-after}, so a renewed Secret is picked up without a restart.
 *
 * <p>Pekko reads the files only when the first connection opens; {@link #read} checks them first (readable, parsed as
 * Pekko parses them, the key matching the certificate, the certificate issued by the CA, valid now and, if it limits
 * its use, good for both TLS server and client) so that a bad mount fails the node before it starts, naming the key
 * and the file.
 *
 * @param keyFile           PEM private key ({@code key-file}, default {@code dir/tls.key})
 * @param certFile          PEM certificate of that key ({@code cert-file}, default {@code dir/tls.crt})
 * @param caCertFile        PEM certificate of the CA that issued it ({@code ca-cert-file}, default {@code dir/ca.crt})
 * @param protocol          TLSv1.3 or TLSv1.2
 * @param enabledAlgorithms the cipher suites offered and accepted ({@code enabled-algorithms}, comma-separated)
 * @param reloadAfter       how long a loaded key and certificate are used before the files are read again
 */
public record ClusterTls(Path keyFile, Path certFile, Path caCertFile, String protocol,
    List<String> enabledAlgorithms, Duration reloadAfter) {
    /** The block. */
    public static final String PATH = ClusterConfig.PATH + ".tls";
    /** File names in {@code dir}, as a {@code kubernetes.io/tls} Secret (cert-manager's) mounts them. */
    public static final String KEY = "tls.key";
    public static final String CERT = "tls.crt";
    public static final String CA_CERT = "ca.crt";
    /** Pekko's provider of TLS engines that reads PEM files and re-reads them after a while. */
    static final String ENGINE_PROVIDER = "org.apache.pekko.remote.artery.tcp.ssl.RotatingKeysSSLEngineProvider";

    private static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");
    /** Extended key usage OIDs (RFC 5280 4.2.1.12). */
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_USAGE = "2.5.29.37.0";

    public ClusterTls {
        keyFile = keyFile.toAbsolutePath().normalize();
        certFile = certFile.toAbsolutePath().normalize();
        caCertFile = caCertFile.toAbsolutePath().normalize();
        enabledAlgorithms = List.copyOf(enabledAlgorithms);
        if (!PROTOCOLS.contains(protocol)) {
            throw new IllegalArgumentException(PATH + ".protocol must be TLSv1.3 or TLSv1.2, got '" + protocol + "'");
        }
        if (enabledAlgorithms.isEmpty()) {
            throw new IllegalArgumentException(PATH + ".enabled-algorithms must name at least one cipher suite");
        }
        if (reloadAfter.isNegative() || reloadAfter.isZero()) {
            throw new IllegalArgumentException(PATH + ".reload-after must be positive, got " + reloadAfter);
        }
    }

    /** The files {@code tls.key}, {@code tls.crt} and {@code ca.crt} in {@code dir}, TLSv1.3, reloaded every 5 min. */
    public static ClusterTls inDirectory(final Path dir) {
        return new ClusterTls(dir.resolve(KEY), dir.resolve(CERT), dir.resolve(CA_CERT), "TLSv1.3",
            List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256"), Duration.ofMinutes(5));
    }

    /**
     * The {@code tls} block of {@code cluster} (the {@code strider.cluster} block, reference defaults included),
     * checked with {@link #check()}; null when {@code enabled} is false.
     *
     * @throws IllegalArgumentException naming the key (and the file) for a missing or bad setting or file
     */
    public static ClusterTls read(final Config cluster) {
        final Config c = cluster.getConfig("tls");
        if (!c.getBoolean("enabled")) {
            return null;
        }
        final String dir = c.getString("dir").trim();
        final ClusterTls tls = new ClusterTls(file(c, "key-file", dir, KEY), file(c, "cert-file", dir, CERT),
            file(c, "ca-cert-file", dir, CA_CERT), c.getString("protocol").trim(),
            Arrays.stream(c.getString("enabled-algorithms").split(",")).map(String::trim).filter(a -> !a.isEmpty())
                .toList(), c.getDuration("reload-after"));
        tls.check();
        return tls;
    }

    private static Path file(final Config c, final String key, final String dir, final String name) {
        final String set = c.getString(key).trim();
        if (!set.isEmpty()) {
            return Path.of(set);
        }
        if (dir.isEmpty()) {
            throw new IllegalArgumentException(PATH + ".enabled = true needs " + PATH + ".dir (the folder of " + KEY
                + ", " + CERT + " and " + CA_CERT + "; --tls-dir) or " + PATH + "." + key);
        }
        return Path.of(dir, name);
    }

    /**
     * Reads the three files as Pekko will and checks that they make a usable identity.
     *
     * @return a line for the log: the certificate's subject, its issuer and how long it stays valid
     * @throws IllegalArgumentException naming the key and file that is missing, unreadable, malformed, or does not
     *                                  fit the others
     */
    public String check() {
        final X509Certificate ca = certificate("ca-cert-file", caCertFile);
        final X509Certificate cert = certificate("cert-file", certFile);
        final PrivateKey key = privateKey();
        if (!matches(key, cert)) {
            throw new IllegalArgumentException(PATH + ".key-file " + keyFile + " is not the key of cert-file "
                + certFile + " (" + cert.getSubjectX500Principal().getName() + ")");
        }
        try {
            cert.verify(ca.getPublicKey());
        } catch (final GeneralSecurityException e) {
            throw new IllegalArgumentException(PATH + ".cert-file " + certFile + " (issuer "
                + cert.getIssuerX500Principal().getName() + ") is not signed by ca-cert-file " + caCertFile + " ("
                + ca.getSubjectX500Principal().getName() + "); the node certificate must be issued by that CA "
                + "directly", e);
        }
        extendedKeyUsage(cert);
        valid("cert-file", certFile, cert);
        valid("ca-cert-file", caCertFile, ca);
        final Set<String> supported;
        try {
            final SSLContext context = SSLContext.getInstance(protocol);
            context.init(null, null, null);
            supported = Set.of(context.getSupportedSSLParameters().getCipherSuites());
        } catch (final GeneralSecurityException e) {
            throw new IllegalArgumentException(PATH + ".protocol " + protocol + " is not available in this JVM", e);
        }
        final List<String> unknown = enabledAlgorithms.stream().filter(a -> !supported.contains(a)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(PATH + ".enabled-algorithms: " + unknown + " not supported with "
                + protocol + " by this JVM");
        }
        return protocol + ", mutual authentication, certificate " + cert.getSubjectX500Principal().getName()
            + " issued by " + ca.getSubjectX500Principal().getName() + ", valid until " + cert.getNotAfter()
            .toInstant();
    }

    /** The {@code pekko.remote.artery} keys of this setting: {@code tls-tcp} through the PEM engine provider. */
    String pekkoConfig() {
        final String engine = "pekko.remote.artery.ssl.rotating-keys-engine.";
        return String.join("\n",
            "pekko.remote.artery.transport = tls-tcp",
            "pekko.remote.artery.ssl.ssl-engine-provider = " + quote(ENGINE_PROVIDER),
            engine + "key-file = " + quote(keyFile.toString()),
            engine + "cert-file = " + quote(certFile.toString()),
            engine + "ca-cert-file = " + quote(caCertFile.toString()),
            engine + "protocol = " + quote(protocol),
            engine + "enabled-algorithms = [" + enabledAlgorithms.stream().map(ClusterTls::quote)
                .collect(Collectors.joining(", ")) + "]",
            engine + "ssl-context-cache-ttl = " + reloadAfter.toMillis() + "ms",
            "");
    }

    private static X509Certificate certificate(final String key, final Path file) {
        final byte[] bytes = bytes(key, file);
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(bytes));
        } catch (final CertificateException | ClassCastException e) {
            throw new IllegalArgumentException(PATH + "." + key + " " + file + ": not a PEM X.509 certificate ("
                + e.getMessage() + ")", e);
        }
    }

    private PrivateKey privateKey() {
        final String pem = new String(bytes("key-file", keyFile), StandardCharsets.US_ASCII);
        try {
            return DERPrivateKeyLoader.load(PEMDecoder.decode(pem));
        } catch (final RuntimeException e) {
            // PEMLoadingException, or what the ASN.1 reader throws on a damaged key.
            throw new IllegalArgumentException(PATH + ".key-file " + keyFile + ": not an unencrypted RSA private key "
                + "in PEM (PKCS#1 'RSA PRIVATE KEY' or PKCS#8 'PRIVATE KEY', the forms Pekko reads): "
                + e.getMessage(), e);
        }
    }

    private static byte[] bytes(final String key, final Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (final NoSuchFileException e) {
            throw new IllegalArgumentException(PATH + "." + key + " " + file + ": no such file", e);
        } catch (final AccessDeniedException e) {
            throw new IllegalArgumentException(PATH + "." + key + " " + file + ": not readable", e);
        } catch (final IOException e) {
            throw new IllegalArgumentException(PATH + "." + key + " " + file + ": " + e, e);
        }
    }

    /** Whether {@code key} signs what the certificate's public key verifies. */
    private static boolean matches(final PrivateKey key, final X509Certificate cert) {
        final byte[] probe = "strider cluster tls".getBytes(StandardCharsets.US_ASCII);
        try {
            final Signature sign = Signature.getInstance("SHA256withRSA");
            sign.initSign(key);
            sign.update(probe);
            final byte[] signature = sign.sign();
            final Signature verify = Signature.getInstance("SHA256withRSA");
            verify.initVerify(cert.getPublicKey());
            verify.update(probe);
            return verify.verify(signature);
        } catch (final GeneralSecurityException e) {
            return false;
        }
    }

    /** A node is the TLS server of the connections it accepts and the client of those it opens: it needs both. */
    private void extendedKeyUsage(final X509Certificate cert) {
        final List<String> usage;
        try {
            usage = cert.getExtendedKeyUsage();
        } catch (final CertificateParsingException e) {
            throw new IllegalArgumentException(PATH + ".cert-file " + certFile + ": unreadable extended key usage", e);
        }
        if (usage != null && !usage.contains(ANY_USAGE) && !(usage.contains(SERVER_AUTH)
            && usage.contains(CLIENT_AUTH))) {
            throw new IllegalArgumentException(PATH + ".cert-file " + certFile + " allows the extended key usages "
                + usage + " but not both serverAuth (" + SERVER_AUTH + ") and clientAuth (" + CLIENT_AUTH + "): every "
                + "node accepts connections and opens them, so its certificate needs both (or no such extension)");
        }
    }

    private static void valid(final String key, final Path file, final X509Certificate cert) {
        try {
            cert.checkValidity();
        } catch (final CertificateExpiredException e) {
            throw new IllegalArgumentException(PATH + "." + key + " " + file + " expired on "
                + cert.getNotAfter().toInstant(), e);
        } catch (final CertificateNotYetValidException e) {
            throw new IllegalArgumentException(PATH + "." + key + " " + file + " is not valid before "
                + cert.getNotBefore().toInstant(), e);
        }
    }

    private static String quote(final String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
