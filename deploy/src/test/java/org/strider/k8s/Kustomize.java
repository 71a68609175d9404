package org.strider.k8s;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Renders the repository's k8s/ folders with {@code kubectl kustomize} for tests. */
public final class Kustomize {
    /** Renders by path: each overlay is rendered once per test JVM (kubectl takes about a second). */
    private static final java.util.Map<String, String> RENDERED = new java.util.concurrent.ConcurrentHashMap<>();

    private Kustomize() {
    }

    /** The repository's k8s/ folder (tests run in deploy/). */
    static Path k8s() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("k8s/base"))) {
                return p.resolve("k8s");
            }
        }
        throw new IllegalStateException("no k8s/base above " + Path.of("").toAbsolutePath());
    }

    /**
     * {@code kubectl kustomize k8s/PATH} as text. Skips the test (with the reason) only when kubectl is not installed:
     * Kustomize is a Go program with no Java port, and kubectl (v1.14+) embeds it.
     */
    public static String render(final String path) throws IOException, InterruptedException {
        final String cached = RENDERED.get(path);
        if (cached != null) {
            return cached;
        }
        final Process p;
        try {
            p = new ProcessBuilder("kubectl", "kustomize", k8s().resolve(path).toString()).redirectErrorStream(true)
                .start();
        } catch (final IOException e) {
            assumeTrue(false, "kubectl is not installed (needed to render Kustomize overlays): " + e.getMessage());
            throw e;
        }
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("kubectl kustomize " + path + " failed:\n" + out);
        }
        RENDERED.put(path, out);
        return out;
    }

    /** The rendered objects, parsed with fabric8's model. */
    public static List<HasMetadata> objects(final String path) throws IOException, InterruptedException {
        final List<HasMetadata> objects = new ArrayList<>();
        for (final String doc : render(path).split("(?m)^---\\s*$")) {
            if (!doc.isBlank()) {
                objects.add(Serialization.unmarshal(doc, HasMetadata.class));
            }
        }
        return objects;
    }
}
