package org.strider.run;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.strider.learner.cluster.RunMonitor;
import org.strider.learner.dqn.DqnPresets;
import org.strider.learner.train.Evaluation;

/**
 * Distributed DQN must learn: the one-JVM mode (a learner, one shard, one actor node over Aeron IPC and a Pekko
 * cluster) with the CartPole-v1 preset (RL Zoo's, at its replay ratio of 0.5 updates per env step), evaluating
 * every 1,000 env steps within 50,000, reaches a best greedy evaluation mean (10 fixed episodes) of at least 400
 * for seeds 1 and 2, and stops early at 475 (the "solved" bar). The distributed run is not bit-reproducible (the
 * actor and learner interleave as the machine schedules them), so the bar leaves room: 475 was reached in 9 of 10
 * seed runs measured (seed 1 at 8k–25k steps, seed 2 at 23k–25k; seeds 3–8 between 2k and 38k); the one miss (seed 2
 * in a CI run) peaked at 461. Random play scores about 20. The deterministic 475 test is the synchronous trainer's
 * ({@code CartPoleDqnLearningTest}). Not the 100-episode training average ≥ 195: a full window of good episodes
 * alone takes ≥ 19,500 steps and the ε-greedy failures sit in it, so it passed between 29.6k and 49.2k steps and
 * missed 50k in 1 of 7 seed runs (see docs/dqn.md).
 */
@Tag("learning")
class DistributedCartPoleLearningTest {
    /** The run stops once an evaluation reaches this (CartPole-v1's reward threshold). */
    private static final double SOLVED = 475;
    /** What each seed's best evaluation must reach. */
    private static final double BAR = 400;

    @Test
    void shouldLearnCartPoleWithinFiftyThousandStepsForBothSeeds() throws Exception {
        for (final long seed : new long[] {1, 2}) {
            final long start = System.nanoTime();
            final RunPlan plan = RunPlan.dqn("CartPole-v1", DqnPresets.cartPole(), seed, 1, 1, 1, 50_000, 16, 2,
                1_000, 10, false);
            final List<String> curve = new ArrayList<>();
            final AtomicReference<Evaluation> best = new AtomicReference<>();
            final AtomicReference<LocalRun> handle = new AtomicReference<>();
            final RunMonitor monitor = new RunMonitor() {
                @Override
                public void onEvaluation(final Evaluation e) {
                    synchronized (curve) {
                        curve.add(String.format(Locale.ROOT, "%d:%.0f", e.envStep(), e.mean()));
                    }
                    if (best.get() == null || e.mean() > best.get().mean()) {
                        best.set(e);
                    }
                    if (e.mean() >= SOLVED && handle.get() != null) {
                        handle.get().stop();
                    }
                }
            };
            try (LocalRun run = LocalRun.start(plan, monitor)) {
                handle.set(run);
                assertTrue(run.awaitFinished(Duration.ofMinutes(10)), "seed " + seed + " did not finish; " + curve);
                System.out.printf(Locale.ROOT, "distributed CartPole-v1 DQN seed %d: best %s in %.1f s; curve %s%n",
                    seed, best.get(), (System.nanoTime() - start) / 1e9, curve);
                assertNull(run.learner().failure(), run.learner().finishReason());
            }
            assertTrue(best.get() != null && best.get().mean() >= BAR, "seed " + seed + ": curve " + curve);
        }
    }
}
