package org.strider.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.strider.learner.cluster.RunMonitor;
import org.strider.learner.td3.Td3Config;
import org.strider.learner.td3.Td3Presets;

/**
 * A node whose Aeron client closes by itself (as after a stall longer than the liveness timeout, which the soak
 * benchmark hit) can no longer move data: the run must end, failed and saying why, instead of waiting forever.
 */
class LocalRunAeronLossTest {
    @Test
    void shouldFailTheRunWhenTheAeronClientCloses() throws Exception {
        final Td3Config config = Td3Presets.forEnv("Pendulum-v1").toBuilder().hidden(16, 16).batchSize(16)
            .warmupSteps(200).capacity(10_000).build();
        final RunPlan plan = new RunPlan("Pendulum-v1", config, 5, 1, 1, 1, 1_000_000, 1.0, 16, 2, 0, 1);
        try (LocalRun run = LocalRun.start(plan, new RunMonitor() { })) {
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (run.learner().updates() < 20) {
                assertTrue(System.nanoTime() < deadline, "the run started updating");
                Thread.sleep(20);
            }
            run.aeronRuntime().aeron().close(); // what Aeron itself does on a fatal error
            assertTrue(run.awaitFinished(Duration.ofSeconds(30)), "the run ended instead of waiting for data");
            assertEquals("failed: the Aeron client closed", run.learner().finishReason());
        }
    }
}
