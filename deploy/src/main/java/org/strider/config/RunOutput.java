package org.strider.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.OptionalDouble;

/**
 * Where a run writes and what it writes besides training: the {@code strider.run} keys that are not part of the
 * {@link org.strider.run.RunPlan}.
 *
 * @param dir               parent of run directories ({@code strider.run.dir})
 * @param name              the run directory's name, "" for {@code ENV-yyyyMMdd-HHmmss} ({@code strider.run.name})
 * @param checkpointEvery   env steps between {@code checkpoints/latest} (0: only at the end)
 * @param evalEveryEpisodes training episodes between evaluations, besides the step period (0: off)
 * @param plotsEvery        how often the plots are redrawn while the run goes
 * @param renderBestGif     whether to render {@code best.gif} at the end
 * @param stopAtReturn      stop once the mean training return over {@code stopWindow} episodes reaches this
 * @param stopWindow        episodes that mean is taken over
 */
public record RunOutput(Path dir, String name, long checkpointEvery, long evalEveryEpisodes, Duration plotsEvery,
    boolean renderBestGif, OptionalDouble stopAtReturn, int stopWindow) {
    /** The run directory: {@code dir/name}, or {@code dir/ENV-yyyyMMdd-HHmmss} at {@code now} when no name is set. */
    public Path runDir(final String envId, final LocalDateTime now) {
        return dir.resolve(name.isEmpty()
            ? envId + "-" + now.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) : name);
    }
}
