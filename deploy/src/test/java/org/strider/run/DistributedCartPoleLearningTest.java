package org.strider.run;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.strider.control.CoordinatorProtocol;
import org.strider.learner.cluster.RunMonitor;
import org.strider.learner.dqn.DqnPresets;
import org.strider.learner.train.StopAtAverage;

/**
 * Distributed DQN must learn as the synchronous trainer does: the one-JVM mode (a learner, one shard, one actor
 * node over Aeron IPC and a Pekko cluster) with the CartPole-v1 preset (RL Zoo's, at its replay ratio of 0.5 updates
 * per env step) reaches a 100-episode training average of at least 195 within 50,000 env steps for seeds 1 and 2
 * (the bar, Gym's old CartPole-v0 "solved"; the training average, not evaluation ≥ 475, because it is the
 * seed notebook's criterion and what {@code strider.run.stop-at-average} ends a run on). The run stops there.
 */
@Tag("learning")
class DistributedCartPoleLearningTest {
    private static final double THRESHOLD = 195;
    private static final int WINDOW = 100;
    private static final long STEPS = 50_000;

    @Test
    void shouldReach195Over100EpisodesWithinFiftyThousandStepsForBothSeeds() throws Exception {
        for (final long seed : new long[] {1, 2}) {
            final long start = System.nanoTime();
            final RunPlan plan = RunPlan.dqn("CartPole-v1", DqnPresets.cartPole(), seed, 1, 1, 1, STEPS, 16, 2, 0,
                10, false);
            final List<Double> returns = new ArrayList<>();
            final AtomicLong actorSteps = new AtomicLong();
            final RunMonitor monitor = new RunMonitor() {
                @Override
                public void onActorReport(final CoordinatorProtocol.ActorReport report) {
                    synchronized (returns) {
                        for (final double r : report.recentReturns()) {
                            returns.add(r);
                        }
                    }
                    actorSteps.set(report.envSteps());
                }
            };
            final OutputSettings outputs = new OutputSettings(0, 0, Duration.ofSeconds(30), false,
                new StopAtAverage(THRESHOLD, WINDOW));
            final String reason;
            try (LocalRun run = LocalRun.start(plan, monitor, null, outputs, null)) {
                assertTrue(run.awaitFinished(Duration.ofMinutes(10)), "seed " + seed + " did not finish");
                assertNull(run.learner().failure(), run.learner().finishReason());
                reason = run.learner().finishReason();
                System.out.printf(Locale.ROOT, "distributed CartPole-v1 DQN seed %d: %s after %d env steps, %d "
                    + "updates, %d episodes in %.1f s%n", seed, reason, run.learner().algorithm().envSteps(),
                    run.learner().updates(), returns.size(), (System.nanoTime() - start) / 1e9);
            }
            assertTrue(reason.startsWith("average return"), "seed " + seed + " did not reach " + THRESHOLD + ": "
                + reason + "; last returns " + tail(returns));
        }
    }

    private static List<Double> tail(final List<Double> returns) {
        synchronized (returns) {
            return new ArrayList<>(returns.subList(Math.max(0, returns.size() - 20), returns.size()));
        }
    }
}
