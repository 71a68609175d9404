package org.strider.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code strider bench}: throughput figures; prints numbers, judges nothing. */
@Command(name = "bench",
    header = "Measure throughput (prints figures, asserts nothing).",
    mixinStandardHelpOptions = true,
    versionProvider = StriderCli.Version.class,
    subcommands = {BenchEnvCommand.class, BenchLearnerCommand.class, BenchReplayCommand.class,
        BenchClusterCommand.class, BenchSoakCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {
        "  strider bench env --env all --seconds 3",
        "  strider bench env --env BipedalWalker-v3 --seconds 5 --threads 2 --num-envs 16 --json",
        "  strider bench learner --threads 1 --batches 256",
        "  strider bench replay --transport both --seconds 5",
        "  strider bench cluster --actors 1,2,4 --seconds 10",
        "  strider bench soak --minutes 30"})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return StriderCli.missingSubcommand(spec);
    }
}
