package org.strider.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strider.env.EnvRegistry;
import org.strider.learner.report.LossesPlot;
import org.strider.learner.report.ReturnsPlot;

/**
 * {@code returns.png} (episode returns, their moving average, evaluation means, the env's reward threshold) and
 * {@code losses.png} (critic and actor loss, mean Q, TD error against updates), drawn from the run's CSVs: every
 * {@code every} on a daemon thread of their own while the run goes ({@link #start}), and once more at the end. A
 * plot that fails is logged and skipped; it never ends the run.
 */
public final class RunPlots implements AutoCloseable {
    public static final String RETURNS = "returns.png";
    public static final String LOSSES = "losses.png";
    private static final Logger LOG = LoggerFactory.getLogger(RunPlots.class);

    private final Path dir;
    private final String title;
    private final double target;
    private ScheduledExecutorService timer;

    /** {@code how} names the way it runs (e.g. "strider local"), for the titles. */
    public RunPlots(final Path dir, final RunPlan plan, final String how) {
        this.dir = dir;
        this.title = plan.algorithm().name().toUpperCase(java.util.Locale.ROOT) + " on " + plan.envId() + " (" + how
            + ", seed " + plan.seed() + ")";
        this.target = EnvRegistry.spec(plan.envId()).rewardThreshold();
    }

    /** Redraws every {@code every} from now on, until {@link #close}. */
    public synchronized RunPlots start(final Duration every) {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                final Thread t = new Thread(r, "strider-plots");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(this::draw, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /**
     * Draws both plots from what the CSVs hold now (a plot whose CSV has no row yet is left out); returns how many
     * were written. Failures are logged, not thrown.
     */
    public synchronized int draw() {
        int written = 0;
        try {
            final Path episodes = dir.resolve(EpisodesCsv.NAME);
            final Path evals = dir.resolve(EvalCsv.NAME);
            if (!CsvLog.rows(episodes).isEmpty() || !CsvLog.rows(evals).isEmpty()) {
                ReturnsPlot.write(episodes, evals, dir.resolve(RETURNS), title, target);
                written++;
            }
        } catch (final IOException | RuntimeException e) {
            LOG.warn("could not draw {}: {}", dir.resolve(RETURNS), e.toString());
        }
        try {
            final Path learner = dir.resolve(LearnerCsv.NAME);
            if (Files.exists(learner) && LossesPlot.write(learner, dir.resolve(LOSSES), title)) {
                written++;
            }
        } catch (final IOException | RuntimeException e) {
            LOG.warn("could not draw {}: {}", dir.resolve(LOSSES), e.toString());
        }
        return written;
    }

    /** Stops the redrawing (waits for a drawing in progress). */
    @Override
    public void close() {
        final ScheduledExecutorService t;
        synchronized (this) {
            t = timer;
            timer = null;
        }
        if (t != null) {
            t.shutdown(); // a drawing in progress finishes
            try {
                t.awaitTermination(30, TimeUnit.SECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
