package org.strider.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.strider.learner.cluster.RunMonitor;
import org.strider.learner.replay.service.ShardStats;
import org.strider.learner.td3.Td3Config;
import org.strider.learner.td3.Td3Presets;

/**
 * Every role in one JVM, for real: a one-node Pekko cluster, an embedded Aeron driver, the shard's rate limiter,
 * the learner's TD3 updates on ND4J. Small networks keep the updates cheap; what is checked is the system.
 */
class LocalRunTest {
    private static Td3Config small() {
        return Td3Presets.forEnv("Pendulum-v1").toBuilder().hidden(32, 32).batchSize(32).warmupSteps(300)
            .capacity(20_000).build();
    }

    private static void await(final String what, final Duration timeout, final BooleanSupplier condition)
        throws InterruptedException {
        final long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void shouldKeepRunningAndAccountForEveryTransitionWhenActorsJoinAndLeave() throws Exception {
        final RunPlan plan = new RunPlan("Pendulum-v1", small(), 3, 1, 2, 1, 1_000_000, 1.0, 16, 2, 0, 1);
        try (LocalRun run = LocalRun.start(plan, new RunMonitor() { })) {
            await("the first actor to get weights", Duration.ofSeconds(60), () -> run.actorStats(0).policyVersion() > 0);

            final int late = run.addActor();
            final long joined = System.nanoTime();
            await("the late actor to get the current weights", Duration.ofSeconds(30),
                () -> run.actorStats(late).policyVersion() > 0);
            final double weightsAfter = (System.nanoTime() - joined) / 1e9;
            await("the late actor to step", Duration.ofSeconds(30), () -> run.actorStats(late).produced() > 100);

            run.stopActor(0);
            await("the first actor to stop", Duration.ofSeconds(30), () -> !isProducing(run, 0));
            final long insertedAtStop = shard(run).inserted();
            await("the run to go on without the first actor", Duration.ofSeconds(60),
                () -> shard(run).inserted() > insertedAtStop + 500);
            // What actor 0 published reaches the shard (the learner keeps sampling, so the log drains).
            await("actor 0's frames to be inserted", Duration.ofSeconds(30),
                () -> shard(run).insertedByActor().getOrDefault(0, 0L) == run.actorStats(0).published());

            final ShardStats s = shard(run);
            assertEquals(run.actorStats(0).produced(), run.actorStats(0).published() + run.actorStats(0).dropped(),
                "produced = published + dropped");
            assertEquals(0, run.actorStats(0).dropped(), "no drops in normal operation");
            assertEquals(0, s.rejected(), "nothing rejected: " + s.rejectedByReason());
            assertEquals(0, s.sequenceGaps(), "no frame lost between actor and shard");
            assertTrue(Math.abs(s.limiterError()) <= run.run().errorBuffer(),
                "samples per insert held within the error buffer: error " + s.limiterError() + ", buffer "
                    + run.run().errorBuffer());
            assertTrue(Math.abs(s.observedSamplesPerInsert() - run.run().samplesPerInsert()) < 0.05
                * run.run().samplesPerInsert(), "observed samples per insert " + s.observedSamplesPerInsert());
            assertTrue(weightsAfter < 30, "weights reached the late actor after " + weightsAfter + " s");
        }
    }

    private static boolean isProducing(final LocalRun run, final int actor) {
        final long before = run.actorStats(actor).produced();
        try {
            Thread.sleep(500);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return run.actorStats(actor).produced() != before;
    }

    private static ShardStats shard(final LocalRun run) {
        return run.shardStats().get(0);
    }
}
