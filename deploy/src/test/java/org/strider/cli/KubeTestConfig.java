package org.strider.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A kubeconfig file that points the CLI at fabric8's mock API server. */
final class KubeTestConfig {
    private KubeTestConfig() {
    }

    /** Sets fabric8's mock web server's logger to WARNING; hold the returned logger (JUL keeps weak references). */
    static java.util.logging.Logger quietMockServer() {
        final java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
        log.setLevel(java.util.logging.Level.WARNING);
        return log;
    }

    static Path write(final Path dir, final KubernetesClient client, final String namespace) throws IOException {
        final Path file = dir.resolve("kubeconfig-" + namespace);
        Files.writeString(file, String.join("\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: mock",
            "  cluster: {server: '" + client.getConfiguration().getMasterUrl() + "', insecure-skip-tls-verify: true}",
            "users:",
            "- name: mock",
            "  user: {token: test}",
            "contexts:",
            "- name: mock",
            "  context: {cluster: mock, user: mock, namespace: " + namespace + "}",
            "current-context: mock",
            ""));
        return file;
    }
}
