package org.strider.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.strider.control.CoordinatorProtocol;
import org.strider.env.EnvRegistry;
import org.strider.learner.cluster.RunMonitor;
import org.strider.learner.report.ReturnsPlot;
import org.strider.learner.td3.Td3Metrics;
import org.strider.learner.train.Evaluation;

/**
 * A distributed run's files, in the synchronous trainer's formats so the same plot reads both:
 * {@code episodes.csv} (episode, end_step, return, length, actor) from the actors' reports, {@code returns.csv}
 * (step, updates, eval mean and std, each evaluation episode) from the learner's evaluations. Also keeps the
 * figures a progress line needs. Thread-safe (reports arrive on the coordinator's thread, evaluations on the
 * learner's).
 */
public final class RunFiles implements RunMonitor, AutoCloseable {
    private static final String EPISODES = "episodes.csv";
    private static final String RETURNS = "returns.csv";

    private final PrintWriter episodes;
    private final PrintWriter returns;
    private final int evalEpisodes;
    private final AtomicLong updates = new AtomicLong();
    private final AtomicLong envSteps = new AtomicLong();
    private final AtomicLong version = new AtomicLong();
    private long episodeCount;
    private long reportedSteps;
    private volatile double lastEval = Double.NaN;
    private volatile double lastCriticLoss = Double.NaN;
    private volatile String finished;

    /**
     * Draws {@code returns.png} in {@code dir} from the run's CSVs, with the env's reward threshold as target;
     * {@code how} names the way it ran (e.g. "strider local").
     */
    public static void plot(final Path dir, final RunPlan plan, final String how) throws IOException {
        ReturnsPlot.write(dir.resolve(EPISODES), dir.resolve(RETURNS), dir.resolve("returns.png"),
            "TD3 on " + plan.envId() + " (" + how + ", seed " + plan.seed() + ")",
            EnvRegistry.spec(plan.envId()).rewardThreshold());
    }

    public RunFiles(final Path dir, final int evalEpisodes) throws IOException {
        Files.createDirectories(dir);
        this.evalEpisodes = evalEpisodes;
        this.episodes = writer(dir.resolve(EPISODES), "episode,end_step,return,length,actor");
        final StringBuilder header = new StringBuilder("step,updates,eval_mean,eval_std");
        for (int i = 0; i < evalEpisodes; i++) {
            header.append(",return_").append(i);
        }
        this.returns = writer(dir.resolve(RETURNS), header.toString());
    }

    private static PrintWriter writer(final Path file, final String header) throws IOException {
        final PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING));
        w.println(header);
        w.flush();
        return w;
    }

    @Override
    public void onUpdate(final Td3Metrics metrics, final long steps) {
        updates.set(metrics.update);
        envSteps.set(steps);
        lastCriticLoss = metrics.q1Loss;
    }

    @Override
    public synchronized void onEvaluation(final Evaluation e) {
        lastEval = e.mean();
        final StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%d,%d,%.4f,%.4f", e.envStep(),
            e.updates(), e.mean(), e.std()));
        final double[] r = e.returns();
        for (int i = 0; i < evalEpisodes; i++) {
            line.append(',').append(i < r.length ? String.format(Locale.ROOT, "%.4f", r[i]) : "");
        }
        returns.println(line);
        returns.flush();
    }

    @Override
    public void onWeightsPublished(final long v, final long u) {
        version.set(v);
    }

    @Override
    public synchronized void onActorReport(final CoordinatorProtocol.ActorReport r) {
        // The actor's steps at report time stand in for each episode's end step: close enough for a plot.
        reportedSteps = Math.max(reportedSteps, envSteps.get());
        for (int i = 0; i < r.recentReturns().length; i++) {
            episodes.printf(Locale.ROOT, "%d,%d,%.4f,%d,%d%n", episodeCount++, reportedSteps, r.recentReturns()[i],
                r.recentLengths()[i], r.actorId());
        }
        episodes.flush();
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

    public long weightsVersion() {
        return version.get();
    }

    public double lastEval() {
        return lastEval;
    }

    public double lastCriticLoss() {
        return lastCriticLoss;
    }

    public synchronized long episodes() {
        return episodeCount;
    }

    public String finished() {
        return finished;
    }

    @Override
    public synchronized void close() {
        episodes.close();
        returns.close();
        if (episodes.checkError() || returns.checkError()) {
            throw new UncheckedIOException(new IOException("could not write the run's CSV files"));
        }
    }
}
