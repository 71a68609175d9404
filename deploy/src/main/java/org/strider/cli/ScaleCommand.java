package org.strider.cli;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.strider.k8s.ActorScaler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code strider scale RUN --actors N}: patches the run's actor Deployment on Kubernetes. */
@Command(name = "scale",
    header = "Change the number of actors of a run on Kubernetes, while it runs.",
    description = "Patches the replicas of the actor Deployment labelled strider.io/run=RUN. New actors join the "
        + "run's cluster and are admitted by the coordinator; actors that go are removed. The replay shards' rate "
        + "limiter keeps updates per env step fixed, so the algorithm is unchanged; only its speed changes.",
    mixinStandardHelpOptions = true,
    versionProvider = StriderCli.Version.class,
    footerHeading = "%nExamples:%n",
    footer = {"  strider scale strider --actors 16 -n rl", "  strider scale lr-t3 --actors 4 --dry-run"})
final class ScaleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KubeOptions kube;

    @Parameters(index = "0", paramLabel = "RUN",
        description = "The run's name: its strider.io/run label (strider for k8s/base; SWEEP-tK for a sweep trial).")
    String run;

    @Option(names = "--actors", required = true, paramLabel = "N", description = "Actor replicas wanted (>= 0).")
    int actors;

    @Option(names = "--dry-run", description = "Say what would change; change nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        if (actors < 0) {
            throw new ParameterException(spec.commandLine(), "--actors must be >= 0, got " + actors);
        }
        final PrintWriter out = spec.commandLine().getOut();
        try (KubernetesClient client = kube.client(spec)) {
            final ActorScaler scaler = new ActorScaler(client);
            final Deployment d = scaler.find(kube.namespace(client, null), run);
            final String name = d.getMetadata().getNamespace() + "/" + d.getMetadata().getName();
            final Integer before = d.getSpec().getReplicas();
            final HorizontalPodAutoscaler hpa = scaler.autoscaler(d);
            if (hpa != null) {
                spec.commandLine().getErr().println("warning: HorizontalPodAutoscaler " + hpa.getMetadata().getName()
                    + " manages " + name + " and will set its replicas again (between "
                    + hpa.getSpec().getMinReplicas() + " and " + hpa.getSpec().getMaxReplicas() + ")");
            }
            if (dryRun) {
                out.println("would scale deployment " + name + " from " + before + " to " + actors + " actors");
                return 0;
            }
            final Deployment after = scaler.scale(d, actors);
            out.println("scaled deployment " + name + " from " + before + " to " + after.getSpec().getReplicas()
                + " actors");
            return 0;
        }
    }
}
