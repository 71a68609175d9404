package org.strider.learner.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strider.env.Box;
import org.strider.learner.checkpoint.Checkpoint;
import org.strider.learner.td3.Td3Presets;
import org.strider.learner.td3.Td3State;
import org.strider.learner.train.Evaluation;

class CheckpointFilesTest {
    @TempDir
    Path dir;

    private static Td3State state() {
        final Td3State s = Td3State.create(Td3Presets.forEnv("Pendulum-v1").toBuilder().hidden(8, 8).capacity(1)
            .build(), 3, new Box(new float[] {-2f}, new float[] {2f}, 1), 7);
        s.envSteps(1234);
        return s;
    }

    @Test
    void shouldWriteBestWithItsRecordAndReadTheRecordBack() throws IOException {
        final CheckpointFiles files = new CheckpointFiles(dir.resolve("checkpoints"), "Pendulum-v1");
        assertNull(CheckpointFiles.readBest(files.dir()), "no record before the first best");
        final BestEval best = BestEval.of(new Evaluation(1234, 1000, new double[] {-150.25, -170.75}));
        files.writeBest(state(), best);
        files.writeLatest(state());
        assertEquals(best, CheckpointFiles.readBest(files.dir()));
        assertEquals(1234, Checkpoint.read(files.best(), "Pendulum-v1").envSteps());
        assertEquals(1234, Checkpoint.inspect(files.latest()).envSteps());
        try (var listing = Files.list(files.dir())) {
            assertFalse(listing.anyMatch(p -> p.toString().endsWith(".tmp")), "no temporary file left behind");
        }
    }

    @Test
    void shouldNameTheFileWhenTheBestRecordIsDamaged() throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(CheckpointFiles.BEST_JSON), "{\"step\": 5, \"updates\": 3}");
        final IOException e = assertThrows(IOException.class, () -> CheckpointFiles.readBest(dir));
        assertTrue(e.getMessage().contains(dir.resolve(CheckpointFiles.BEST_JSON).toString())
            && e.getMessage().contains("eval_mean"), e.getMessage());
    }

    @Test
    void shouldCountOnlyAStrictlyHigherFiniteMeanAsABetterEvaluation() {
        final Evaluation e = new Evaluation(10, 5, new double[] {-100});
        assertTrue(BestEval.improves(null, e));
        assertFalse(BestEval.improves(BestEval.of(e), e), "a tie keeps the earlier best");
        assertFalse(BestEval.improves(null, new Evaluation(10, 5, new double[] {Double.NaN})));
        assertTrue(BestEval.improves(BestEval.of(e), new Evaluation(20, 9, new double[] {-99})));
    }
}
