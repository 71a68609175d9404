package org.strider.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.strider.env.EnvRegistry;
import org.strider.learner.checkpoint.CheckpointException;
import org.strider.run.CheckpointPolicy;
import org.strider.learner.train.Evaluation;
import org.strider.learner.train.Evaluator;
import org.strider.nn.GreedyPolicy;
import org.strider.nn.MlpInference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code strider evaluate}: load a run's checkpoint, play deterministic episodes, print their statistics. */
@Command(name = "evaluate",
    header = "Play a trained policy from a checkpoint and print its returns.",
    description = {
        "RUN is a run directory (its checkpoints/latest.ckpt, or final.ckpt / latest.ckpt of the synchronous "
            + "trainer; --checkpoint best takes checkpoints/best.ckpt) or a checkpoint file. TD3/DDPG actors act deterministically, DQN greedily on Q. Episodes "
            + "use the fixed evaluation seeds every run is evaluated on, so figures compare across runs.",
        "--render also writes the first episode as an animated GIF."},
    mixinStandardHelpOptions = true,
    versionProvider = StriderCli.Version.class,
    footerHeading = "%nExamples:%n",
    footer = {
        "  strider evaluate runs/Pendulum-v1-20261127-150000 --episodes 20",
        "  strider evaluate runs/Pendulum-v1-20261127-150000 --checkpoint best --render best.gif",
        "  strider evaluate runs/llc/final.ckpt --episodes 10 --render runs/llc/landing.gif"})
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "Run directory or checkpoint file.")
    Path run;

    @Option(names = "--episodes", defaultValue = "10", description = "Episodes to play (default: ${DEFAULT-VALUE}).")
    int episodes;

    @Option(names = "--checkpoint", paramLabel = "best|latest|FILE",
        description = "Which checkpoint of RUN: best (highest evaluation mean), latest, or a file (default: latest).")
    String checkpoint;

    @Option(names = "--render", paramLabel = "FILE.gif", description = "Also draw the first episode as a GIF.")
    Path render;

    @Override
    public Integer call() throws IOException {
        if (episodes < 1) {
            throw new ParameterException(spec.commandLine(), "--episodes must be at least 1, got " + episodes);
        }
        final Path file = CheckpointPolicy.locate(run, checkpoint);
        if (file == null) {
            throw new ParameterException(spec.commandLine(), CheckpointPolicy.describeMissing(run, checkpoint));
        }
        final CheckpointPolicy loaded;
        try {
            loaded = CheckpointPolicy.read(file);
        } catch (final CheckpointException e) {
            spec.commandLine().getErr().println("strider evaluate: " + file + ": " + e.getMessage());
            return StriderCli.EXIT_FAILURE;
        }
        final String envId = loaded.envId();
        final Evaluation result;
        if (loaded.discrete()) {
            final GreedyPolicy policy = new GreedyPolicy(loaded.spec(), 1);
            policy.load(loaded.params());
            result = new Evaluator(EnvRegistry.make(envId)).evaluate(policy, episodes, loaded.envSteps(),
                loaded.updates());
        } else {
            final MlpInference policy = new MlpInference(loaded.spec(), 1);
            policy.load(loaded.params());
            result = new Evaluator(EnvRegistry.make(envId)).evaluate(policy, episodes, loaded.envSteps(),
                loaded.updates());
        }
        if (render != null && loaded.writeEpisodeGif(render) != null) {
            throw new ParameterException(spec.commandLine(), envId + " cannot render; drop --render");
        }
        final double[] r = result.returns();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (final double v : r) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "%s from %s (%d env steps, %d updates)%n"
            + "episodes %d  mean %.2f  std %.2f  min %.2f  max %.2f%n", envId, file, result.envStep(), result.updates(),
            r.length, result.mean(), result.std(), min, max);
        if (render != null) {
            spec.commandLine().getOut().println("wrote " + render);
        }
        return 0;
    }
}
