package org.strider.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.strider.control.ClusterConfig;

/**
 * The learner's progress annotations against fabric8's mock API server in CRUD mode: a real API server (with etcd
 * and a kubelet) cannot run on the machines that run these tests; the mock keeps the objects and applies the
 * merge patches the client sends, as the API server would.
 */
@EnableKubernetesMockClient(crud = true)
class PodAnnotationsTest {
    static KubernetesClient client;
    static final java.util.logging.Logger MOCK_LOG = quietMockServer();

    private static java.util.logging.Logger quietMockServer() {
        final java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
        log.setLevel(java.util.logging.Level.WARNING);
        return log;
    }

    private static void learnerPod(final String namespace) {
        client.pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata().withName("learner-0")
            .withLabels(Map.of(StriderLabels.COMPONENT, StriderLabels.LEARNER))
            .withAnnotations(Map.of("prometheus.io/scrape", "true")).endMetadata().withNewSpec().addNewContainer()
            .withName("learner").withImage("strider/strider:0.1.0-SNAPSHOT").endContainer().endSpec().build())
            .create();
    }

    private static Map<String, String> annotations(final String namespace) {
        final Pod pod = client.pods().inNamespace(namespace).withName("learner-0").get();
        return pod.getMetadata().getAnnotations();
    }

    @Test
    void shouldPublishTheRunsProgressOnTheLearnerPodKeepingOtherAnnotations() {
        learnerPod("ann-a");
        final PodAnnotations pod = new PodAnnotations(client, "ann-a", "learner-0", false);
        assertTrue(pod.publish(new LearnerStatus(1200, Double.NaN, Double.NaN, StriderLabels.STATE_RUNNING)));
        Map<String, String> a = annotations("ann-a");
        assertEquals("1200", a.get(StriderLabels.ENV_STEPS));
        assertEquals(StriderLabels.STATE_RUNNING, a.get(StriderLabels.STATE));
        assertFalse(a.containsKey(StriderLabels.BEST_EVAL), "no evaluation yet");
        assertEquals("true", a.get("prometheus.io/scrape"));

        assertTrue(pod.publish(new LearnerStatus(20000, -150.25, -170.5, StriderLabels.STATE_FINISHED)));
        a = annotations("ann-a");
        assertEquals("20000", a.get(StriderLabels.ENV_STEPS));
        assertEquals(-150.25, Double.parseDouble(a.get(StriderLabels.BEST_EVAL)));
        assertEquals(-170.5, Double.parseDouble(a.get(StriderLabels.LAST_EVAL)));
        assertEquals(StriderLabels.STATE_FINISHED, a.get(StriderLabels.STATE));
        assertEquals("true", a.get("prometheus.io/scrape"));
        final SweepStatus.Row row = new SweepStatus.Row("t0", a.get(StriderLabels.STATE), 1, 1,
            Long.parseLong(a.get(StriderLabels.ENV_STEPS)), Double.parseDouble(a.get(StriderLabels.BEST_EVAL)),
            Double.parseDouble(a.get(StriderLabels.LAST_EVAL)), "");
        assertEquals(20000L, row.envSteps(), "what strider sweep status reads");
    }

    @Test
    void shouldReportFalseAndGoOnWhenThePodIsMissing() {
        final PodAnnotations pod = new PodAnnotations(client, "ann-b", "learner-0", false);
        assertFalse(pod.publish(new LearnerStatus(5, Double.NaN, Double.NaN, StriderLabels.STATE_RUNNING)));
        assertFalse(pod.publish(new LearnerStatus(6, Double.NaN, Double.NaN, StriderLabels.STATE_RUNNING)));
        learnerPod("ann-b");
        assertTrue(pod.publish(new LearnerStatus(7, 1.0, 1.0, StriderLabels.STATE_RUNNING)), "works again");
        assertEquals("7", annotations("ann-b").get(StriderLabels.ENV_STEPS));
    }

    @Test
    void shouldAnnotateOnlyInAPodWithKubernetesDiscovery() {
        final ClusterConfig.Settings k8s = ClusterConfig.Settings.read(ConfigFactory.parseString(
            "strider.cluster.discovery = kubernetes-api"), "10.0.0.1");
        final ClusterConfig.Settings config = ClusterConfig.Settings.read(ConfigFactory.parseString(
            "strider.cluster.discovery = config"), "10.0.0.1");
        final ClusterConfig.Settings never = ClusterConfig.Settings.read(ConfigFactory.parseString(
            "strider.cluster { discovery = kubernetes-api, pod-annotations-every = 0 }"), "10.0.0.1");
        final Map<String, String> inPod = Map.of(RunAnnotations.POD_NAME, "learner-0", RunAnnotations.POD_NAMESPACE,
            "ann-c");
        final AtomicInteger clients = new AtomicInteger();
        final java.util.function.Supplier<KubernetesClient> supplier = () -> {
            clients.incrementAndGet();
            return client;
        };
        assertFalse(RunAnnotations.forPod(Map.of(), k8s, supplier).enabled(), "not in a pod");
        assertFalse(RunAnnotations.forPod(Map.of(RunAnnotations.POD_NAME, "learner-0"), k8s, supplier).enabled());
        assertFalse(RunAnnotations.forPod(inPod, config, supplier).enabled(), "config discovery: not on Kubernetes");
        assertFalse(RunAnnotations.forPod(inPod, never, supplier).enabled());
        assertEquals(0, clients.get(), "no client made when not annotating");
        learnerPod("ann-c");
        final RunAnnotations pod = RunAnnotations.forPod(inPod, k8s, supplier);
        assertInstanceOf(PodAnnotations.class, pod);
        assertTrue(pod.publish(new LearnerStatus(42, Double.NaN, Double.NaN, StriderLabels.STATE_RUNNING)));
        assertEquals("42", annotations("ann-c").get(StriderLabels.ENV_STEPS));
    }
}
