package org.strider.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.strider.env.Env;
import org.strider.env.EnvRegistry;
import org.strider.learner.checkpoint.CheckpointException;
import org.strider.nn.export.PolicyExport;
import org.strider.run.CheckpointPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code strider export}: a run's acting network as safetensors plus a JSON manifest, loadable without Strider. */
@Command(name = "export",
    header = "Export a run's policy network as safetensors (with a JSON manifest).",
    description = {
        "Writes OUT/" + PolicyExport.WEIGHTS_FILE + " (float32 tensors named as PyTorch's state_dict of an "
            + "nn.Sequential of Linear layers names them: 0.weight, 0.bias, 2.weight, ...) and OUT/"
            + PolicyExport.MANIFEST_FILE + " (env id, observation and action spaces, layer sizes, activation, "
            + "output: the action scaled to the Box, or argmax over a DQN's Q values with batch norm folded in).",
        "RUN is a run directory or a checkpoint file; --checkpoint picks best or latest of a run directory."},
    mixinStandardHelpOptions = true,
    versionProvider = StriderCli.Version.class,
    footerHeading = "%nExamples:%n",
    footer = {
        "  strider export runs/Pendulum-v1-20261127-150000 --checkpoint best",
        "  strider export runs/lander/final.ckpt --out lander-policy",
        "",
        "In Python: safetensors.torch.load_file('OUT/policy.safetensors') gives the state_dict."})
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "Run directory or checkpoint file.")
    Path run;

    @Option(names = "--checkpoint", paramLabel = "best|latest|FILE",
        description = "Which checkpoint of RUN: best, latest, or a file (default: latest).")
    String checkpoint;

    @Option(names = "--format", defaultValue = "safetensors",
        description = "Export format; only safetensors (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--out", paramLabel = "DIR",
        description = "Folder to write (default: RUN/export, or export/ beside a checkpoint file).")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (!format.equals("safetensors")) {
            throw new ParameterException(spec.commandLine(), "--format " + format + " is not supported; formats: "
                + "safetensors");
        }
        final Path file = CheckpointPolicy.locate(run, checkpoint);
        if (file == null) {
            throw new ParameterException(spec.commandLine(), CheckpointPolicy.describeMissing(run, checkpoint));
        }
        final CheckpointPolicy policy;
        try {
            policy = CheckpointPolicy.read(file);
        } catch (final CheckpointException e) {
            spec.commandLine().getErr().println("strider export: " + file + ": " + e.getMessage());
            return StriderCli.EXIT_FAILURE;
        }
        final Path dir = out != null ? out : (run.equals(file) ? file.toAbsolutePath().getParent() : run)
            .resolve("export");
        try (Env env = EnvRegistry.make(policy.envId())) {
            PolicyExport.write(dir, PolicyExport.manifest(env, policy.spec()), policy.params());
        } catch (final IllegalArgumentException e) {
            spec.commandLine().getErr().println("strider export: " + file + ": " + e.getMessage());
            return StriderCli.EXIT_FAILURE;
        }
        spec.commandLine().getOut().printf("%s %s (%d env steps, %d updates) -> %s%n", policy.envId(),
            policy.discrete() ? "Q network" : "actor", policy.envSteps(), policy.updates(),
            dir.resolve(PolicyExport.WEIGHTS_FILE));
        return 0;
    }
}
