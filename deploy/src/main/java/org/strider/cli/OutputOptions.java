package org.strider.cli;

import java.time.Duration;
import org.strider.run.OutputSettings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * What a training run writes besides its CSVs ({@link OutputSettings}), shared by {@code strider local} and
 * {@code strider learner}. Defaults are {@link OutputSettings#defaults()}.
 */
final class OutputOptions {
    @Option(names = "--checkpoint-every", paramLabel = "STEPS", defaultValue = "10000",
        description = "Write checkpoints/latest.ckpt every STEPS env steps, 0 for only at the end "
            + "(default: ${DEFAULT-VALUE}).")
    long checkpointEvery;

    @Option(names = "--eval-every-episodes", paramLabel = "N", defaultValue = "0",
        description = "Also evaluate every N finished training episodes, 0 for never (default: ${DEFAULT-VALUE}).")
    long evalEveryEpisodes;

    @Option(names = "--plots-every", paramLabel = "SECONDS", defaultValue = "30",
        description = "Redraw returns.png and losses.png this often while the run goes (default: ${DEFAULT-VALUE}).")
    double plotsEvery;

    @Option(names = "--no-best-gif", description = "Do not draw best.gif (the best policy's first evaluation "
        + "episode) at the end.")
    boolean noBestGif;

    /** The settings; a value out of range is a usage error naming the flag. */
    OutputSettings settings(final CommandSpec spec) {
        if (checkpointEvery < 0) {
            throw new ParameterException(spec.commandLine(), "--checkpoint-every must be >= 0, got " + checkpointEvery);
        }
        if (evalEveryEpisodes < 0) {
            throw new ParameterException(spec.commandLine(), "--eval-every-episodes must be >= 0, got "
                + evalEveryEpisodes);
        }
        if (!(plotsEvery >= 0.1) || plotsEvery > 86_400) {
            throw new ParameterException(spec.commandLine(), "--plots-every must be between 0.1 and 86400 seconds, "
                + "got " + plotsEvery);
        }
        return new OutputSettings(checkpointEvery, evalEveryEpisodes, Duration.ofMillis(Math.round(plotsEvery * 1000)),
            !noBestGif);
    }
}
