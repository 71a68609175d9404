package org.strider.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Which Kubernetes API and namespace: shared by {@code strider sweep} and {@code strider scale}. */
final class KubeOptions {
    @Option(names = "--kubeconfig", paramLabel = "FILE",
        description = "Kubeconfig to use (default: $KUBECONFIG, ~/.kube/config, or the pod's service account).")
    Path kubeconfig;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS",
        description = "Namespace (default: the sweep spec's, else the kubeconfig context's, else default).")
    String namespace;

    KubernetesClient client(final CommandSpec spec) {
        if (kubeconfig == null) {
            return new KubernetesClientBuilder().build();
        }
        if (!Files.isRegularFile(kubeconfig)) {
            throw new ParameterException(spec.commandLine(), "--kubeconfig " + kubeconfig + ": no such file");
        }
        final File file = kubeconfig.toFile();
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(file)).build();
    }

    /** {@code --namespace}, else {@code fallback} (the spec's), else the client's, else {@code default}. */
    String namespace(final KubernetesClient client, final String fallback) {
        if (namespace != null) {
            return namespace;
        }
        if (fallback != null) {
            return fallback;
        }
        return client.getNamespace() != null ? client.getNamespace() : "default";
    }
}
