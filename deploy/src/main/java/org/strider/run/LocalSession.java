package org.strider.run;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strider.learner.cluster.ResumePoint;

/**
 * One {@code strider local} run from start to files: a {@link LocalRun} writing into a {@link RunOutputs}
 * directory. The caller waits ({@link #awaitFinished}, showing progress meanwhile), then calls {@link #finish};
 * {@link #interrupt} ends the run early, and {@link #interruptAndAwait} is what a Ctrl-C shutdown hook does: stop
 * the learner (it evaluates once more and writes {@code latest.ckpt}), then wait, bounded, until the caller's
 * {@link #finish} has flushed the CSVs and written the plots and {@code summary.json} ("interrupted").
 */
public final class LocalSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalSession.class);

    private final RunOutputs outputs;
    private final LocalRun run;
    private final CountDownLatch written = new CountDownLatch(1);
    private volatile boolean interrupted;
    private RunSummary summary;

    private LocalSession(final RunOutputs outputs, final LocalRun run) {
        this.outputs = outputs;
        this.run = run;
    }

    /** Starts a fresh run of {@code plan} writing into {@code dir}. */
    public static LocalSession start(final RunPlan plan, final Path dir, final OutputSettings settings,
        final MeterRegistry metrics) throws IOException {
        final RunOutputs outputs = RunOutputs.open(dir, plan, settings, "strider local");
        try {
            return new LocalSession(outputs, LocalRun.start(plan, outputs.files(), outputs.checkpointDir(), settings,
                metrics));
        } catch (final RuntimeException e) {
            outputs.finish("failed: " + e.getMessage());
            throw e;
        }
    }

    /**
     * Continues the run in {@code dir} (its {@code checkpoints/latest.ckpt}, see {@link RunOutputs#resumePoint})
     * up to {@code plan.totalSteps()} env steps, appending to its files.
     *
     * @throws IOException (a {@code CheckpointException} for the checkpoint) naming the file that cannot be used
     */
    public static LocalSession resume(final RunPlan plan, final Path dir, final OutputSettings settings,
        final MeterRegistry metrics) throws IOException {
        final ResumePoint from = RunOutputs.resumePoint(dir, plan);
        if (from.envSteps() >= plan.totalSteps()) {
            throw new IllegalArgumentException("the run in " + dir + " already has " + from.envSteps()
                + " env steps; resume it with more total steps than that (got " + plan.totalSteps() + ")");
        }
        final RunOutputs outputs = RunOutputs.resume(dir, plan, settings, "strider local", from);
        try {
            return new LocalSession(outputs, LocalRun.resume(plan, from, outputs.files(), outputs.checkpointDir(),
                settings, metrics));
        } catch (final RuntimeException e) {
            outputs.finish("failed: " + e.getMessage());
            throw e;
        }
    }

    public RunFiles files() {
        return outputs.files();
    }

    public LocalRun run() {
        return run;
    }

    public Path dir() {
        return outputs.dir();
    }

    /** Waits for the learner to end (its step count reached, stopped, failed); false on timeout. */
    public boolean awaitFinished(final Duration timeout) throws InterruptedException {
        return run.awaitFinished(timeout);
    }

    /** Ends the run early; {@link #finish} then reports it as "interrupted". Any thread. */
    public void interrupt() {
        interrupted = true;
        run.stop();
    }

    public boolean interrupted() {
        return interrupted;
    }

    /**
     * A shutdown hook's body: {@link #interrupt}, then wait up to {@code timeout} for {@link #finish} (on the
     * thread that runs the session) to have written everything. False on timeout.
     */
    public boolean interruptAndAwait(final Duration timeout) {
        interrupt();
        try {
            return written.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Once the learner has ended: stops the nodes, closes the driver, and finishes the directory (plots,
     * {@code best.gif}, {@code summary.json}). Only the first call does this.
     */
    public synchronized RunSummary finish() {
        if (summary != null) {
            return summary;
        }
        try {
            try {
                run.close();
            } catch (final Exception e) {
                LOG.warn("could not close the local run cleanly: {}", e.toString());
            }
            final String reason = run.learner().finishReason();
            summary = outputs.finish(interrupted ? "interrupted" : reason == null ? "stopped" : reason);
            return summary;
        } finally {
            written.countDown();
        }
    }

    /** {@link #finish} unless done: a session closed early (e.g. on an exception) still leaves its files. */
    @Override
    public void close() {
        if (summary == null) {
            run.stop();
            finish();
        }
    }
}
