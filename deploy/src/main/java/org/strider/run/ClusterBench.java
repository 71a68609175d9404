package org.strider.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.strider.learner.cluster.RunMonitor;
import org.strider.learner.replay.service.ShardStats;
import org.strider.learner.cluster.UpdateFigures;

/**
 * {@code strider bench cluster}'s measurement: one {@link LocalRun} (every role in this JVM), measured once it is
 * flowing. It waits until the learner has published weights and every actor acts with them (the shards' min size
 * reached, the first updates done), then {@code warmup} seconds more, then counts for {@code seconds}: transitions
 * the shards inserted (env steps that reached replay), env steps the actors produced, learner updates, and the
 * weight broadcast latency of every version published in the window (publish to applied on all actors, see
 * {@link BroadcastLatency}). Judges nothing.
 */
public final class ClusterBench {
    /** Versions kept per log: ~1000/s of weights for a minute. */
    private static final int LOG_CAPACITY = 1 << 16;

    private ClusterBench() {
    }

    /**
     * The figures of one run.
     *
     * @param actors            actor nodes
     * @param readySeconds      from start until every actor acted with the learner's weights
     * @param seconds           the measured window
     * @param insertedPerSecond transitions the shards inserted per second (env steps that reached replay)
     * @param producedPerSecond env steps the actors took per second (inserted, or on their way)
     * @param updatesPerSecond  learner updates per second
     * @param versionsSkipped   weight versions the learner's offer skipped in the window (newest wins)
     * @param latency           weight broadcast latency of the versions published in the window
     */
    public record Figures(int actors, double readySeconds, double seconds, double insertedPerSecond,
                          double producedPerSecond, double updatesPerSecond, long versionsSkipped,
                          BroadcastLatency latency) {
        /** Updates per inserted transition in the window (the limiter holds it near the plan's updates per step). */
        public double updatesPerStep() {
            return insertedPerSecond > 0 ? updatesPerSecond / insertedPerSecond : Double.NaN;
        }
    }

    /**
     * Runs {@code plan} (its step count should be out of reach), measures it, closes it.
     *
     * @param ready    how long to wait for the run to flow before giving up
     * @param progress progress lines (stderr)
     * @throws IllegalStateException if the run failed or did not flow within {@code ready}
     */
    public static Figures measure(final RunPlan plan, final double warmup, final double seconds, final Duration ready,
        final Consumer<String> progress) throws Exception {
        final AtomicLong updates = new AtomicLong();
        final RunMonitor monitor = new RunMonitor() {
            @Override
            public void onLearnerUpdate(final UpdateFigures figures, final long envSteps) {
                updates.incrementAndGet();
            }
        };
        final long start = System.nanoTime();
        try (LocalRun run = LocalRun.start(plan, monitor)) {
            final VersionTimes published = new VersionTimes(LOG_CAPACITY);
            run.learner().timeWeights(published);
            final List<VersionTimes> applied = new ArrayList<>();
            for (int a = 0; a < run.actorCount(); a++) {
                final VersionTimes log = new VersionTimes(LOG_CAPACITY);
                run.actorStats(a).timeWeights(log);
                applied.add(log);
            }
            progress.accept(plan.actors() + " actor(s): waiting for the run to flow (cluster up, shards past their "
                + "min size, first weights on every actor) ...");
            awaitFlowing(run, ready, start);
            final double readySeconds = (System.nanoTime() - start) / 1e9;
            progress.accept(String.format(java.util.Locale.ROOT, "%d actor(s): flowing after %.1f s; warm-up %.1f s, "
                + "then %.1f s measured ...", plan.actors(), readySeconds, warmup, seconds));
            sleep(warmup);

            final List<ShardStats> shardsFrom = run.shardStats();
            final long producedFrom = produced(run);
            final long updatesFrom = updates.get();
            final long skippedFrom = run.learner().weightsSkipped();
            final long fromNs = System.nanoTime();
            sleep(seconds);
            final long toNs = System.nanoTime();
            final long updatesTo = updates.get();
            final long producedTo = produced(run);
            final long skippedTo = run.learner().weightsSkipped();
            final List<ShardStats> shardsTo = run.shardStats();
            failIfFailed(run);

            // Versions published near the window's end get a moment to reach every actor before the join.
            final long lastInWindow = lastVersionBefore(published, toNs);
            final long graceEnd = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < graceEnd && !allReached(applied, lastInWindow)) {
                Thread.sleep(5);
            }
            final BroadcastLatency latency = BroadcastLatency.of(published, applied, fromNs, toNs);
            final double window = (toNs - fromNs) / 1e9;
            drainActors(run);
            return new Figures(plan.actors(), readySeconds, window, insertedPerSecond(shardsFrom, shardsTo),
                (producedTo - producedFrom) / window, (updatesTo - updatesFrom) / window, skippedTo - skippedFrom,
                latency);
        }
    }

    /**
     * Stops the actors while the learner still samples, so their last frames are admitted by the limiter and
     * inserted; stopping the learner first would leave each actor's last frame waiting for room until it times out.
     */
    private static void drainActors(final LocalRun run) throws InterruptedException {
        for (int a = 0; a < run.actorCount(); a++) {
            run.stopActor(a);
        }
        final long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long lastInserted = -1;
        while (System.nanoTime() < deadline) {
            long produced = 0;
            long sent = 0;
            long published = 0;
            for (int a = 0; a < run.actorCount(); a++) {
                produced += run.actorStats(a).produced();
                sent += run.actorStats(a).published() + run.actorStats(a).dropped();
                published += run.actorStats(a).published();
            }
            final long inserted = run.shardStats().stream().mapToLong(ShardStats::inserted).sum();
            if (produced == sent && inserted == published && inserted == lastInserted) {
                return;
            }
            lastInserted = inserted;
            Thread.sleep(20);
        }
    }

    private static void awaitFlowing(final LocalRun run, final Duration ready, final long start)
        throws InterruptedException {
        final long deadline = start + ready.toNanos();
        while (!flowing(run)) {
            failIfFailed(run);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the run did not flow within " + ready.toSeconds() + " s: weights v"
                    + run.learner().weightsVersion() + ", shards " + run.shardStats().size() + "/"
                    + run.run().shards() + " joined, inserted " + run.shardStats().stream()
                    .mapToLong(ShardStats::inserted).sum());
            }
            Thread.sleep(10);
        }
    }

    private static boolean flowing(final LocalRun run) {
        if (run.learner().weightsVersion() == 0) {
            return false;
        }
        for (int a = 0; a < run.actorCount(); a++) {
            if (run.actorStats(a).policyVersion() == 0) {
                return false;
            }
        }
        return true;
    }

    private static void failIfFailed(final LocalRun run) {
        if (run.learner().finishReason() != null) {
            throw new IllegalStateException("the run ended while measured: " + run.learner().finishReason(),
                run.learner().failure());
        }
    }

    private static long produced(final LocalRun run) {
        long sum = 0;
        for (int a = 0; a < run.actorCount(); a++) {
            sum += run.actorStats(a).produced();
        }
        return sum;
    }

    /** Sum over shards of each shard's inserts over its own snapshots' interval. */
    private static double insertedPerSecond(final List<ShardStats> from, final List<ShardStats> to) {
        double sum = 0;
        for (final ShardStats end : to) {
            for (final ShardStats begin : from) {
                if (begin.shardId() == end.shardId() && end.timestampNs() > begin.timestampNs()) {
                    sum += (end.inserted() - begin.inserted()) / ((end.timestampNs() - begin.timestampNs()) / 1e9);
                }
            }
        }
        return sum;
    }

    private static long lastVersionBefore(final VersionTimes published, final long toNs) {
        long last = 0;
        for (int i = 0; i < published.count() && published.nanos(i) < toNs; i++) {
            last = published.version(i);
        }
        return last;
    }

    private static boolean allReached(final List<VersionTimes> applied, final long version) {
        for (final VersionTimes log : applied) {
            final int n = log.count();
            if (n == 0 || log.version(n - 1) < version) {
                return false;
            }
        }
        return true;
    }

    private static void sleep(final double seconds) throws InterruptedException {
        Thread.sleep(Math.round(seconds * 1000));
    }
}
