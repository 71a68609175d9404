package org.strider.learner.cluster;

import java.nio.file.Path;
import org.strider.learner.train.StopAtAverage;
import org.strider.wire.RunKey;

/**
 * How the learner node evaluates, checkpoints and reports, apart from the algorithm and the run's spec.
 *
 * @param evalEvery         evaluate every this many env steps (0: never)
 * @param evalEpisodes      deterministic episodes per evaluation
 * @param evalEveryEpisodes also evaluate every this many finished training episodes (0: never)
 * @param checkpointDir     where {@link CheckpointFiles} go (null: no files)
 * @param checkpointEvery   write {@code latest.ckpt} every this many env steps (0: only at the end)
 * @param statsEvery        updates averaged into each {@link LearnerStats} row
 * @param resume            the checkpoint the learner starts from (null: a fresh run)
 * @param key               the run key weight frames are signed with (null: unsigned)
 * @param stopAt            end the run once the training episodes' moving average reaches a bar (null: never)
 */
public record LearnerSetup(long evalEvery, int evalEpisodes, long evalEveryEpisodes, Path checkpointDir,
    long checkpointEvery, int statsEvery, ResumePoint resume, RunKey key, StopAtAverage stopAt) {
    /** Rows of {@code learner.csv}: the mean over this many updates each. */
    public static final int DEFAULT_STATS_EVERY = 100;

    public LearnerSetup {
        if (evalEvery < 0 || evalEpisodes < 1 || evalEveryEpisodes < 0 || checkpointEvery < 0 || statsEvery < 1) {
            throw new IllegalArgumentException("learner setup out of range: eval every " + evalEvery + " (>= 0), eval "
                + "episodes " + evalEpisodes + " (>= 1), eval every episodes " + evalEveryEpisodes + " (>= 0), "
                + "checkpoint every " + checkpointEvery + " (>= 0), stats every " + statsEvery + " (>= 1)");
        }
    }

    /** Evaluation only: no files, no resume. */
    public static LearnerSetup evaluating(final long evalEvery, final int evalEpisodes) {
        return new LearnerSetup(evalEvery, evalEpisodes, 0, null, 0, DEFAULT_STATS_EVERY, null, null, null);
    }

    public LearnerSetup withCheckpoints(final Path dir, final long every) {
        return new LearnerSetup(evalEvery, evalEpisodes, evalEveryEpisodes, dir, every, statsEvery, resume, key, stopAt);
    }

    public LearnerSetup withEvalEveryEpisodes(final long episodes) {
        return new LearnerSetup(evalEvery, evalEpisodes, episodes, checkpointDir, checkpointEvery, statsEvery, resume,
            key, stopAt);
    }

    public LearnerSetup resumingFrom(final ResumePoint point) {
        return new LearnerSetup(evalEvery, evalEpisodes, evalEveryEpisodes, checkpointDir, checkpointEvery,
            statsEvery, point, key, stopAt);
    }

    /** Ends the run once the training episodes' moving average reaches {@code stop}'s bar (null: never). */
    public LearnerSetup withStopAt(final StopAtAverage stop) {
        return new LearnerSetup(evalEvery, evalEpisodes, evalEveryEpisodes, checkpointDir, checkpointEvery,
            statsEvery, resume, key, stop);
    }

    /** Weight frames signed with {@code runKey} (null: unsigned). */
    public LearnerSetup withKey(final RunKey runKey) {
        return new LearnerSetup(evalEvery, evalEpisodes, evalEveryEpisodes, checkpointDir, checkpointEvery,
            statsEvery, resume, runKey, stopAt);
    }
}
