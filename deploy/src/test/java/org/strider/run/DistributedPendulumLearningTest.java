package org.strider.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.strider.learner.cluster.RunMonitor;
import org.strider.learner.td3.Td3Presets;
import org.strider.learner.train.Evaluation;

/**
 * The distributed run must learn as the synchronous trainer does: the one-JVM mode (a learner, one shard, one
 * actor node over Aeron IPC and a Pekko cluster) with the Pendulum-v1 preset reaches a mean evaluation return of
 * at least -250 within 20,000 env steps for training seeds 1 and 2 (the learner issue's bar). It evaluates every
 * 1000 inserted transitions and stops at the first evaluation that passes.
 */
@Tag("learning")
class DistributedPendulumLearningTest {
    private static final double THRESHOLD = -250;

    @Test
    void shouldReachMinus250WithinTwentyThousandStepsForBothSeeds() throws Exception {
        for (final long seed : new long[] {1, 2}) {
            final long start = System.nanoTime();
            final RunPlan plan = new RunPlan("Pendulum-v1", Td3Presets.forEnv("Pendulum-v1"), seed, 1, 1, 1, 20_000,
                1.0, 16, 2, 1000, 10);
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
                    if (e.mean() >= THRESHOLD && handle.get() != null) {
                        handle.get().stop();
                    }
                }
            };
            try (LocalRun run = LocalRun.start(plan, monitor)) {
                handle.set(run);
                assertTrue(run.awaitFinished(Duration.ofMinutes(15)), "seed " + seed + " did not finish; " + curve);
                System.out.printf(Locale.ROOT, "distributed Pendulum-v1 TD3 seed %d: best %s in %.1f s; curve %s%n",
                    seed, best.get(), (System.nanoTime() - start) / 1e9, curve);
                assertTrue(run.learner().failure() == null, run.learner().finishReason());
            }
            assertTrue(best.get() != null && best.get().mean() >= THRESHOLD, "seed " + seed + ": curve " + curve);
        }
    }
}
