package org.strider.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.strider.learner.td3.Td3Config;
import org.strider.learner.td3.Td3Presets;

/** The soak benchmark's machinery, briefly: actors come and go, samples are taken, nothing is lost. */
class SoakRunTest {
    @Test
    void shouldChurnActorsAndSampleWithoutLossWhenSoakedBriefly() throws Exception {
        final Td3Config config = Td3Presets.forEnv("Pendulum-v1").toBuilder().hidden(16, 16).batchSize(32)
            .capacity(20_000).warmupSteps(300).build();
        final RunPlan plan = new RunPlan("Pendulum-v1", config, 3, 2, 1, 1, Long.MAX_VALUE / 4, 0.25, 16, 2, 0, 1);
        final List<SoakRun.Sample> samples = new ArrayList<>();
        final SoakRun.Summary summary = SoakRun.run(plan, Duration.ofSeconds(9), Duration.ofMillis(1500),
            Duration.ofSeconds(2), 3, 7, samples::add);

        assertTrue(summary.joins() + summary.leaves() >= 4, "actors came and went: " + summary);
        assertTrue(summary.leaves() >= 1, "at least one actor left: " + summary);
        assertTrue(samples.size() >= 5, "a sample every 2 s and one at the end: " + samples.size());
        assertEquals(samples.get(samples.size() - 1), summary.last());
        assertTrue(summary.last().inserted() > summary.first().inserted(), "transitions kept coming: " + summary);
        assertTrue(summary.last().updates() > 0, "the learner trained");
        assertTrue(summary.last().rssBytes() > 0 && summary.last().heapAfterGcBytes() > 0, "memory read");
        assertEquals(0, summary.last().actorDrops(), "a leaving actor flushes; nobody drops");
        assertEquals(0, summary.last().shardRejects());
        assertEquals(0, summary.last().sequenceGaps());
        for (final SoakRun.Sample s : samples) {
            assertTrue(s.actorsAlive() >= 1 && s.actorsAlive() <= 3, "actors within bounds: " + s);
        }
    }
}
