package org.strider.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Renders every overlay with {@code kubectl kustomize} and checks the objects with fabric8's model. */
class KustomizeManifestsTest {
    /** The CLI's defaults (NodeOptions, LearnerCommand, ReplayCommand) and the manifests' management/metrics ports. */
    static final int ARTERY = 25520;
    static final int LEARNER_DATA = 40100;
    static final int REPLAY_DATA = 40200;
    static final int MANAGEMENT = 8558;
    static final int METRICS = 9400;
    /** NodeOptions' variable for --tls-dir, and the Secret components/cluster-tls mounts. */
    static final String TLS_DIR_ENV = "STRIDER_TLS_DIR";
    static final String TLS_SECRET = "strider-cluster-tls";

    @ParameterizedTest
    @ValueSource(strings = {"overlays/local", "overlays/gpu", "overlays/sweep", "overlays/autoscale", "overlays/tls"})
    void shouldRenderEveryRoleWithCliPortsProbesAndShmWhenOverlayBuilt(final String overlay) throws Exception {
        final List<HasMetadata> objects = Kustomize.objects(overlay);
        final StatefulSet learner = one(objects, StatefulSet.class, StriderLabels.LEARNER);
        final StatefulSet replay = one(objects, StatefulSet.class, StriderLabels.REPLAY);
        final Deployment actor = one(objects, Deployment.class, StriderLabels.ACTOR);
        assertEquals(1, learner.getSpec().getReplicas());
        assertEquals(Set.of(ARTERY, LEARNER_DATA, LEARNER_DATA + 1, MANAGEMENT, METRICS),
            ports(learner.getSpec().getTemplate()));
        assertEquals(Set.of(ARTERY, REPLAY_DATA, REPLAY_DATA + 1, MANAGEMENT, METRICS),
            ports(replay.getSpec().getTemplate()));
        assertEquals(Set.of(ARTERY, MANAGEMENT, METRICS), ports(actor.getSpec().getTemplate()));
        final String run = learner.getMetadata().getLabels().get(StriderLabels.RUN);
        assertNotNull(run, "learner lacks the run label");
        for (final PodTemplateSpec t : List.of(learner.getSpec().getTemplate(), replay.getSpec().getTemplate(),
            actor.getSpec().getTemplate())) {
            final Container c = t.getSpec().getContainers().get(0);
            assertEquals("/ready", c.getReadinessProbe().getHttpGet().getPath(), c.getName());
            assertEquals("management", c.getReadinessProbe().getHttpGet().getPort().getStrVal(), c.getName());
            assertEquals("/alive", c.getLivenessProbe().getHttpGet().getPath(), c.getName());
            assertEquals(MANAGEMENT, port(c, "management"), c.getName());
            // Metrics and management bind to the pod's own IP only (no 0.0.0.0).
            assertTrue(c.getArgs().contains("--metrics=$(POD_IP):" + METRICS), c.getName() + " " + c.getArgs());
            assertTrue(c.getArgs().contains("--config=/etc/strider/run.conf"), c.getName() + " " + c.getArgs());
            assertTrue(c.getArgs().contains("--management=$(POD_IP):" + MANAGEMENT), c.getName() + " " + c.getArgs());
            assertTrue(c.getArgs().stream().noneMatch(a -> a.startsWith("--seed-nodes")), "bootstrap, not seeds: "
                + c.getArgs());
            assertEquals("true", t.getMetadata().getAnnotations().get("prometheus.io/scrape"));
            assertEquals(Integer.toString(METRICS), t.getMetadata().getAnnotations().get("prometheus.io/port"));
            final EnvVar runKey = c.getEnv().stream().filter(e -> e.getName().equals("STRIDER_RUN_KEY")).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " gets no STRIDER_RUN_KEY"));
            assertEquals("strider-run-key", runKey.getValueFrom().getSecretKeyRef().getName(), c.getName());
            assertTrue(runKey.getValueFrom().getSecretKeyRef().getOptional(), "without the Secret frames are unsigned");
            final Volume shm = shmVolume(t.getSpec(), c);
            assertEquals("Memory", shm.getEmptyDir().getMedium(), c.getName());
            assertNotNull(shm.getEmptyDir().getSizeLimit(), c.getName());
            assertTrue(t.getSpec().getSecurityContext().getRunAsNonRoot(), c.getName());
            assertTrue(t.getSpec().getSecurityContext().getRunAsUser() > 0, c.getName());
            assertFalse(c.getSecurityContext().getAllowPrivilegeEscalation(), c.getName());
            assertNotNull(c.getResources().getRequests().get("cpu"), c.getName());
            assertNotNull(c.getResources().getLimits().get("memory"), c.getName());
            assertEquals(run, t.getMetadata().getLabels().get(StriderLabels.RUN), c.getName());
            assertEquals("strider", t.getSpec().getServiceAccountName().replaceAll("-.*", ""));
        }
        assertEquals(1, learner.getSpec().getVolumeClaimTemplates().size(), "learner's PVC for the run directory");
        assertTrue(learner.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts().stream()
            .anyMatch(m -> m.getName().equals("runs") && m.getMountPath().equals("/var/lib/strider")));
        final Service replayService = one(objects, Service.class, StriderLabels.REPLAY);
        assertEquals("None", replayService.getSpec().getClusterIP(), "replay's Service is headless");
        assertEquals(replayService.getMetadata().getName(), replay.getSpec().getServiceName());
        assertEquals(one(objects, Service.class, StriderLabels.LEARNER).getMetadata().getName(),
            learner.getSpec().getServiceName());
        final ConfigMap config = only(objects, ConfigMap.class);
        assertTrue(config.getData().get("run.conf").contains("strider.run {"), overlay);
        assertTrue(config.getData().get("run.conf").contains("discovery = kubernetes-api"), overlay);
        assertEquals(3, of(objects, PodDisruptionBudget.class).size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/local", "overlays/gpu", "overlays/sweep"})
    void shouldGrantPodReadForDiscoveryToTheRunsServiceAccount(final String overlay) throws Exception {
        final List<HasMetadata> objects = Kustomize.objects(overlay);
        final Role role = only(objects, Role.class);
        assertEquals(1, role.getRules().size());
        assertEquals(List.of("pods"), role.getRules().get(0).getResources());
        assertTrue(role.getRules().get(0).getVerbs().containsAll(List.of("get", "list", "watch")));
        assertFalse(role.getRules().get(0).getVerbs().contains("delete"));
        final RoleBinding binding = only(objects, RoleBinding.class);
        final ServiceAccount account = only(objects, ServiceAccount.class);
        assertEquals(role.getMetadata().getName(), binding.getRoleRef().getName());
        assertEquals(account.getMetadata().getName(), binding.getSubjects().get(0).getName());
        assertEquals(account.getMetadata().getName(),
            one(objects, Deployment.class, StriderLabels.ACTOR).getSpec().getTemplate().getSpec().getServiceAccountName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/local", "overlays/gpu", "overlays/sweep"})
    void shouldLetOnlyTheRunsPodsReachAeronAndArtery(final String overlay) throws Exception {
        final List<HasMetadata> objects = Kustomize.objects(overlay);
        final NetworkPolicy policy = only(objects, NetworkPolicy.class);
        final Map<String, String> runLabels = one(objects, StatefulSet.class, StriderLabels.LEARNER).getSpec()
            .getTemplate().getMetadata().getLabels();
        final Map<String, String> selected = policy.getSpec().getPodSelector().getMatchLabels();
        assertEquals(runLabels.get(StriderLabels.RUN), selected.get(StriderLabels.RUN));
        assertTrue(runLabels.entrySet().containsAll(selected.entrySet()), "policy selects the run's pods");
        assertEquals(List.of("Ingress"), policy.getSpec().getPolicyTypes());
        final var internal = policy.getSpec().getIngress().stream()
            .filter(r -> r.getFrom().get(0).getPodSelector() != null).findFirst().orElseThrow();
        assertEquals(selected, internal.getFrom().get(0).getPodSelector().getMatchLabels(),
            "only the run's own pods may send to it");
        assertNull(internal.getFrom().get(0).getNamespaceSelector());
        final Set<String> open = internal.getPorts().stream().map(KustomizeManifestsTest::port)
            .collect(Collectors.toSet());
        assertEquals(Set.of("UDP/*", "TCP/" + ARTERY, "TCP/" + MANAGEMENT), open);
        final var scrape = policy.getSpec().getIngress().stream()
            .filter(r -> r.getFrom().get(0).getPodSelector() == null).findFirst().orElseThrow();
        assertEquals(Set.of("TCP/" + METRICS), scrape.getPorts().stream().map(KustomizeManifestsTest::port)
            .collect(Collectors.toSet()), "from elsewhere only the metrics port");
    }

    @Test
    void shouldRequestAGpuOnlyForTheLearnerOfTheGpuOverlay() throws Exception {
        for (final String overlay : List.of("overlays/local", "overlays/gpu", "overlays/sweep")) {
            for (final HasMetadata o : Kustomize.objects(overlay)) {
                final PodTemplateSpec t = o instanceof StatefulSet s ? s.getSpec().getTemplate()
                    : o instanceof Deployment d ? d.getSpec().getTemplate() : null;
                if (t == null) {
                    continue;
                }
                final Container c = t.getSpec().getContainers().get(0);
                final boolean gpu = overlay.equals("overlays/gpu") && c.getName().equals(StriderLabels.LEARNER);
                assertEquals(gpu ? new Quantity("1") : null, c.getResources().getLimits().get("nvidia.com/gpu"),
                    overlay + " " + c.getName());
                assertEquals(gpu ? "strider/strider-cuda:0.1.0-SNAPSHOT" : "strider/strider:0.1.0-SNAPSHOT",
                    c.getImage(), overlay + " " + c.getName());
                assertEquals(gpu, t.getSpec().getTolerations() != null && !t.getSpec().getTolerations().isEmpty(),
                    overlay + " " + c.getName());
                assertEquals(gpu ? Map.of("nvidia.com/gpu.present", "true") : Map.of(),
                    t.getSpec().getNodeSelector() == null ? Map.of() : t.getSpec().getNodeSelector(),
                    overlay + " " + c.getName());
            }
        }
    }

    @Test
    void shouldMountTheClusterTlsSecretInEveryRoleOnlyInTheTlsOverlay() throws Exception {
        for (final String overlay : List.of("overlays/local", "overlays/gpu", "overlays/sweep", "overlays/tls")) {
            final boolean tls = overlay.equals("overlays/tls");
            final List<HasMetadata> objects = Kustomize.objects(overlay);
            for (final PodTemplateSpec t : List.of(one(objects, StatefulSet.class, StriderLabels.LEARNER).getSpec()
                .getTemplate(), one(objects, StatefulSet.class, StriderLabels.REPLAY).getSpec().getTemplate(),
                one(objects, Deployment.class, StriderLabels.ACTOR).getSpec().getTemplate())) {
                final Container c = t.getSpec().getContainers().get(0);
                final String where = overlay + " " + c.getName();
                final EnvVar dir = c.getEnv().stream().filter(e -> e.getName().equals(TLS_DIR_ENV)).findFirst()
                    .orElse(null);
                assertEquals(tls, dir != null, where + ": " + TLS_DIR_ENV);
                final Volume secret = t.getSpec().getVolumes().stream().filter(v -> v.getSecret() != null
                    && TLS_SECRET.equals(v.getSecret().getSecretName())).findFirst().orElse(null);
                assertEquals(tls, secret != null, where + ": volume of Secret " + TLS_SECRET);
                if (!tls) {
                    continue;
                }
                assertNull(secret.getSecret().getOptional(), where + ": TLS on without its Secret must not start");
                assertEquals(0440, secret.getSecret().getDefaultMode(), where);
                final var mount = c.getVolumeMounts().stream().filter(m -> m.getName().equals(secret.getName()))
                    .findFirst().orElseThrow(() -> new AssertionError(where + " does not mount " + TLS_SECRET));
                assertEquals(dir.getValue(), mount.getMountPath(), where + ": the node reads where it is mounted");
                assertTrue(mount.getReadOnly(), where);
            }
        }
    }

    @Test
    void shouldScaleActorsOnCpuInTheAutoscaleOverlay() throws Exception {
        final List<HasMetadata> objects = Kustomize.objects("overlays/autoscale");
        final HorizontalPodAutoscaler hpa = only(objects, HorizontalPodAutoscaler.class);
        assertEquals(one(objects, Deployment.class, StriderLabels.ACTOR).getMetadata().getName(),
            hpa.getSpec().getScaleTargetRef().getName());
        assertEquals("cpu", hpa.getSpec().getMetrics().get(0).getResource().getName());
        assertTrue(Kustomize.objects("overlays/local").stream().noneMatch(HorizontalPodAutoscaler.class::isInstance));
    }

    @Test
    void shouldShipTheSweepOverlayAsRenderedWhenTemplateBundled() throws Exception {
        final String rendered = Kustomize.render("overlays/sweep");
        try (InputStream in = TrialTemplate.class.getResourceAsStream(TrialTemplate.BUNDLED)) {
            assertEquals(rendered, new String(in.readAllBytes(), StandardCharsets.UTF_8),
                "re-render: kubectl kustomize k8s/overlays/sweep > deploy/src/main/resources" + TrialTemplate.BUNDLED);
        }
    }

    private static String port(final NetworkPolicyPort p) {
        return p.getProtocol() + "/" + (p.getPort() == null ? "*" : p.getPort().getIntVal());
    }

    private static Volume shmVolume(final PodSpec spec, final Container c) {
        final String name = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/dev/shm")).findFirst()
            .orElseThrow(() -> new AssertionError(c.getName() + " mounts nothing at /dev/shm")).getName();
        return spec.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
    }

    private static Set<Integer> ports(final PodTemplateSpec t) {
        return t.getSpec().getContainers().get(0).getPorts().stream().map(ContainerPort::getContainerPort)
            .collect(Collectors.toSet());
    }

    private static int port(final Container c, final String name) {
        return c.getPorts().stream().filter(p -> p.getName().equals(name)).findFirst().orElseThrow()
            .getContainerPort();
    }

    static <T extends HasMetadata> List<T> of(final List<HasMetadata> objects, final Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T extends HasMetadata> T only(final List<HasMetadata> objects, final Class<T> type) {
        final List<T> found = of(objects, type);
        assertEquals(1, found.size(), type.getSimpleName());
        return found.get(0);
    }

    static <T extends HasMetadata> T one(final List<HasMetadata> objects, final Class<T> type, final String component) {
        final List<T> found = of(objects, type).stream()
            .filter(o -> component.equals(o.getMetadata().getLabels().get(StriderLabels.COMPONENT))).toList();
        assertEquals(1, found.size(), type.getSimpleName() + " " + component);
        return found.get(0);
    }
}
