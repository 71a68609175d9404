package org.strider.k8s;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * Finds a run's actor Deployment (labels {@link StriderLabels#RUN}=RUN and component actor) and patches its
 * replica count. Actors that join are admitted by the coordinator mid-run; actors that leave are removed.
 */
public final class ActorScaler {
    private final KubernetesClient client;

    public ActorScaler(final KubernetesClient client) {
        this.client = client;
    }

    /** The run's actor Deployment; an {@link IllegalStateException} saying what was found if not exactly one. */
    public Deployment find(final String namespace, final String run) {
        final List<Deployment> found = client.apps().deployments().inNamespace(namespace)
            .withLabel(StriderLabels.RUN, run).withLabel(StriderLabels.COMPONENT, StriderLabels.ACTOR).list()
            .getItems();
        if (found.size() != 1) {
            throw new IllegalStateException((found.isEmpty() ? "no" : found.size()) + " actor Deployments with labels "
                + StriderLabels.RUN + "=" + run + "," + StriderLabels.COMPONENT + "=" + StriderLabels.ACTOR
                + " in namespace " + namespace + (found.isEmpty() ? " (is the run's name right?)" : ""));
        }
        return found.get(0);
    }

    /** The HorizontalPodAutoscaler that manages {@code deployment}, or null. */
    public HorizontalPodAutoscaler autoscaler(final Deployment deployment) {
        return client.autoscaling().v2().horizontalPodAutoscalers()
            .inNamespace(deployment.getMetadata().getNamespace()).list().getItems().stream()
            .filter(h -> "Deployment".equals(h.getSpec().getScaleTargetRef().getKind())
                && deployment.getMetadata().getName().equals(h.getSpec().getScaleTargetRef().getName()))
            .findFirst().orElse(null);
    }

    /** Patches {@code spec.replicas} to {@code actors}; returns the Deployment as the API server has it after. */
    public Deployment scale(final Deployment deployment, final int actors) {
        return client.apps().deployments().inNamespace(deployment.getMetadata().getNamespace())
            .withName(deployment.getMetadata().getName())
            .edit(d -> new DeploymentBuilder(d).editSpec().withReplicas(actors).endSpec().build());
    }
}
