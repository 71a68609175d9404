package org.strider.learner.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strider.env.Box;
import org.strider.learner.replay.ReplayBatch;
import org.strider.learner.td3.Td3Config;
import org.strider.learner.td3.Td3State;
import org.strider.learner.train.TrainListener;
import org.strider.learner.train.TrainSettings;
import org.strider.learner.train.Td3Trainer;

class CheckpointTest {
    private static final String PENDULUM = "Pendulum-v1";
    private static final TrainSettings QUIET = new TrainSettings(0, 0, 0);

    @TempDir
    Path dir;

    private static Td3Config small() {
        return Td3Config.builder().hidden(32, 32).batchSize(32).capacity(2_000).warmupSteps(100).learningRate(1e-3)
            .build();
    }

    private static void assertSameRun(final Td3State expected, final Td3State actual) {
        assertArrayEquals(expected.actor().paramsToFloats(), actual.actor().paramsToFloats(), "actor");
        assertArrayEquals(expected.actorTarget().paramsToFloats(), actual.actorTarget().paramsToFloats());
        assertArrayEquals(expected.critic1().paramsToFloats(), actual.critic1().paramsToFloats(), "critic 1");
        assertArrayEquals(expected.critic1Target().paramsToFloats(), actual.critic1Target().paramsToFloats());
        assertArrayEquals(expected.critic2().paramsToFloats(), actual.critic2().paramsToFloats(), "critic 2");
        assertArrayEquals(expected.critic2Target().paramsToFloats(), actual.critic2Target().paramsToFloats());
        assertArrayEquals(expected.actorOptimiser().firstMoment().toFloatVector(),
            actual.actorOptimiser().firstMoment().toFloatVector());
        assertArrayEquals(expected.critic2Optimiser().secondMoment().toFloatVector(),
            actual.critic2Optimiser().secondMoment().toFloatVector());
        assertEquals(expected.critic1Optimiser().stepCount(), actual.critic1Optimiser().stepCount());
        assertEquals(expected.envSteps(), actual.envSteps());
        assertEquals(expected.updates(), actual.updates());
        assertEquals(expected.episodes(), actual.episodes());
        assertEquals(expected.episodeReturn(), actual.episodeReturn());
        assertArrayEquals(expected.obs(), actual.obs());
        assertEquals(expected.targetNoiseRng().state(), actual.targetNoiseRng().state());
        assertEquals(expected.explorationRng().state(), actual.explorationRng().state());
        assertEquals(expected.warmupRng().state(), actual.warmupRng().state());
        assertEquals(expected.replay().rngState(), actual.replay().rngState());
        assertEquals(expected.replay().size(), actual.replay().size());
    }

    @Test
    void shouldTrainNThenMFromACheckpointExactlyAsNPlusMInOneGo() throws IOException {
        final Td3Trainer first = Td3Trainer.create(PENDULUM, small(), 21, QUIET);
        first.runUntil(330, TrainListener.NONE);
        final Path file = dir.resolve("run.ckpt");
        Checkpoint.write(file, PENDULUM, first.state(), true);

        final Td3State loaded = Checkpoint.read(file, PENDULUM, small());
        assertSameRun(first.state(), loaded);
        final Td3Trainer resumed = Td3Trainer.resume(PENDULUM, loaded, QUIET);
        resumed.runUntil(560, TrainListener.NONE);

        final Td3Trainer straight = Td3Trainer.create(PENDULUM, small(), 21, QUIET);
        straight.runUntil(560, TrainListener.NONE);
        assertSameRun(straight.state(), resumed.state());
        assertFalse(Files.exists(dir.resolve("run.ckpt.tmp")));
    }

    @Test
    void shouldRestoreTheReplayBufferRowsAndTheirOrder() throws IOException {
        final Td3Trainer trainer = Td3Trainer.create(PENDULUM, small().toBuilder().capacity(150).build(), 5, QUIET);
        trainer.runUntil(260, TrainListener.NONE);
        final Path file = dir.resolve("replay.ckpt");
        Checkpoint.write(file, PENDULUM, trainer.state(), true);
        final Td3State loaded = Checkpoint.read(file, PENDULUM);
        assertEquals(small().toBuilder().capacity(150).build(), loaded.config(), "the file's own config");
        assertEquals(150, loaded.replay().size());
        assertEquals(260, loaded.replay().added());
        final ReplayBatch a = new ReplayBatch(400, 3, 1);
        final ReplayBatch b = new ReplayBatch(400, 3, 1);
        trainer.state().replay().sample(a);
        loaded.replay().sample(b);
        assertArrayEquals(a.index, b.index);
        assertArrayEquals(a.obs, b.obs);
        assertArrayEquals(a.action, b.action);
        assertArrayEquals(a.reward, b.reward);
        assertArrayEquals(a.nextObs, b.nextObs);
        assertArrayEquals(a.terminated, b.terminated);
    }

    @Test
    void shouldRestartTheWarmupWhenTheReplayBufferWasLeftOut() throws IOException {
        final Td3Trainer trainer = Td3Trainer.create(PENDULUM, small(), 5, QUIET);
        trainer.runUntil(250, TrainListener.NONE);
        final Path file = dir.resolve("lean.ckpt");
        Checkpoint.write(file, PENDULUM, trainer.state(), false);
        final Checkpoint.Info info = Checkpoint.inspect(file);
        assertFalse(info.hasReplay());
        assertEquals(250, info.envSteps());
        assertEquals(150, info.updates());
        final Td3State loaded = Checkpoint.read(file, PENDULUM, small());
        assertEquals(0, loaded.replay().size());
        assertEquals(350, loaded.learningStartsAt());
        assertArrayEquals(trainer.state().actor().paramsToFloats(), loaded.actor().paramsToFloats());
        final Td3Trainer resumed = Td3Trainer.resume(PENDULUM, loaded, QUIET);
        resumed.runUntil(400, TrainListener.NONE);
        assertEquals(200, loaded.updates(), "150 before, none during the refill, then 50");
        assertTrue(Files.size(file) < Files.size(writeWithReplay(trainer.state())));
    }

    @Test
    void shouldRoundTripDdpgWithOneCritic() throws IOException {
        final Td3Config ddpg = small().toBuilder().ddpg().build();
        final Td3Trainer trainer = Td3Trainer.create(PENDULUM, ddpg, 9, QUIET);
        trainer.runUntil(150, TrainListener.NONE);
        final Path file = dir.resolve("ddpg.ckpt");
        Checkpoint.write(file, PENDULUM, trainer.state(), true);
        final Td3State loaded = Checkpoint.read(file, PENDULUM, ddpg);
        assertArrayEquals(trainer.state().critic1().paramsToFloats(), loaded.critic1().paramsToFloats());
        assertEquals(trainer.state().actorOptimiser().stepCount(), loaded.actorOptimiser().stepCount());
    }

    @Test
    void shouldRejectACorruptByteNamingTheSection() throws IOException {
        final Path file = writeWithReplay(trained());
        final byte[] bytes = Files.readAllBytes(file);
        final int nets = indexOf(bytes, "NETS");
        bytes[nets + 12 + 100] ^= 0x10;
        Files.write(file, bytes);
        final CheckpointException e = assertThrows(CheckpointException.class,
            () -> Checkpoint.read(file, PENDULUM, small()));
        assertTrue(e.getMessage().matches("checkpoint .*: section NETS is corrupt: CRC32 [0-9a-f]{8} stored, "
            + "[0-9a-f]{8} computed"), e.getMessage());

        final byte[] again = Files.readAllBytes(writeWithReplay(trained()));
        again[again.length - 40] ^= 0x01;
        Files.write(file, again);
        final CheckpointException r = assertThrows(CheckpointException.class,
            () -> Checkpoint.read(file, PENDULUM, small()));
        assertTrue(r.getMessage().contains("section RPLY is corrupt: CRC32"), r.getMessage());
    }

    @Test
    void shouldRejectATruncatedFileWhereverItIsCut() throws IOException {
        final byte[] bytes = Files.readAllBytes(writeWithReplay(trained()));
        final Path cut = dir.resolve("cut.ckpt");
        for (final int length : new int[] {0, 10, 30, indexOf(bytes, "NETS") + 6, indexOf(bytes, "OPTM") + 40,
            indexOf(bytes, "RPLY") + 100, bytes.length - 16, bytes.length - 1}) {
            Files.write(cut, Arrays.copyOf(bytes, length));
            final CheckpointException e = assertThrows(CheckpointException.class,
                () -> Checkpoint.read(cut, PENDULUM, small()), "cut at " + length);
            assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("too short"),
                "cut at " + length + ": " + e.getMessage());
        }
    }

    @Test
    void shouldRejectFilesThatAreNotCheckpointsOrOfAnotherVersion() throws IOException {
        final Path text = dir.resolve("notes.txt");
        Files.writeString(text, "this is not a checkpoint but it is long enough");
        final CheckpointException notOne = assertThrows(CheckpointException.class,
            () -> Checkpoint.read(text, PENDULUM, small()));
        assertEquals("checkpoint " + text + ": not a Strider TD3 checkpoint (the file does not start with "
            + "STRIDER-TD3-CKPT)", notOne.getMessage());

        final Path file = writeWithReplay(trained());
        final byte[] bytes = Files.readAllBytes(file);
        bytes[19] = 9;
        Files.write(file, bytes);
        final CheckpointException version = assertThrows(CheckpointException.class,
            () -> Checkpoint.read(file, PENDULUM, small()));
        assertEquals("checkpoint " + file + ": format version 9; this build reads version 1", version.getMessage());
    }

    @Test
    void shouldRejectACheckpointOfAnotherConfigOrEnvListingTheDifferences() throws IOException {
        final Path file = writeWithReplay(trained());
        final CheckpointException config = assertThrows(CheckpointException.class,
            () -> Checkpoint.read(file, PENDULUM, small().toBuilder().tau(0.01).hidden(64, 64).build()));
        assertEquals("checkpoint " + file + ": written for another config: networks.actor_hidden is 32,32 in the "
            + "file, 64,64 expected; networks.critic_hidden is 32,32 in the file, 64,64 expected; td3.tau is 0.005 "
            + "in the file, 0.01 expected", config.getMessage());
        final CheckpointException env = assertThrows(CheckpointException.class,
            () -> Checkpoint.read(file, "MountainCarContinuous-v0", small()));
        assertEquals("checkpoint " + file + ": written for env Pendulum-v1, not MountainCarContinuous-v0",
            env.getMessage());
    }

    @Test
    void shouldRefuseToContinueOnAnEnvThatDoesNotReplayTheEpisode() throws IOException {
        final Td3Trainer trainer = Td3Trainer.create(PENDULUM, small(), 3, QUIET);
        trainer.runUntil(120, TrainListener.NONE);
        trainer.state().obs()[0] += 0.5f;
        final IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> Td3Trainer.resume(PENDULUM, trainer.state(), QUIET));
        assertTrue(e.getMessage().startsWith("Pendulum-v1: replaying episode 0 of the state for 120 steps gave "
            + "observation ["), e.getMessage());
    }

    @Test
    void shouldLeaveNoPartialStateWhenLoadingFails() throws IOException {
        // Loading builds a new state: the running one is never written to, even by a file that fails late.
        final Td3Trainer trainer = Td3Trainer.create(PENDULUM, small(), 4, QUIET);
        trainer.runUntil(150, TrainListener.NONE);
        final float[] before = trainer.state().actor().paramsToFloats();
        final byte[] bytes = Files.readAllBytes(writeWithReplay(trainer.state()));
        final Path cut = dir.resolve("late-cut.ckpt");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 2));
        assertThrows(CheckpointException.class, () -> Checkpoint.read(cut, PENDULUM, small()));
        assertArrayEquals(before, trainer.state().actor().paramsToFloats());
        assertEquals(150, trainer.state().envSteps());
        assertEquals(new Box(new float[] {-2f}, new float[] {2f}, 1).low()[0], Checkpoint.inspect(
            writeWithReplay(trainer.state())).actionLow()[0]);
    }

    private Td3State trained() {
        final Td3Trainer trainer = Td3Trainer.create(PENDULUM, small(), 8, QUIET);
        trainer.runUntil(130, TrainListener.NONE);
        return trainer.state();
    }

    private Path writeWithReplay(final Td3State state) throws IOException {
        final Path file = dir.resolve("full.ckpt");
        Checkpoint.write(file, PENDULUM, state, true);
        return file;
    }

    private static int indexOf(final byte[] bytes, final String tag) {
        final byte[] t = tag.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + t.length <= bytes.length; i++) {
            for (int j = 0; j < t.length; j++) {
                if (bytes[i + j] != t[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError(tag + " not found");
    }
}
