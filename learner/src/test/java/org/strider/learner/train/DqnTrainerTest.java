package org.strider.learner.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strider.learner.checkpoint.Checkpoint;
import org.strider.learner.checkpoint.CheckpointException;
import org.strider.learner.dqn.DqnConfig;
import org.strider.learner.dqn.DqnState;

class DqnTrainerTest {
    static final String CARTPOLE = "CartPole-v1";

    /** Small and quick: 32-32, batch 32, learning from step 100, 2 updates every 4 steps, target every 50. */
    static DqnConfig small() {
        return DqnConfig.builder().hidden(32, 32).batchSize(32).capacity(2_000).warmupSteps(100).learningRate(1e-3)
            .trainEvery(4, 2).hardTargetUpdate(50).linearEpsilon(1.0, 0.05, 250).build();
    }

    static TrainSettings quiet() {
        return new TrainSettings(0, 0, 0);
    }

    static void assertSameState(final DqnState a, final DqnState b) {
        assertArrayEquals(a.q().paramsToFloats(), b.q().paramsToFloats(), "Q");
        assertArrayEquals(a.qTarget().paramsToFloats(), b.qTarget().paramsToFloats(), "target");
        assertArrayEquals(a.optimiser().firstMoment().toFloatVector(), b.optimiser().firstMoment().toFloatVector());
        assertArrayEquals(a.optimiser().secondMoment().toFloatVector(), b.optimiser().secondMoment().toFloatVector());
        assertEquals(a.optimiser().stepCount(), b.optimiser().stepCount());
        assertEquals(a.envSteps(), b.envSteps());
        assertEquals(a.updates(), b.updates());
        assertEquals(a.episodes(), b.episodes());
        assertEquals(a.explorationRng().state(), b.explorationRng().state());
        assertEquals(a.warmupRng().state(), b.warmupRng().state());
        assertEquals(a.replay().rngState(), b.replay().rngState());
        assertArrayEquals(a.obs(), b.obs());
        assertEquals(a.episodeReturn(), b.episodeReturn());
    }

    @Test
    void shouldGiveIdenticalWeightsForTheSameSeed() {
        for (final DqnConfig config : new DqnConfig[] {small(), small().toBuilder().doubleQ(true).batchNorm(true)
            .polyakTargetUpdate(0.1, 4).build()}) {
            final DqnTrainer a = DqnTrainer.create(CARTPOLE, config, 7, quiet());
            final DqnTrainer b = DqnTrainer.create(CARTPOLE, config, 7, quiet());
            final TrainResult ra = a.runUntil(400, TrainListener.NONE);
            final TrainResult rb = b.runUntil(400, TrainListener.NONE);
            assertSameState(a.state(), b.state());
            assertEquals(ra.episodes(), rb.episodes());
            assertEquals((400 - 100) / 4 * 2, a.state().updates(), "2 updates every 4 env steps after step 100");
            assertEquals(0.05, a.epsilon(), 1e-12);
        }
        final DqnTrainer a = DqnTrainer.create(CARTPOLE, small(), 7, quiet());
        final DqnTrainer c = DqnTrainer.create(CARTPOLE, small(), 8, quiet());
        a.runUntil(200, TrainListener.NONE);
        c.runUntil(200, TrainListener.NONE);
        assertFalse(java.util.Arrays.equals(a.state().q().paramsToFloats(), c.state().q().paramsToFloats()));
    }

    @Test
    void shouldContinueAStateMidEpisodeExactlyAsAnUninterruptedRun() {
        for (final String id : new String[] {CARTPOLE, "LunarLander-v3"}) {
            final DqnTrainer first = DqnTrainer.create(id, small(), 11, quiet());
            first.runUntil(233, TrainListener.NONE);
            assertTrue(first.state().inEpisode() && first.state().episodeSteps() > 0, id);
            final DqnTrainer resumed = DqnTrainer.resume(id, first.state(), quiet());
            resumed.runUntil(450, TrainListener.NONE);
            final DqnTrainer straight = DqnTrainer.create(id, small(), 11, quiet());
            straight.runUntil(450, TrainListener.NONE);
            assertSameState(straight.state(), resumed.state());
        }
    }

    @Test
    void shouldResumeFromACheckpointExactlyAndRefuseACorruptOne(@TempDir final Path dir) throws IOException {
        final DqnConfig config = small().toBuilder().batchNorm(true).build();
        final DqnTrainer first = DqnTrainer.create(CARTPOLE, config, 12, quiet());
        first.runUntil(250, TrainListener.NONE);
        final Path file = dir.resolve("dqn.ckpt");
        Checkpoint.write(file, CARTPOLE, first.state(), true);
        assertTrue(Checkpoint.isDqn(file));
        assertEquals(250, Checkpoint.inspectDqn(file).envSteps());
        final DqnTrainer resumed = DqnTrainer.resume(CARTPOLE, Checkpoint.readDqn(file, CARTPOLE), quiet());
        resumed.runUntil(500, TrainListener.NONE);
        final DqnTrainer straight = DqnTrainer.create(CARTPOLE, config, 12, quiet());
        straight.runUntil(500, TrainListener.NONE);
        assertSameState(straight.state(), resumed.state());

        // A flipped byte inside the networks' section fails its CRC; a TD3 reader names what the file is.
        final Path corrupt = dir.resolve("corrupt.ckpt");
        Files.copy(file, corrupt);
        try (RandomAccessFile raf = new RandomAccessFile(corrupt.toFile(), "rw")) {
            final long at = Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("NETS") + 40;
            raf.seek(at);
            final int b = raf.read();
            raf.seek(at);
            raf.write(b ^ 0x10);
        }
        final CheckpointException e = assertThrows(CheckpointException.class,
            () -> Checkpoint.readDqn(corrupt, CARTPOLE));
        assertTrue(e.getMessage().contains("section NETS is corrupt: CRC32"), e.getMessage());
        final Path truncated = dir.resolve("truncated.ckpt");
        Files.write(truncated, java.util.Arrays.copyOf(Files.readAllBytes(file), 300));
        assertTrue(assertThrows(CheckpointException.class, () -> Checkpoint.readDqn(truncated, CARTPOLE))
            .getMessage().contains("truncated"));
        assertTrue(assertThrows(CheckpointException.class, () -> Checkpoint.read(file, CARTPOLE)).getMessage()
            .contains("not a Strider TD3 checkpoint (the file does not start with STRIDER-TD3-CKPT; it is a DQN "
                + "checkpoint)"));
        assertTrue(assertThrows(CheckpointException.class,
            () -> Checkpoint.readDqn(file, CARTPOLE, small())).getMessage()
            .contains("networks.batch_norm is true in the file, false expected"));
        assertTrue(assertThrows(CheckpointException.class, () -> Checkpoint.readDqn(file, "LunarLander-v3"))
            .getMessage().contains("written for env CartPole-v1, not LunarLander-v3"));
    }

    @Test
    void shouldEvaluateGreedilyOnFixedSeeds() {
        final DqnTrainer t = DqnTrainer.create(CARTPOLE, small(), 3, new TrainSettings(200, 3, 0));
        final TrainResult r = t.runUntil(400, TrainListener.NONE);
        assertEquals(List.of(200L, 400L), r.curve().stream().map(Evaluation::envStep).toList());
        final long rng = t.state().explorationRng().state();
        assertEquals(r.curve().get(1).mean(), t.evaluate(3).mean());
        assertEquals(rng, t.state().explorationRng().state());
    }

    @Test
    void shouldStopAtTheAverageOverTheLastEpisodesForDqnAndTd3() {
        final List<Episode> seen = new ArrayList<>();
        final double[] reported = new double[1];
        final TrainListener listener = new TrainListener() {
            @Override
            public void onEpisode(final Episode e) {
                seen.add(e);
            }

            @Override
            public void onStopAtAverage(final long step, final double average, final StopAtAverage c) {
                reported[0] = average;
            }
        };
        // CartPole's random-ish early episodes last ~10-40 steps: the 5-episode average passes 15 quickly.
        final DqnTrainer t = DqnTrainer.create(CARTPOLE, small(), 4,
            quiet().withStopAt(new StopAtAverage(15, 5)));
        final TrainResult r = t.runUntil(10_000, listener);
        final int n = r.episodes().size();
        assertTrue(n >= 5 && r.envSteps() < 10_000, n + " episodes, " + r.envSteps() + " steps");
        final double last5 = r.episodes().subList(n - 5, n).stream().mapToDouble(Episode::totalReward).average()
            .orElseThrow();
        assertTrue(last5 >= 15, "stopped at " + last5);
        assertEquals(last5, reported[0], 1e-9);
        assertEquals(r.episodes().get(n - 1).endStep(), r.envSteps(), "stops right after the episode that passes");

        // Pendulum returns are negative: above -2000 over 2 episodes stops TD3 after its second episode.
        final Td3Trainer td3 = Td3Trainer.create("Pendulum-v1", Td3TrainerTest.small(), 5,
            quiet().withStopAt(new StopAtAverage(-2_000, 2)));
        assertEquals(400, td3.runUntil(5_000, TrainListener.NONE).envSteps());
    }

    @Test
    void shouldRefuseAContinuousEnvForDqnAndADiscreteOneForTd3() {
        final IllegalArgumentException dqn = assertThrows(IllegalArgumentException.class,
            () -> DqnTrainer.create("Pendulum-v1", small(), 1, quiet()));
        assertTrue(dqn.getMessage().startsWith("Pendulum-v1 has a continuous action space Box("), dqn.getMessage());
        assertTrue(dqn.getMessage().endsWith("; DQN needs a Discrete one (use td3 or ddpg)"), dqn.getMessage());
        final IllegalArgumentException td3 = assertThrows(IllegalArgumentException.class,
            () -> Td3Trainer.create(CARTPOLE, Td3TrainerTest.small(), 1, quiet()));
        assertEquals("CartPole-v1 has a discrete action space Discrete(2); TD3 and DDPG need a continuous Box",
            td3.getMessage());
    }

    @Test
    void shouldPickTheAlgorithmFromTheEnvOrRefuseOneThatDoesNotFit() {
        assertTrue(TrainMain.usesDqn(CARTPOLE, List.of()));
        assertTrue(TrainMain.usesDqn("LunarLander-v3", List.of("algorithm=dqn")));
        assertFalse(TrainMain.usesDqn("Pendulum-v1", List.of()));
        assertFalse(TrainMain.usesDqn("Pendulum-v1", List.of("algorithm=ddpg")));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> TrainMain.usesDqn("LunarLanderContinuous-v3", List.of("algorithm=dqn"))).getMessage()
            .startsWith("algorithm dqn needs a discrete action space, but LunarLanderContinuous-v3 has Box("));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> TrainMain.usesDqn(CARTPOLE, List.of("algorithm=td3"))).getMessage()
            .startsWith("algorithm td3 needs a continuous (Box) action space, but CartPole-v1 has Discrete(2)"));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> TrainMain.usesDqn(CARTPOLE, List.of("algorithm=sarsa"))).getMessage()
            .startsWith("config algorithm has no value 'sarsa'"));
    }
}
