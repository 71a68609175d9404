package org.strider.learner.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strider.env.Box;
import org.strider.env.Discrete;
import org.strider.learner.checkpoint.Checkpoint;
import org.strider.learner.dqn.DqnConfig;
import org.strider.learner.dqn.DqnMetrics;
import org.strider.learner.dqn.DqnPresets;
import org.strider.learner.dqn.DqnState;
import org.strider.learner.dqn.DqnUpdate;
import org.strider.learner.replay.ReplayBatch;

/** The DQN learner behind the distributed seam equals the synchronous trainer's update, bit for bit. */
class DqnLearnerTest {
    private static final long SEED = 17;
    private static final int OBS = 4;
    private static final int ACTIONS = 2;

    @TempDir
    Path dir;

    private static DqnConfig small(final boolean doubleQ, final boolean batchNorm, final double tau) {
        final DqnConfig.Builder b = DqnPresets.cartPole().toBuilder().hidden(16, 16).batchNorm(batchNorm)
            .doubleQ(doubleQ).batchSize(8);
        return (tau == 1.0 ? b.hardTargetUpdate(3) : b.polyakTargetUpdate(tau, 1)).build();
    }

    private static void fill(final ReplayBatch b, final SplittableRandom random) {
        for (int i = 0; i < b.size; i++) {
            for (int j = 0; j < OBS; j++) {
                b.obs[i * OBS + j] = (float) random.nextGaussian();
                b.nextObs[i * OBS + j] = (float) random.nextGaussian();
            }
            b.action[i] = random.nextInt(ACTIONS);
            b.reward[i] = 1f;
            b.terminated[i] = random.nextInt(10) == 0 ? 1f : 0f;
        }
    }

    @Test
    void shouldEqualTheTrainersUpdateBitForBitWhenGivenTheSameBatches() {
        for (final DqnConfig config : new DqnConfig[] {small(true, true, 1.0), small(false, false, 0.5)}) {
            final DqnState reference = DqnState.create(config, OBS, ACTIONS, SEED);
            final DqnUpdate trainerUpdate = new DqnUpdate(reference);
            final LearnerAlgorithm learner = new AlgorithmConfig.Dqn(config).create("CartPole-v1", OBS,
                new Discrete(ACTIONS), SEED);
            final DqnState state = ((DqnLearner) learner).state();
            assertEquals(1, state.config().replay().capacity(), "the learner holds no replay of its own");
            final ReplayBatch batch = new ReplayBatch(config.replay().batchSize(), OBS, 1);
            final SplittableRandom random = new SplittableRandom(3);
            for (int u = 1; u <= 7; u++) {
                fill(batch, random);
                final DqnMetrics expected = trainerUpdate.update(batch);
                final UpdateFigures f = learner.update(batch);
                assertEquals(u, f.update);
                assertEquals(Double.doubleToLongBits(expected.loss), Double.doubleToLongBits(f.loss), "loss " + u);
                assertEquals(expected.meanQ, f.meanQ, 0.0);
                assertEquals(expected.tdError, f.tdError, 0.0);
                assertTrue(Double.isNaN(f.actorLoss) && f.actingChanged, "no actor; weights may go out each update");
            }
            assertArrayEquals(reference.q().paramsToFloats(), state.q().paramsToFloats(), "online Q");
            assertArrayEquals(reference.qTarget().paramsToFloats(), state.qTarget().paramsToFloats(), "target");
            assertEquals(reference.updates(), learner.updates());
            assertArrayEquals(reference.q().inferenceParams(), learner.actingParams(), "weights actors get");
            assertEquals(reference.q().inferenceSpec(), learner.actingSpec());
            assertEquals(1, learner.actionSize(), "the action index as one float");
        }
    }

    @Test
    void shouldWriteADqnCheckpointThatReadsBackWhenResumed() throws Exception {
        final DqnConfig config = small(true, false, 1.0);
        final AlgorithmConfig algorithm = new AlgorithmConfig.Dqn(config);
        final LearnerAlgorithm learner = algorithm.create("CartPole-v1", OBS, new Discrete(ACTIONS), SEED);
        final ReplayBatch batch = new ReplayBatch(8, OBS, 1);
        fill(batch, new SplittableRandom(5));
        learner.update(batch);
        learner.envSteps(1234);
        final Path file = dir.resolve("latest.ckpt");
        learner.writeCheckpoint(file, "CartPole-v1");
        assertTrue(Checkpoint.isDqn(file) && Files.size(file) > 100);
        final DqnState read = Checkpoint.readDqn(file, "CartPole-v1",
            ((AlgorithmConfig.Dqn) algorithm.learnerConfig()).config());
        final ResumePoint point = ResumePoint.dqn(read, null, 3);
        assertEquals(1234, point.envSteps());
        assertEquals(1, point.updates());
        assertEquals(algorithm.learnerConfig().describe(), point.describe());
        assertArrayEquals(learner.actingParams(), point.algorithm().actingParams());
    }

    @Test
    void shouldRefuseAnActionSpaceTheAlgorithmCannotActInWhenCreated() {
        final IllegalArgumentException dqn = assertThrows(IllegalArgumentException.class, () ->
            new AlgorithmConfig.Dqn(DqnConfig.defaults()).create("Pendulum-v1", 3,
                new Box(new float[] {-2}, new float[] {2}, 1), 1));
        assertTrue(dqn.getMessage().contains("Pendulum-v1") && dqn.getMessage().contains("Discrete"),
            dqn.getMessage());
        final IllegalArgumentException td3 = assertThrows(IllegalArgumentException.class, () ->
            new AlgorithmConfig.Td3(org.strider.learner.td3.Td3Config.defaults()).create("CartPole-v1", 4,
                new Discrete(2), 1));
        assertTrue(td3.getMessage().contains("CartPole-v1"), td3.getMessage());
    }

    @Test
    void shouldParseEitherAlgorithmFromItsDescriptionWhenAShardReadsTheRunSpec() {
        final DqnConfig dqn = small(false, false, 1.0);
        assertEquals(new AlgorithmConfig.Dqn(dqn).describe(), AlgorithmConfig.parse(dqn.describe()).describe());
        assertEquals(8, AlgorithmConfig.parse(dqn.describe()).batchSize());
        final org.strider.learner.td3.Td3Config td3 = org.strider.learner.td3.Td3Config.defaults();
        assertEquals("td3", AlgorithmConfig.parse(td3.describe()).name());
    }
}
