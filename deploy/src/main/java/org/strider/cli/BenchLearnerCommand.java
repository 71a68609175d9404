package org.strider.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.strider.learner.bench.LearnerBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code strider bench learner}: ms per TD3 update against its GEMM-only time (LearnerBench). */
@Command(name = "learner",
    header = "Milliseconds per TD3 update and the GEMM-only time of the same update.",
    description = {
        "Times one TD3 update (twin critics and targets, smoothed target action, critic and delayed actor "
            + "steps with Adam, polyak), obs 24 / action 4, sampling from a replay of 1e5 random transitions "
            + "included, for each thread count, batch and hidden size; and in the same run the time of just "
            + "the matrix multiplies one update needs, so the overhead ratio is update / GEMM-only.",
        "Each thread count runs in a child JVM with OMP_NUM_THREADS set to it. Prints a table and JSON; "
            + "asserts nothing. tools/bench/td3_update_torch.py measures the same update in PyTorch."},
    mixinStandardHelpOptions = true,
    versionProvider = StriderCli.Version.class,
    footerHeading = "%nExamples:%n",
    footer = {
        "  strider bench learner --threads 1 --batches 256 --hidden 256-256",
        "  strider bench learner --threads 1,2 --json learner-bench.json"})
final class BenchLearnerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--threads", paramLabel = "T,...", defaultValue = "1,2",
        description = "Thread counts, comma-separated (default: ${DEFAULT-VALUE}).")
    String threads;

    @Option(names = "--batches", paramLabel = "B,...", defaultValue = "100,256",
        description = "Batch sizes (default: ${DEFAULT-VALUE}).")
    String batches;

    @Option(names = "--hidden", paramLabel = "H-H,...", defaultValue = "256-256,400-300",
        description = "Hidden sizes of actor and critics (default: ${DEFAULT-VALUE}).")
    String hidden;

    @Option(names = "--windows", defaultValue = "5", description = "Timed windows; the median is reported "
        + "(default: ${DEFAULT-VALUE}).")
    int windows;

    @Option(names = "--updates", defaultValue = "200", description = "Updates per window (default: ${DEFAULT-VALUE}).")
    int updates;

    @Option(names = "--warmup", defaultValue = "50", description = "Warm-up updates (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON to FILE.")
    String json;

    @Override
    public Integer call() throws Exception {
        final List<String> args = new ArrayList<>(List.of("--threads", threads, "--batches", batches, "--hidden",
            hidden, "--windows", Integer.toString(windows), "--updates", Integer.toString(updates), "--warmup",
            Integer.toString(warmup)));
        if (json != null) {
            args.add("--json");
            args.add(json);
        }
        try {
            LearnerBench.main(args.toArray(new String[0]));
        } catch (final IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        return 0;
    }
}
