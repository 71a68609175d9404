package org.strider.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A learner's status as annotations on its own pod, one JSON merge patch per {@link #publish} (the Role in
 * k8s/base grants {@code patch} on pods): other annotations and the rest of the pod stay as they are. Failures are
 * logged, a warning when publishing starts failing and a line when it works again, and never thrown.
 */
public final class PodAnnotations implements RunAnnotations {
    private static final Logger LOG = LoggerFactory.getLogger(PodAnnotations.class);

    private final KubernetesClient client;
    private final String namespace;
    private final String pod;
    private final boolean closeClient;
    private boolean failing;

    /** Annotates {@code namespace/pod} through {@code client}; closes the client on {@link #close()} if asked. */
    public PodAnnotations(final KubernetesClient client, final String namespace, final String pod,
        final boolean closeClient) {
        this.client = client;
        this.namespace = namespace;
        this.pod = pod;
        this.closeClient = closeClient;
    }

    @Override
    public synchronized boolean publish(final LearnerStatus status) {
        final String patch = Serialization.asJson(Map.of("metadata", Map.of("annotations", status.annotations())));
        try {
            client.pods().inNamespace(namespace).withName(pod).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
            if (failing) {
                LOG.info("annotating pod {}/{} works again", namespace, pod);
                failing = false;
            }
            return true;
        } catch (final RuntimeException e) { // KubernetesClientException mostly; none may stop the publishing task
            if (!failing) {
                LOG.warn("cannot annotate pod {}/{} with the run's status (the run goes on; `strider sweep status` "
                    + "will not see it): {}", namespace, pod, e.getMessage());
                failing = true;
            } else {
                LOG.debug("cannot annotate pod {}/{}: {}", namespace, pod, e.getMessage());
            }
            return false;
        }
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public void close() {
        if (closeClient) {
            client.close();
        }
    }
}
