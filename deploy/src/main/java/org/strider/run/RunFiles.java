package org.strider.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.strider.control.CoordinatorProtocol;
import org.strider.learner.cluster.BestEval;
import org.strider.learner.cluster.CheckpointFiles;
import org.strider.learner.cluster.LearnerStats;
import org.strider.learner.cluster.RunMonitor;
import org.strider.learner.cluster.UpdateFigures;
import org.strider.learner.td3.Td3Metrics;
import org.strider.learner.train.Evaluation;

/**
 * A distributed run's CSV files ({@link EpisodesCsv}, {@link EvalCsv}, {@link LearnerCsv}) and the figures a
 * progress line and the summary need (env steps, updates, weight version, last and best evaluation). A resumed
 * run appends to the CSVs and starts its figures from what the directory holds. Thread-safe: reports arrive on
 * the coordinator's thread, updates, stats and evaluations on the learner's.
 */
public final class RunFiles implements RunMonitor, AutoCloseable {
    private final Path dir;
    private final EpisodesCsv episodes;
    private final EvalCsv evals;
    private final LearnerCsv learner;
    private final AtomicLong updates = new AtomicLong();
    private final AtomicLong envSteps = new AtomicLong();
    private final AtomicLong version = new AtomicLong();
    private final long startSteps;
    private final long startUpdates;
    private final Map<Integer, Long> actorSteps = new HashMap<>();
    private long actorStepsSum;
    private long reportedSteps;
    private volatile EvalRow lastEval;
    private volatile BestEval best;
    private volatile double lastCriticLoss = Double.NaN;
    private volatile String finished;

    /** A fresh run's files in {@code dir} (created; existing CSVs truncated). */
    public RunFiles(final Path dir, final int evalEpisodes) throws IOException {
        this(dir, evalEpisodes, 0, 0, false);
    }

    private RunFiles(final Path dir, final int evalEpisodes, final long steps, final long updates,
        final boolean append) throws IOException {
        Files.createDirectories(dir);
        this.dir = dir;
        this.startSteps = steps;
        this.startUpdates = updates;
        this.envSteps.set(steps);
        this.updates.set(updates);
        this.episodes = new EpisodesCsv(dir, append);
        this.evals = new EvalCsv(dir, evalEpisodes, append);
        this.learner = new LearnerCsv(dir, append);
        if (append) {
            lastEval = EvalCsv.last(dir);
            best = CheckpointFiles.readBest(dir.resolve("checkpoints"));
        }
    }

    /**
     * The files of a run resumed at {@code steps} env steps and {@code updates} updates: the CSVs are appended to
     * (their headers checked), the last evaluation and the best so far read back.
     */
    public static RunFiles resumed(final Path dir, final int evalEpisodes, final long steps, final long updates)
        throws IOException {
        return new RunFiles(dir, evalEpisodes, steps, updates, true);
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void onLearnerUpdate(final UpdateFigures figures, final long steps) {
        updates.set(figures.update);
        envSteps.set(steps);
        lastCriticLoss = figures.loss;
    }

    /** TD3/DDPG: the last critic loss is critic 1's (this follows {@link #onLearnerUpdate}). */
    @Override
    public void onUpdate(final Td3Metrics metrics, final long steps) {
        lastCriticLoss = metrics.q1Loss;
    }

    @Override
    public void onLearnerStats(final LearnerStats stats) {
        synchronized (learner) {
            learner.add(stats);
        }
        advance(stats.envSteps(), stats.update());
    }

    @Override
    public void onEvaluation(final Evaluation e) {
        synchronized (evals) {
            lastEval = evals.add(e);
        }
        advance(e.envStep(), e.updates());
    }

    /** The run's last stats row and its final evaluation carry its final figures (after the last update's). */
    private void advance(final long steps, final long update) {
        envSteps.accumulateAndGet(steps, Math::max);
        updates.accumulateAndGet(update, Math::max);
    }

    @Override
    public void onBest(final BestEval b) {
        best = b;
    }

    @Override
    public void onWeightsPublished(final long v, final long u) {
        version.set(v);
    }

    @Override
    public void onActorReport(final CoordinatorProtocol.ActorReport r) {
        synchronized (episodes) {
            // The env steps the actors had taken at report time (the run's at the start plus each actor's latest
            // count) stand in for each episode's end step: close enough for a plot, and right during the warm-up,
            // when the learner's count does not move yet.
            final Long before = actorSteps.put(r.actorId(), r.envSteps());
            actorStepsSum += r.envSteps() - (before == null ? 0 : before);
            reportedSteps = Math.max(reportedSteps, startSteps + actorStepsSum);
            for (int i = 0; i < r.recentReturns().length; i++) {
                episodes.add(reportedSteps, r.recentReturns()[i], r.recentLengths()[i], r.actorId());
            }
        }
    }

    @Override
    public void onFinished(final String reason, final Throwable failure) {
        finished = reason;
    }

    public long updates() {
        return updates.get();
    }

    public long envSteps() {
        return envSteps.get();
    }

    /** Env steps when this process started (the checkpoint's for a resumed run, else 0). */
    public long startSteps() {
        return startSteps;
    }

    /** Updates when this process started (the checkpoint's for a resumed run, else 0). */
    public long startUpdates() {
        return startUpdates;
    }

    public long weightsVersion() {
        return version.get();
    }

    /** The last evaluation's mean return (NaN before the first). */
    public double lastEval() {
        final EvalRow e = lastEval;
        return e == null ? Double.NaN : e.mean();
    }

    /** The last evaluation (null before the first). */
    public EvalRow lastEvalRow() {
        return lastEval;
    }

    /** The best evaluation so far, of the run this one resumed too (null before the first). */
    public BestEval best() {
        return best;
    }

    public double lastCriticLoss() {
        return lastCriticLoss;
    }

    public long episodes() {
        synchronized (episodes) {
            return episodes.count();
        }
    }

    public String finished() {
        return finished;
    }

    @Override
    public void close() {
        synchronized (episodes) {
            episodes.close();
        }
        synchronized (evals) {
            evals.close();
        }
        synchronized (learner) {
            learner.close();
        }
    }
}
