package org.strider.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strider.cli.StriderCliTest.Result;
import org.strider.k8s.StriderLabels;

/**
 * {@code strider scale} against fabric8's mock API server in CRUD mode: a real API server (and the etcd and
 * kubelet behind it) cannot run on the machines that run these tests; the mock stores what the client sends.
 */
@EnableKubernetesMockClient(crud = true)
class ScaleCommandTest {
    static KubernetesClient client;
    static final java.util.logging.Logger MOCK_LOG = KubeTestConfig.quietMockServer();

    @TempDir
    Path dir;

    @Test
    void shouldPatchTheActorReplicasWhenScaled() throws Exception {
        actors("scale-a", "strider", 2);
        actors("scale-a", "other", 7);
        final Path kubeconfig = KubeTestConfig.write(dir, client, "scale-a");
        final Result r = StriderCliTest.run("scale", "strider", "--actors", "5", "--kubeconfig", kubeconfig.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("scaled deployment scale-a/actor from 2 to 5 actors"), r::toString);
        assertEquals(5, deployment("scale-a", "actor").getSpec().getReplicas());
        assertEquals(7, deployment("scale-a", "actor-other").getSpec().getReplicas(), "another run's actors untouched");
    }

    @Test
    void shouldChangeNothingWhenDryRun() throws Exception {
        actors("scale-b", "strider", 3);
        final Result r = StriderCliTest.run("scale", "strider", "--actors", "9", "--dry-run", "-n", "scale-b",
            "--kubeconfig", KubeTestConfig.write(dir, client, "default").toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("would scale deployment scale-b/actor from 3 to 9"), r::toString);
        assertEquals(3, deployment("scale-b", "actor").getSpec().getReplicas());
    }

    @Test
    void shouldWarnWhenAnAutoscalerManagesTheActors() throws Exception {
        actors("scale-c", "strider", 2);
        client.autoscaling().v2().horizontalPodAutoscalers().inNamespace("scale-c").resource(
            new HorizontalPodAutoscalerBuilder().withNewMetadata().withName("actor").endMetadata().withNewSpec()
                .withMinReplicas(1).withMaxReplicas(16).withNewScaleTargetRef().withApiVersion("apps/v1")
                .withKind("Deployment").withName("actor").endScaleTargetRef().endSpec().build()).create();
        final Result r = StriderCliTest.run("scale", "strider", "--actors", "4", "--kubeconfig",
            KubeTestConfig.write(dir, client, "scale-c").toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.err().contains("HorizontalPodAutoscaler actor manages scale-c/actor"), r::toString);
    }

    @Test
    void shouldFailNamingTheLabelsWhenTheRunHasNoActors() throws Exception {
        final Path kubeconfig = KubeTestConfig.write(dir, client, "scale-d");
        final Result missing = StriderCliTest.run("scale", "nope", "--actors", "2", "--kubeconfig", kubeconfig.toString());
        assertEquals(1, missing.exitCode(), missing::toString);
        assertTrue(missing.err().contains("no actor Deployments with labels strider.io/run=nope"), missing::toString);
        final Result negative = StriderCliTest.run("scale", "nope", "--actors", "-1", "--kubeconfig",
            kubeconfig.toString());
        assertEquals(2, negative.exitCode(), negative::toString);
        assertTrue(negative.err().contains("--actors must be >= 0"), negative::toString);
    }

    private static void actors(final String namespace, final String run, final int replicas) {
        final String name = run.equals("strider") ? "actor" : "actor-" + run;
        client.apps().deployments().inNamespace(namespace).resource(new DeploymentBuilder().withNewMetadata()
            .withName(name).withLabels(Map.of(StriderLabels.RUN, run, StriderLabels.COMPONENT, StriderLabels.ACTOR))
            .endMetadata().withNewSpec().withReplicas(replicas).withNewSelector()
            .withMatchLabels(Map.of(StriderLabels.RUN, run)).endSelector().withNewTemplate().withNewMetadata()
            .withLabels(Map.of(StriderLabels.RUN, run)).endMetadata().withNewSpec().addNewContainer().withName("actor")
            .withImage("strider/strider:0.1.0-SNAPSHOT").endContainer().endSpec().endTemplate().endSpec().build())
            .create();
    }

    private static Deployment deployment(final String namespace, final String name) {
        return client.apps().deployments().inNamespace(namespace).withName(name).get();
    }
}
