package org.strider.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.strider.k8s.StriderLabels;
import org.strider.k8s.SweepApplier;
import org.strider.k8s.SweepPlan;
import org.strider.k8s.SweepResults;
import org.strider.k8s.SweepSpec;
import org.strider.k8s.SweepSpecException;
import org.strider.k8s.SweepStatus;
import org.strider.k8s.TrialTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code strider sweep}: a hyperparameter sweep as labelled runs on Kubernetes; {@code status}, {@code results}. */
@Command(name = "sweep",
    header = "Run a hyperparameter sweep on Kubernetes (grid or random search over config keys and seeds).",
    description = {
        "Each trial becomes its own run: the objects of k8s/overlays/sweep (shipped in the jar, or the spec's "
            + "template) named and labelled for the trial (strider.io/sweep, strider.io/trial, strider.io/run="
            + "SWEEP-tK), with the trial's settings in its ConfigMap. A spec with an unknown key, an empty grid or "
            + "a request over its quota fails before anything is applied (exit 2, naming the key).",
        "With --max-parallel P (or the spec's max-parallel) P trials run at once; the command stays and applies "
            + "the next trial when one's learner reports strider.io/state=finished (or its pod ends)."},
    subcommands = {SweepCommand.Status.class, SweepCommand.Results.class},
    mixinStandardHelpOptions = true,
    versionProvider = StriderCli.Version.class,
    footerHeading = "%nExamples:%n",
    footer = {"  strider sweep --spec sweep.yaml --dry-run out/", "  strider sweep --spec sweep.yaml --max-parallel 4",
        "  strider sweep status lr", "  strider sweep results lr --out results/"})
final class SweepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KubeOptions kube;

    @Option(names = "--spec", paramLabel = "FILE", description = "The sweep spec (YAML).")
    Path specFile;

    @Option(names = "--dry-run", paramLabel = "DIR",
        description = "Write each trial's objects to DIR/SWEEP-tK.yaml (exactly what would be applied); apply nothing.")
    Path dryRun;

    @Option(names = "--max-parallel", paramLabel = "P", defaultValue = "0",
        description = "Trials running at once (default: the spec's max-parallel, else all).")
    int maxParallel;

    @Option(names = "--poll-seconds", paramLabel = "S", defaultValue = "30",
        description = "Seconds between looks at running trials while some wait (default: ${DEFAULT-VALUE}).")
    double pollSeconds;

    @Override
    public Integer call() throws Exception {
        if (specFile == null) {
            throw new ParameterException(spec.commandLine(), "sweep needs --spec FILE (or the command status or "
                + "results)");
        }
        if (maxParallel < 0 || !(pollSeconds > 0)) {
            throw new ParameterException(spec.commandLine(), "--max-parallel must be >= 0 and --poll-seconds > 0");
        }
        if (!Files.isRegularFile(specFile)) {
            throw new ParameterException(spec.commandLine(), "--spec " + specFile + ": no such file");
        }
        final PrintWriter out = spec.commandLine().getOut();
        final SweepSpec sweep;
        try {
            sweep = SweepSpec.parse(Files.readString(specFile));
        } catch (final SweepSpecException e) {
            throw new ParameterException(spec.commandLine(), specFile + ": " + e.getMessage(), e);
        }
        final TrialTemplate template = sweep.template() == null ? TrialTemplate.bundled()
            : TrialTemplate.load(specFile.toAbsolutePath().getParent().resolve(sweep.template()));
        if (dryRun != null) {
            final String namespace = kube.namespace != null ? kube.namespace
                : sweep.namespace() != null ? sweep.namespace() : "default";
            final SweepPlan plan = plan(sweep, template, namespace);
            final List<Path> files = plan.write(dryRun);
            out.println("sweep " + sweep.name() + ": " + files.size() + " trials (" + plan.parallel()
                + " at once) written to " + dryRun + "; nothing applied");
            return 0;
        }
        try (KubernetesClient client = kube.client(spec)) {
            final SweepPlan plan = plan(sweep, template, kube.namespace(client, sweep.namespace()));
            out.println("sweep " + sweep.name() + ": " + plan.trials().size() + " trials, " + plan.parallel()
                + " at once, in namespace " + plan.namespace());
            out.flush();
            new SweepApplier(client, out).apply(plan, Duration.ofMillis(Math.round(pollSeconds * 1000)));
            out.println("sweep " + sweep.name() + ": every trial applied; watch with 'strider sweep status "
                + sweep.name() + "'");
        }
        return 0;
    }

    private SweepPlan plan(final SweepSpec sweep, final TrialTemplate template, final String namespace) {
        try {
            return SweepPlan.of(sweep, template, namespace, maxParallel);
        } catch (final SweepSpecException e) {
            throw new ParameterException(spec.commandLine(), specFile + ": " + e.getMessage(), e);
        }
    }

    /** {@code strider sweep status NAME}. */
    @Command(name = "status", header = "Table of a sweep's trials: phase, ready pods, env steps, best eval.",
        description = "Reads the trials' learner StatefulSets and pods; env steps and evaluations are the learner "
            + "pod's annotations " + StriderLabels.ENV_STEPS + ", " + StriderLabels.BEST_EVAL + ", "
            + StriderLabels.LAST_EVAL + " and " + StriderLabels.STATE + " (empty until published).",
        mixinStandardHelpOptions = true, versionProvider = StriderCli.Version.class)
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        KubeOptions kube;

        @Parameters(index = "0", paramLabel = "NAME", description = "The sweep's name (the spec's name).")
        String name;

        @Override
        public Integer call() {
            try (KubernetesClient client = kube.client(spec)) {
                final String namespace = kube.namespace(client, null);
                final List<SweepStatus.Row> rows = SweepStatus.read(client, namespace, name);
                final PrintWriter out = spec.commandLine().getOut();
                if (rows.isEmpty()) {
                    out.println("sweep " + name + ": no trials in namespace " + namespace);
                    return 0;
                }
                final TextTable table = new TextTable("trial", "phase", "ready", "env steps", "best eval",
                    "last eval", "params").alignRight(2, 3, 4, 5);
                for (final SweepStatus.Row r : rows) {
                    table.row(r.trial(), r.phase(), r.readyPods() + "/" + r.pods(),
                        r.envSteps() == null ? "-" : Long.toString(r.envSteps()), number(r.bestEval()),
                        number(r.lastEval()), r.params().replace('\n', ' '));
                }
                table.print(out);
                return 0;
            }
        }
    }

    /** {@code strider sweep results NAME}. */
    @Command(name = "results", header = "Write a sweep's trials as CSV and a PNG comparing their best eval.",
        mixinStandardHelpOptions = true, versionProvider = StriderCli.Version.class)
    static final class Results implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        KubeOptions kube;

        @Parameters(index = "0", paramLabel = "NAME", description = "The sweep's name (the spec's name).")
        String name;

        @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
            description = "Where NAME.csv and NAME.png go (default: the current folder).")
        Path out;

        @Override
        public Integer call() throws IOException {
            try (KubernetesClient client = kube.client(spec)) {
                final List<SweepStatus.Row> rows = SweepStatus.read(client, kube.namespace(client, null), name);
                final List<Path> files = SweepResults.write(out, name, rows);
                spec.commandLine().getOut().println("sweep " + name + ": " + rows.size() + " trials; wrote "
                    + files.get(0) + " and " + files.get(1));
                return 0;
            }
        }
    }

    private static String number(final Double d) {
        return d == null ? "-" : String.format(Locale.ROOT, "%.2f", d);
    }
}
