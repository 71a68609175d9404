package org.strider.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strider.cli.StriderCliTest.Result;
import org.strider.k8s.StriderLabels;

/**
 * {@code strider sweep} against fabric8's mock API server in CRUD mode: a real API server (and the etcd and
 * kubelet behind it) cannot run on the machines that run these tests; the mock stores what the client sends,
 * so the tests check the objects, labels and config a sweep creates, not pods actually running.
 */
@EnableKubernetesMockClient(crud = true)
class SweepCommandTest {
    static KubernetesClient client;
    /** The mock server logs every request at INFO; keep test output readable. */
    static final java.util.logging.Logger MOCK_LOG = KubeTestConfig.quietMockServer();

    @TempDir
    Path dir;

    static final String SPEC = String.join("\n",
        "name: lr",
        "seeds: [0, 1]",
        "actors: 3",
        "set: {strider.run.env: Pendulum-v1, strider.run.steps: 5000}",
        "grid:",
        "  strider.learner.optimiser.actor_lr: [1.0e-4, 3.0e-4]",
        "");

    @Test
    void shouldCreateEachTrialsObjectsWithItsLabelsAndConfig() throws Exception {
        final Result r = sweep("sweep-a", SPEC);
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("sweep lr: 4 trials, 4 at once, in namespace sweep-a"), r::toString);
        final List<StatefulSet> learners = client.apps().statefulSets().inNamespace("sweep-a")
            .withLabel(StriderLabels.SWEEP, "lr").withLabel(StriderLabels.COMPONENT, StriderLabels.LEARNER).list()
            .getItems();
        assertEquals(4, learners.size());
        final StatefulSet t3 = client.apps().statefulSets().inNamespace("sweep-a").withName("learner-lr-t3").get();
        assertEquals(Map.of("app.kubernetes.io/component", "learner", "app.kubernetes.io/part-of", "strider",
            StriderLabels.RUN, "lr-t3", StriderLabels.SWEEP, "lr", StriderLabels.TRIAL, "t3"),
            t3.getSpec().getSelector().getMatchLabels());
        assertEquals("learner-lr-t3", t3.getSpec().getServiceName());
        assertEquals("strider.learner.optimiser.actor_lr=3.0E-4\nstrider.run.seed=1",
            t3.getMetadata().getAnnotations().get(StriderLabels.TRIAL_PARAMS));
        assertEquals("learner-lr-t3", env(t3.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv(),
            "LEARNER_SERVICE"));
        final ConfigMap config = client.configMaps().inNamespace("sweep-a").withName("strider-run-lr-t3").get();
        final String conf = config.getData().get("run.conf");
        assertTrue(conf.contains("strider.learner.optimiser.actor_lr = 3.0E-4\n"), conf);
        assertTrue(conf.contains("strider.run.steps = 5000\n"), conf);
        assertTrue(conf.endsWith("strider.run.seed = 1\n"), conf);
        assertTrue(conf.contains("service-name = lr-t3"), "bootstrap discovers this trial's pods: " + conf);
        assertEquals("strider-run-lr-t3", t3.getSpec().getTemplate().getSpec().getVolumes().stream()
            .filter(v -> v.getConfigMap() != null).findFirst().orElseThrow().getConfigMap().getName());
        final Deployment actors = client.apps().deployments().inNamespace("sweep-a").withName("actor-lr-t3").get();
        assertEquals(3, actors.getSpec().getReplicas());
        assertEquals("lr-t3", actors.getMetadata().getLabels().get(StriderLabels.RUN));
        assertNotNull(client.network().v1().networkPolicies().inNamespace("sweep-a").withName("strider-run-lr-t0").get());
        assertEquals("t0", client.network().v1().networkPolicies().inNamespace("sweep-a").withName("strider-run-lr-t0")
            .get().getSpec().getPodSelector().getMatchLabels().get(StriderLabels.TRIAL));
    }

    @Test
    void shouldWriteDryRunFilesIdenticalToTheObjectsApplied() throws Exception {
        final Path out = dir.resolve("dry");
        final Path spec = specFile(SPEC);
        final Result dry = StriderCliTest.run("sweep", "--spec", spec.toString(), "--dry-run", out.toString(), "-n",
            "sweep-b");
        assertEquals(0, dry.exitCode(), dry::toString);
        assertTrue(client.apps().statefulSets().inNamespace("sweep-b").list().getItems().isEmpty(), "dry run applies nothing");
        final List<Path> files;
        try (var s = Files.list(out)) {
            files = s.sorted().toList();
        }
        assertEquals(List.of("lr-t0.yaml", "lr-t1.yaml", "lr-t2.yaml", "lr-t3.yaml"),
            files.stream().map(f -> f.getFileName().toString()).toList());
        assertEquals(0, sweep("sweep-b", SPEC).exitCode());
        int compared = 0;
        for (final Path f : files) {
            for (final String doc : Files.readString(f).split("(?m)^---\\s*$")) {
                if (doc.isBlank()) {
                    continue;
                }
                final HasMetadata written = Serialization.unmarshal(doc, HasMetadata.class);
                assertEquals("sweep-b", written.getMetadata().getNamespace());
                final HasMetadata stored = client.resource(written).get();
                assertNotNull(stored, written.getKind() + " " + written.getMetadata().getName() + " was not applied");
                assertEquals(withoutServerFields(written), withoutServerFields(stored),
                    written.getKind() + " " + written.getMetadata().getName());
                compared++;
            }
        }
        assertEquals(4 * 13, compared, "every object of every trial");
    }

    @Test
    void shouldApplyNothingAndNameTheKeyWhenSpecIsInvalidOrOverQuota() throws Exception {
        final Result quota = sweep("sweep-c", SPEC + "quota: {cpu: 20}\n");
        assertEquals(2, quota.exitCode(), quota::toString);
        assertTrue(quota.err().contains("quota.cpu: 4 trials at once request 24 cpu"), quota::toString);
        final Result empty = sweep("sweep-c", SPEC.replace("[1.0e-4, 3.0e-4]", "[]"));
        assertEquals(2, empty.exitCode(), empty::toString);
        assertTrue(empty.err().contains("grid.strider.learner.optimiser.actor_lr: must be a non-empty list"),
            empty::toString);
        final Result unknown = sweep("sweep-c", SPEC.replace("actor_lr", "actor_rl"));
        assertEquals(2, unknown.exitCode(), unknown::toString);
        assertTrue(unknown.err().contains("grid.strider.learner.optimiser.actor_rl: unknown config key"),
            unknown::toString);
        final Result key = sweep("sweep-c", SPEC + "parallel: 2\n");
        assertEquals(2, key.exitCode(), key::toString);
        assertTrue(key.err().contains("parallel: unknown key; keys: name, namespace"), key::toString);
        assertTrue(client.apps().statefulSets().inNamespace("sweep-c").list().getItems().isEmpty());
        assertTrue(client.configMaps().inNamespace("sweep-c").list().getItems().isEmpty());
        // 2 at once fit the same quota (learner 2 + replay 1 + 3 actors x 1 = 6 cpu per trial)
        final Result fits = StriderCliTest.run("sweep", "--spec", specFile(SPEC + "quota: {cpu: 12}\n").toString(),
            "--max-parallel", "2", "--dry-run", dir.resolve("fits").toString());
        assertEquals(0, fits.exitCode(), fits::toString);
    }

    @Test
    void shouldStartTheNextTrialWhenARunningOneFinishes() throws Exception {
        final String spec = SPEC.replace("seeds: [0, 1]", "seeds: [0]");
        final AtomicReference<Result> result = new AtomicReference<>();
        final Thread sweeper = new Thread(() -> result.set(StriderCliTest.run("sweep", "--spec",
            specFile(spec).toString(), "--max-parallel", "1", "--poll-seconds", "0.05", "--kubeconfig",
            kubeconfig("sweep-d").toString())));
        sweeper.start();
        final long deadline = System.nanoTime() + 20_000_000_000L;
        while (client.apps().statefulSets().inNamespace("sweep-d").withName("learner-lr-t0").get() == null) {
            assertTrue(System.nanoTime() < deadline, "t0 never applied");
            Thread.sleep(20);
        }
        Thread.sleep(300);
        assertNull(client.apps().statefulSets().inNamespace("sweep-d").withName("learner-lr-t1").get(),
            "t1 waits while t0 runs");
        assertTrue(sweeper.isAlive());
        learnerPod("sweep-d", "t0", Map.of(StriderLabels.STATE, StriderLabels.STATE_FINISHED), "Running");
        sweeper.join(20_000);
        assertFalse(sweeper.isAlive());
        assertEquals(0, result.get().exitCode(), result.get()::toString);
        assertNotNull(client.apps().statefulSets().inNamespace("sweep-d").withName("learner-lr-t1").get());
    }

    @Test
    void shouldTabulateAndPlotTrialsFromTheLearnersAnnotations() throws Exception {
        assertEquals(0, sweep("sweep-e", SPEC).exitCode());
        learnerPod("sweep-e", "t0", Map.of(StriderLabels.ENV_STEPS, "4000", StriderLabels.BEST_EVAL, "-180.5",
            StriderLabels.LAST_EVAL, "-200.25"), "Running");
        learnerPod("sweep-e", "t1", Map.of(StriderLabels.ENV_STEPS, "5000", StriderLabels.BEST_EVAL, "-150.0",
            StriderLabels.STATE, StriderLabels.STATE_FINISHED), "Running");
        final Path kubeconfig = kubeconfig("sweep-e");
        final Result status = StriderCliTest.run("sweep", "status", "lr", "--kubeconfig", kubeconfig.toString());
        assertEquals(0, status.exitCode(), status::toString);
        final List<String> lines = status.out().lines().toList();
        assertEquals(5, lines.size(), status::toString);
        assertTrue(lines.get(0).matches("trial\\s+phase\\s+ready\\s+env steps\\s+best eval\\s+last eval\\s+params"),
            lines.get(0));
        assertTrue(lines.get(1).matches("t0\\s+Running\\s+1/1\\s+4000\\s+-180\\.50\\s+-200\\.25\\s+"
            + "strider\\.learner\\.optimiser\\.actor_lr=1\\.0E-4 strider\\.run\\.seed=0"), lines.get(1));
        assertTrue(lines.get(2).matches("t1\\s+finished\\s+1/1\\s+5000\\s+-150\\.00\\s+-\\s+.*seed=1"), lines.get(2));
        assertTrue(lines.get(3).matches("t2\\s+NoPod\\s+0/0\\s+-\\s+-\\s+-\\s+.*"), lines.get(3));

        final Result results = StriderCliTest.run("sweep", "results", "lr", "--out", dir.toString(), "--kubeconfig",
            kubeconfig.toString());
        assertEquals(0, results.exitCode(), results::toString);
        final List<String> csv = Files.readAllLines(dir.resolve("lr.csv"));
        assertEquals(List.of(
            "trial,strider.learner.optimiser.actor_lr,strider.run.seed,phase,env_steps,best_eval,last_eval",
            "t0,1.0E-4,0,Running,4000,-180.500,-200.250",
            "t1,1.0E-4,1,finished,5000,-150.000,",
            "t2,3.0E-4,0,NoPod,,,",
            "t3,3.0E-4,1,NoPod,,,"), csv);
        final BufferedImage png = ImageIO.read(dir.resolve("lr.png").toFile());
        assertEquals(900, png.getWidth());
        assertEquals(500, png.getHeight());
    }

    private Result sweep(final String namespace, final String spec) throws Exception {
        return StriderCliTest.run("sweep", "--spec", specFile(spec).toString(), "--kubeconfig",
            kubeconfig(namespace).toString());
    }

    private Path specFile(final String spec) {
        try {
            final Path f = Files.createTempFile(dir, "sweep", ".yaml");
            Files.writeString(f, spec);
            return f;
        } catch (final java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Path kubeconfig(final String namespace) {
        try {
            return KubeTestConfig.write(dir, client, namespace);
        } catch (final java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What a learner pod of the trial would look like once scheduled: ready, with its published annotations. */
    private static void learnerPod(final String namespace, final String trial, final Map<String, String> annotations,
        final String phase) {
        client.pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata()
            .withName("learner-lr-" + trial + "-0").withLabels(Map.of(StriderLabels.SWEEP, "lr", StriderLabels.TRIAL,
                trial, StriderLabels.COMPONENT, StriderLabels.LEARNER, StriderLabels.RUN, "lr-" + trial))
            .withAnnotations(annotations).endMetadata().withNewSpec().addNewContainer().withName("learner")
            .withImage("strider/strider:0.1.0-SNAPSHOT").endContainer().endSpec().withNewStatus().withPhase(phase)
            .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build()).create();
    }

    private static String env(final List<EnvVar> env, final String name) {
        return env.stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow().getValue();
    }

    /** The object as a map without what the API server adds (uid, resourceVersion, timestamps, status). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutServerFields(final HasMetadata o) {
        final Map<String, Object> m = new HashMap<>(Serialization.unmarshal(Serialization.asJson(o), Map.class));
        final Map<String, Object> meta = new HashMap<>((Map<String, Object>) m.get("metadata"));
        for (final String k : new ArrayList<>(List.of("uid", "resourceVersion", "creationTimestamp", "generation",
            "managedFields"))) {
            meta.remove(k);
        }
        m.put("metadata", meta);
        m.remove("status");
        return m;
    }
}
