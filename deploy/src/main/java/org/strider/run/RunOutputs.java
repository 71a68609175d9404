package org.strider.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strider.learner.checkpoint.Checkpoint;
import org.strider.learner.checkpoint.CheckpointException;
import org.strider.learner.cluster.AlgorithmConfig;
import org.strider.learner.cluster.BestEval;
import org.strider.learner.cluster.CheckpointFiles;
import org.strider.learner.cluster.LearnerNode;
import org.strider.learner.cluster.ResumePoint;
import org.strider.learner.dqn.DqnState;
import org.strider.learner.td3.Td3State;

/**
 * A run directory while its run goes and when it ends: the CSVs and progress figures ({@link RunFiles}), the
 * plots redrawn every {@link OutputSettings#plotsEvery}, and at the end ({@link #finish}) the last plots,
 * {@code best.gif} and {@code summary.json}. The learner writes {@code checkpoints/} itself (see
 * {@code CheckpointFiles}). Shared by {@code strider local} and {@code strider learner}.
 */
public final class RunOutputs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunOutputs.class);

    private final Path dir;
    private final RunPlan plan;
    private final OutputSettings settings;
    private final RunFiles files;
    private final RunPlots plots;
    private final long startNs = System.nanoTime();
    private RunSummary summary;

    private RunOutputs(final Path dir, final RunPlan plan, final OutputSettings settings, final String how,
        final RunFiles files) {
        this.dir = dir;
        this.plan = plan;
        this.settings = settings;
        this.files = files;
        this.plots = new RunPlots(dir, plan, how).start(settings.plotsEvery());
    }

    /** A fresh run's directory (CSVs truncated); {@code how} names the way it runs, e.g. "strider local". */
    public static RunOutputs open(final Path dir, final RunPlan plan, final OutputSettings settings, final String how)
        throws IOException {
        return new RunOutputs(dir, plan, settings, how, new RunFiles(dir, plan.evalEpisodes()));
    }

    /** The directory of a run resumed from {@code from}: the CSVs are appended to, the best so far kept. */
    public static RunOutputs resume(final Path dir, final RunPlan plan, final OutputSettings settings,
        final String how, final ResumePoint from) throws IOException {
        return new RunOutputs(dir, plan, settings, how, RunFiles.resumed(dir, plan.evalEpisodes(),
            from.envSteps(), from.updates()));
    }

    /**
     * Where a run in {@code dir} stands: {@code checkpoints/latest.ckpt} loaded for {@code plan} (its env and
     * algorithm config), the best so far from {@code checkpoints/best.json}, the episodes in {@code episodes.csv}.
     *
     * @throws CheckpointException naming the file when it is missing, damaged or was written for another env or
     *                             config
     * @throws IOException         naming the file when best.json or episodes.csv cannot be read
     */
    public static ResumePoint resumePoint(final Path dir, final RunPlan plan) throws IOException {
        final Path latest = checkpointDir(dir).resolve(CheckpointFiles.LATEST);
        if (!Files.isRegularFile(latest)) {
            throw new CheckpointException(latest, "there is no such file: the run to resume wrote no checkpoint");
        }
        final BestEval best = CheckpointFiles.readBest(checkpointDir(dir));
        final long episodes = EpisodesCsv.count(dir);
        if (plan.algorithm() instanceof AlgorithmConfig.Dqn dqn) {
            if (!Checkpoint.isDqn(latest)) {
                throw new CheckpointException(latest, "it is a TD3/DDPG checkpoint, but the run's config trains dqn");
            }
            final DqnState state = Checkpoint.readDqn(latest, plan.envId(),
                ((AlgorithmConfig.Dqn) dqn.learnerConfig()).config());
            return ResumePoint.dqn(state, best, episodes);
        }
        if (Checkpoint.isDqn(latest)) {
            throw new CheckpointException(latest, "it is a DQN checkpoint, but the run's config trains "
                + plan.algorithm().name());
        }
        final Td3State state = Checkpoint.read(latest, plan.envId(), LearnerNode.learnerConfig(plan.config()));
        return new ResumePoint(state, best, episodes);
    }

    public static Path checkpointDir(final Path dir) {
        return dir.resolve("checkpoints");
    }

    public Path dir() {
        return dir;
    }

    public Path checkpointDir() {
        return checkpointDir(dir);
    }

    public RunFiles files() {
        return files;
    }

    public OutputSettings settings() {
        return settings;
    }

    /**
     * Ends the directory once the learner has stopped (its checkpoints written): stops the plot timer, closes the
     * CSVs, draws the plots once more, draws {@code best.gif} (if asked and the env renders), writes
     * {@code summary.json} with {@code reason}. Each step that fails is logged and the next one still runs. Only
     * the first call does this; later ones return the same summary.
     */
    public synchronized RunSummary finish(final String reason) {
        if (summary != null) {
            return summary;
        }
        final double seconds = (System.nanoTime() - startNs) / 1e9;
        plots.close();
        try {
            files.close();
        } catch (final RuntimeException e) {
            LOG.error("could not finish the run's CSV files in {}: {}", dir, e.toString());
        }
        plots.draw();
        if (settings.renderBestGif()) {
            try {
                final String skipped = BestGif.write(dir);
                if (skipped != null) {
                    LOG.info("no {}: {}", BestGif.NAME, skipped);
                }
            } catch (final IOException | RuntimeException e) {
                LOG.warn("could not draw {}: {}", dir.resolve(BestGif.NAME), e.toString());
            }
        }
        final RunSummary s = new RunSummary(plan.envId(), plan.algorithm().name(), files.envSteps(), files.updates(), files.startSteps(), files.startUpdates(),
            files.episodes(), seconds, files.lastEvalRow(), files.best(), reason, RunSummary.filesIn(dir));
        try {
            s.write(dir);
        } catch (final IOException e) {
            LOG.error("could not write {}: {}", dir.resolve(RunSummary.NAME), e.toString());
        }
        summary = s;
        return s;
    }

    /** {@link #finish} with "stopped" if it was not called. */
    @Override
    public void close() {
        finish("stopped");
    }
}
