package org.strider.learner.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.strider.learner.replay.ReplayBatch;
import org.strider.learner.replay.ReplayBuffer;

/** Smoke checks of the benchmark's pieces (the benchmark itself asserts nothing and is not run here). */
class LearnerBenchTest {
    @Test
    void shouldCountThirtyTwoGemmsPerUpdateAsThePyTorchReferenceDoes() {
        assertEquals(64, new GemmOnly(24, 4, 8, 6, 5).count());
    }

    @Test
    void shouldRunTheTd3UpdateDeterministically() {
        final BenchUpdate.Setting setting = new BenchUpdate.Setting(24, 4, 16, 12, 8, 3);
        final ReplayBuffer replay = smallReplay();
        final float[][] runs = new float[2][];
        for (int run = 0; run < 2; run++) {
            final Td3BenchUpdate update = new Td3BenchUpdate(setting);
            final ReplayBatch batch = new ReplayBatch(8, 24, 4);
            replay.rngState(99);
            for (int i = 0; i < 4; i++) {
                replay.sample(batch);
                update.update(batch);
            }
            runs[run] = update.actorParams();
            for (final float v : runs[run]) {
                assertTrue(Float.isFinite(v));
            }
        }
        assertArrayEquals(runs[0], runs[1], 0f);
    }

    @Test
    void shouldParseOptionsAndRejectOddUpdateCounts() {
        final LearnerBench.Options o = LearnerBench.Options.parse(new String[] {"--threads", "2", "--batches", "64",
            "--hidden", "32-32", "--updates", "10"});
        assertEquals(List.of("--worker", "--threads", "2", "--batches", "64", "--hidden", "32-32", "--windows", "5",
            "--updates", "10", "--warmup", "50", "--op-threads", "0"), o.workerArgs(2));
        assertThrows(IllegalArgumentException.class, () -> LearnerBench.Options.parse(new String[] {"--updates", "3"}));
        final LearnerBench.Row row = new LearnerBench.Row(1, "256-256", 100, 2.0, 1.0, 1.5, 0.9, 1.6,
            new double[] {2.0, 2.1}, new double[] {1.0}, 32, 1000);
        assertEquals(row.json(), LearnerBench.Row.parse(row.json()).json());
    }

    private static ReplayBuffer smallReplay() {
        final ReplayBuffer replay = new ReplayBuffer(64, 24, 4, 5);
        final float[] obs = new float[24];
        final float[] action = new float[4];
        for (int i = 0; i < 64; i++) {
            for (int k = 0; k < obs.length; k++) {
                obs[k] = (float) Math.sin(i * 31 + k);
            }
            for (int k = 0; k < action.length; k++) {
                action[k] = (float) Math.cos(i * 7 + k);
            }
            replay.add(obs, action, (float) Math.sin(i), obs, i % 10 == 0);
        }
        return replay;
    }
}
