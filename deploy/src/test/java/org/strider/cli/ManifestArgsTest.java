package org.strider.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.strider.control.ClusterConfig;
import org.strider.control.NodeRole;
import org.strider.k8s.Kustomize;
import org.strider.k8s.StriderLabels;
import org.strider.run.ClusterProcess;
import org.strider.run.RunPlan;
import picocli.CommandLine;

/**
 * The rendered manifests against the CLI that runs in their pods: each role's container args (with the Downward API
 * variables filled in as the kubelet would) and the ConfigMap's run.conf are parsed by the real commands. Every
 * role must join through Kubernetes API bootstrap with management on its pod IP and the port its probes call, and
 * discovery must select the run's own pods.
 */
class ManifestArgsTest {
    private static final String POD_IP = "10.1.2.3";
    private static final String NAMESPACE = "rl";
    private static final Pattern VARIABLE = Pattern.compile("\\$\\(([A-Z_]+)\\)");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"overlays/local", "overlays/gpu", "overlays/sweep"})
    void shouldJoinEveryRoleThroughKubernetesBootstrapWithManagementOnThePodIp(final String overlay) throws Exception {
        final List<HasMetadata> objects = Kustomize.objects(overlay);
        final Path conf = dir.resolve("run.conf");
        Files.writeString(conf, objects.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
            .findFirst().orElseThrow().getData().get("run.conf"));
        for (final HasMetadata o : objects) {
            final PodTemplateSpec t = o instanceof StatefulSet s ? s.getSpec().getTemplate()
                : o instanceof Deployment d ? d.getSpec().getTemplate() : null;
            if (t == null) {
                continue;
            }
            final Container c = t.getSpec().getContainers().get(0);
            final String role = t.getMetadata().getLabels().get(StriderLabels.COMPONENT);
            final String where = overlay + " " + role;
            final ClusterProcess.Address at = address(role, args(c, o.getMetadata().getName(), conf));
            final ClusterConfig.Settings cluster = at.cluster();
            assertEquals(ClusterConfig.Discovery.KUBERNETES_API, cluster.discovery(), where);
            assertTrue(at.seedNodes().isEmpty(), where);
            final int probePort = c.getPorts().stream().filter(p -> p.getName().equals("management")).findFirst()
                .orElseThrow().getContainerPort();
            assertEquals(new ClusterConfig.Management(POD_IP, probePort), cluster.management(), where);
            final String selector = ClusterConfig.node(at.host(), at.port(), at.seedNodes(), EnumSet.of(NodeRole.ACTOR),
                cluster, at.pekko(), ConfigFactory.load()).getString("pekko.discovery.kubernetes-api.pod-label-selector");
            assertEquals(StriderLabels.RUN + "=" + t.getMetadata().getLabels().get(StriderLabels.RUN),
                String.format(selector, cluster.serviceName()), where + ": discovery selects the run's pods");
            assertTrue(cluster.requiredContactPoints() <= 2, where);
            assertFalse(c.getEnv().stream().anyMatch(e -> e.getValue() != null && e.getValue().contains("config.file")),
                where + ": --config is the one way the roles read run.conf");
        }
    }

    /** The container's args as the kubelet expands them, the config file's path replaced by {@code conf}. */
    private List<String> args(final Container c, final String workload, final Path conf) {
        final Map<String, String> env = new HashMap<>();
        for (final EnvVar e : c.getEnv()) {
            if (e.getValue() != null) {
                env.put(e.getName(), e.getValue());
            } else if (e.getValueFrom() != null && e.getValueFrom().getFieldRef() != null) {
                env.put(e.getName(), switch (e.getValueFrom().getFieldRef().getFieldPath()) {
                    case "metadata.name" -> workload + "-0";
                    case "metadata.namespace" -> NAMESPACE;
                    case "status.podIP" -> POD_IP;
                    default -> throw new AssertionError("unexpected field " + e.getValueFrom().getFieldRef());
                });
            }
        }
        final List<String> out = new ArrayList<>();
        for (final String a : c.getArgs()) {
            final Matcher m = VARIABLE.matcher(a);
            final StringBuilder s = new StringBuilder();
            while (m.find()) {
                assertTrue(env.containsKey(m.group(1)), c.getName() + " uses $(" + m.group(1) + ") but sets no such env");
                m.appendReplacement(s, Matcher.quoteReplacement(env.get(m.group(1))));
            }
            m.appendTail(s);
            final String arg = s.toString();
            out.add(arg.startsWith("--config=") ? "--config=" + conf
                : arg.startsWith("--out=") ? "--out=" + dir.resolve("run") : arg);
        }
        return out;
    }

    private static ClusterProcess.Address address(final String role, final List<String> args) {
        assertEquals(role, args.get(0), "the container runs its role's command");
        final String[] rest = args.subList(1, args.size()).toArray(String[]::new);
        final Callable<Integer> command = switch (role) {
            case StriderLabels.LEARNER -> new LearnerCommand();
            case StriderLabels.REPLAY -> new ReplayCommand();
            default -> new ActorCommand();
        };
        final CommandLine cl = new CommandLine(command);
        cl.parseArgs(rest);
        if (command instanceof LearnerCommand l) {
            final RunPlan plan = l.options.plan(l.spec, 0);
            assertTrue(plan.totalSteps() > 0);
            return l.address();
        }
        if (command instanceof ReplayCommand r) {
            return r.node.address(r.spec, ReplayCommand.DATA_PORT, NodeOptions.RunConfig.read(r.spec, r.config));
        }
        final ActorCommand a = (ActorCommand) command;
        return a.node.address(a.spec, 0, NodeOptions.RunConfig.read(a.spec, a.config));
    }
}
