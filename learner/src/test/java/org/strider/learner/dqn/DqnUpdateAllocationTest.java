package org.strider.learner.dqn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.strider.learner.bench.Nd4jAllocationMeter;
import org.strider.learner.replay.ReplayBatch;
import org.strider.random.SplitMix64;

/**
 * A DQN update in steady state makes no ND4J object and allocates only ND4J's dispatch of ReLU's backward mask
 * (about 0.8 KB, one per ReLU in the online network's backward pass) on the Java heap; see
 * {@code Td3UpdateAllocationTest} for why and for the bounds (that count per update times 1 KB, rounded up).
 */
class DqnUpdateAllocationTest {
    private static final int OBS = 4;
    private static final int ACTIONS = 2;

    private static Nd4jAllocationMeter.PerCall measure(final DqnConfig config) {
        final DqnState state = DqnState.create(config, OBS, ACTIONS, 3);
        final DqnUpdate update = new DqnUpdate(state);
        final SplitMix64 rng = new SplitMix64(9);
        final int size = config.replay().batchSize();
        final ReplayBatch[] batches = new ReplayBatch[4];
        for (int k = 0; k < batches.length; k++) {
            final ReplayBatch b = new ReplayBatch(size, OBS, 1);
            for (int i = 0; i < b.obs.length; i++) {
                b.obs[i] = (float) rng.nextDouble(-1, 1);
                b.nextObs[i] = (float) rng.nextDouble(-1, 1);
            }
            for (int r = 0; r < size; r++) {
                b.action[r] = rng.nextInt(ACTIONS);
                b.reward[r] = 1f;
                b.terminated[r] = r % 7 == 0 ? 1f : 0f;
            }
            batches[k] = b;
        }
        final int[] next = {0};
        final Runnable step = () -> update.update(batches[next[0]++ % batches.length]);
        for (int i = 0; i < 20; i++) {
            step.run();
        }
        final Nd4jAllocationMeter.PerCall perUpdate = Nd4jAllocationMeter.minPerCall(step, 40, 5);
        assertEquals(220, state.updates(), "updates run");
        return perUpdate;
    }

    private static void assertBounded(final Nd4jAllocationMeter.PerCall perUpdate, final int legacyOps) {
        assertEquals(0.0, perUpdate.nd4jObjects(), "ND4J objects made per update");
        assertTrue(perUpdate.javacppPointers() <= 0, "JavaCPP pointers made per update: " + perUpdate);
        assertTrue(perUpdate.heapBytes() < legacyOps * 1024.0,
            "heap bytes per update " + perUpdate.heapBytes() + " (bound " + legacyOps + " KB)");
    }

    @Test
    void shouldMakeNoNd4jObjectPerUpdateAndAllocateUnderThreeKilobytes() {
        // The CartPole preset's 64-64 ReLU network with gradient clipping, a hard target copy every 5 updates.
        final DqnConfig config = DqnPresets.cartPole().toBuilder().hardTargetUpdate(5).maxGradNorm(0.1).build();
        assertBounded(measure(config), 3);
    }

    @Test
    void shouldMakeNoNd4jObjectPerUpdateWithBatchNormDoubleQAndPolyakTargets() {
        // Seed 002's batch-norm network (32-32 ReLU, 3 batch norms), Double DQN, polyak targets every 2 updates.
        final DqnConfig config = DqnPresets.named("seed002-cartpole").toBuilder().doubleQ(true)
            .polyakTargetUpdate(0.05, 2).build();
        // 2 ReLU masks and 3 batch norms x 3 forwards, each with one RSqrt = 11 legacy ops.
        assertBounded(measure(config), 11);
    }
}
