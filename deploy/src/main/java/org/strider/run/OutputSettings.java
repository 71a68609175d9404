package org.strider.run;

import java.nio.file.Path;
import java.time.Duration;
import org.strider.learner.cluster.LearnerSetup;
import org.strider.learner.cluster.ResumePoint;
import org.strider.learner.train.StopAtAverage;
import org.strider.wire.RunKey;

/**
 * What a run writes into its directory besides the CSVs, and how often.
 *
 * @param checkpointEvery   write {@code checkpoints/latest.ckpt} every this many env steps (0: only at the end)
 * @param evalEveryEpisodes also evaluate every this many finished training episodes (0: only every N env steps)
 * @param plotsEvery        redraw {@code returns.png} and {@code losses.png} this often while the run goes
 * @param renderBestGif     draw {@code best.gif} (one evaluation episode of the best policy) at the end
 * @param stopAt            end the run early once the training episodes' moving average reaches a bar (null: never)
 * @param key               the run's data-plane key: every frame signed and checked with it (null: unsigned frames)
 */
public record OutputSettings(long checkpointEvery, long evalEveryEpisodes, Duration plotsEvery,
    boolean renderBestGif, StopAtAverage stopAt, RunKey key) {
    public OutputSettings {
        if (checkpointEvery < 0 || evalEveryEpisodes < 0 || plotsEvery == null || plotsEvery.isNegative()
            || plotsEvery.isZero()) {
            throw new IllegalArgumentException("output settings out of range: checkpoint every " + checkpointEvery
                + " env steps (>= 0), eval every " + evalEveryEpisodes + " episodes (>= 0), plots every " + plotsEvery
                + " (> 0)");
        }
    }

    /** {@code latest.ckpt} every 10,000 env steps, no evaluation by episodes, plots every 30 s, the GIF on. */
    public static OutputSettings defaults() {
        return new OutputSettings(10_000, 0, Duration.ofSeconds(30), true, null, null);
    }

    /** Without an early stop. */
    public OutputSettings(final long checkpointEvery, final long evalEveryEpisodes, final Duration plotsEvery,
        final boolean renderBestGif) {
        this(checkpointEvery, evalEveryEpisodes, plotsEvery, renderBestGif, null, null);
    }

    /** These settings with frames signed by {@code runKey} (null: unsigned). */
    public OutputSettings withKey(final RunKey runKey) {
        return new OutputSettings(checkpointEvery, evalEveryEpisodes, plotsEvery, renderBestGif, stopAt, runKey);
    }

    /** The learner's part of {@code plan} with these settings: files in {@code checkpointDir} (null: none). */
    public LearnerSetup learnerSetup(final RunPlan plan, final Path checkpointDir, final ResumePoint resume) {
        return LearnerSetup.evaluating(plan.evalEvery(), plan.evalEpisodes()).withEvalEveryEpisodes(evalEveryEpisodes)
            .withCheckpoints(checkpointDir, checkpointEvery).resumingFrom(resume).withStopAt(stopAt).withKey(key);
    }
}
