package org.strider.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.strider.learner.cluster.RunMonitor;
import org.strider.learner.replay.service.ShardStats;
import org.strider.learner.td3.Td3Config;
import org.strider.learner.td3.Td3Presets;
import org.strider.learner.td3.Td3State;
import org.strider.learner.train.Td3Trainer;
import org.strider.learner.train.TrainListener;
import org.strider.learner.train.TrainSettings;

/**
 * Issue 5's determinism guarantee: the one-JVM distributed run in lockstep (one actor node of one env, one shard,
 * the Pekko cluster, Aeron IPC, the rate limiter, the learner thread) ends with the same weights, bit for bit, as
 * the synchronous {@link Td3Trainer} with the same config and seed.
 */
class LockstepRunTest {
    private static final String ENV = "Pendulum-v1";
    private static final long SEED = 11;
    private static final long STEPS = 2_500;

    private static Td3Config small() {
        return Td3Presets.forEnv(ENV).toBuilder().hidden(32, 32).batchSize(32).warmupSteps(300).capacity(20_000)
            .build();
    }

    @Test
    void shouldEndWithTheSynchronousTrainersWeightsWhenRunInLockstep() throws Exception {
        final Td3Trainer trainer = Td3Trainer.create(ENV, small(), SEED, new TrainSettings(0, 0, 0));
        final float[] initialActor = trainer.state().actor().paramsToFloats();
        trainer.runUntil(STEPS, TrainListener.NONE);
        final Td3State expected = trainer.state();
        assertEquals(STEPS - 300, expected.updates(), "the trainer updates once per env step after the warm-up");
        assertFalse(Arrays.equals(initialActor, expected.actor().paramsToFloats()), "the trainer's actor learned");

        try (LocalRun run = LocalRun.start(RunPlan.lockstep(ENV, small(), SEED, STEPS), new RunMonitor() { })) {
            // Generous: 2,200 round trips of thread hand-offs with back-off idling; a loaded 2-core CI box has taken > 60 s.
            assertTrue(run.awaitFinished(Duration.ofSeconds(240)), "the lockstep run finished in time");
            assertNull(run.learner().failure(), () -> "the learner failed: " + run.learner().finishReason());
            final Td3State actual = run.learner().state();
            assertEquals(expected.updates(), actual.updates(), "updates");
            assertArrayEquals(expected.actor().paramsToFloats(), actual.actor().paramsToFloats(), "actor");
            assertArrayEquals(expected.critic1().paramsToFloats(), actual.critic1().paramsToFloats(), "critic 1");
            assertArrayEquals(expected.critic2().paramsToFloats(), actual.critic2().paramsToFloats(), "critic 2");
            assertArrayEquals(expected.actorTarget().paramsToFloats(), actual.actorTarget().paramsToFloats(),
                "target actor");
            assertArrayEquals(expected.critic1Target().paramsToFloats(), actual.critic1Target().paramsToFloats(),
                "target critic 1");
            assertArrayEquals(expected.critic2Target().paramsToFloats(), actual.critic2Target().paramsToFloats(),
                "target critic 2");
            assertEquals(expected.targetNoiseRng().state(), actual.targetNoiseRng().state(),
                "target-noise generator at the same draw");

            // The shard's stats are a snapshot every 100 ms; the learner's prefetch may have drawn one batch more
            // (for the actor's step past the end), never more than that.
            Thread.sleep(300);
            final ShardStats shard = run.shardStats().get(0);
            assertEquals(0, shard.rejected(), "nothing rejected: " + shard.rejectedByReason());
            assertEquals(0, shard.sequenceGaps(), "no frame lost between actor and shard");
            final long batches = shard.samplesServed() / 32;
            assertTrue(batches >= STEPS - 300 && batches <= STEPS - 300 + 1,
                "one batch sampled per insert after the warm-up: " + batches + " batches for " + shard.inserted()
                    + " inserts");
        }
    }
}
