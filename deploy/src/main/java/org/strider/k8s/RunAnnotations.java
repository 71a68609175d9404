package org.strider.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Map;
import java.util.function.Supplier;
import org.strider.control.ClusterConfig;

/**
 * Where a learner publishes its {@link LearnerStatus} for {@code strider sweep status}: its own pod's annotations
 * ({@link PodAnnotations}) when it runs in a Kubernetes pod, else nowhere ({@link #none()}). Publishing never throws
 * and never stops the run: a failure is logged and reported as {@code false}.
 *
 * <pre>{@code
 * try (RunAnnotations a = RunAnnotations.forPod(System.getenv(), settings)) {
 *     every settings.podAnnotationsEvery() seconds: a.publish(monitor.status(StriderLabels.STATE_RUNNING));
 *     ... the run ...
 *     a.publish(monitor.status(StriderLabels.STATE_FINISHED));
 * }
 * }</pre>
 */
public interface RunAnnotations extends AutoCloseable {
    /** The pod's name (the Downward API's metadata.name, as k8s/base sets it). */
    String POD_NAME = "POD_NAME";
    /** The pod's namespace (metadata.namespace). */
    String POD_NAMESPACE = "POD_NAMESPACE";

    /** Publishes {@code status}; false (and logged) if it could not. */
    boolean publish(LearnerStatus status);

    /** Whether publishing goes anywhere. */
    boolean enabled();

    @Override
    void close();

    /** Publishes nothing. */
    static RunAnnotations none() {
        return new RunAnnotations() {
            @Override
            public boolean publish(final LearnerStatus status) {
                return false;
            }

            @Override
            public boolean enabled() {
                return false;
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * The pod's annotations when the node runs on Kubernetes: {@code strider.cluster.discovery = kubernetes-api},
     * {@link #POD_NAME} and {@link #POD_NAMESPACE} set in {@code env}, and {@code pod-annotations-every} above 0;
     * else {@link #none()}. {@code client} is called only then.
     */
    static RunAnnotations forPod(final Map<String, String> env, final ClusterConfig.Settings settings,
        final Supplier<KubernetesClient> client) {
        final String pod = env.get(POD_NAME);
        final String namespace = env.get(POD_NAMESPACE);
        if (settings.discovery() != ClusterConfig.Discovery.KUBERNETES_API || settings.podAnnotationsEvery() == 0
            || pod == null || pod.isBlank() || namespace == null || namespace.isBlank()) {
            return none();
        }
        return new PodAnnotations(client.get(), namespace, pod, true);
    }

    /** {@link #forPod(Map, ClusterConfig.Settings, Supplier)} with fabric8's in-cluster client (service account). */
    static RunAnnotations forPod(final Map<String, String> env, final ClusterConfig.Settings settings) {
        return forPod(env, settings, () -> new KubernetesClientBuilder().build());
    }
}
