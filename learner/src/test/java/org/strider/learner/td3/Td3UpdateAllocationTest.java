package org.strider.learner.td3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.strider.env.Box;
import org.strider.learner.bench.Nd4jAllocationMeter;
import org.strider.learner.replay.ReplayBatch;
import org.strider.nn.Activation;
import org.strider.random.SplitMix64;

/**
 * A TD3/DDPG update in steady state makes no ND4J object (each one is native memory that only the GC and ND4J's
 * deallocator threads free: 234 per update before, the soak's sawtooth) and allocates only a few KB on the Java
 * heap. What is left on the heap is ND4J's dispatch of the two legacy ops the networks keep, about 0.8 KB per
 * call: ReLU's backward mask ({@code Step}, one per ReLU backward; libnd4j has no custom op as fast) and layer
 * norm's {@code RSqrt} (one per layer-norm forward). The bounds are that count per update times 1 KB, rounded up
 * (measured: 4.9 KB for the 64-64 ReLU TD3, 10.7 KB for the layer-norm DDPG, 0 with tanh; 456 KB and 1 MB
 * before): a regression that allocates per call (an array, a fresh op) shows in the ND4J count or above the bound.
 */
class Td3UpdateAllocationTest {
    private static final int OBS = 3;
    private static final Box ACTIONS = Box.uniform(-2f, 2f, 1);

    private static ReplayBatch[] batches(final int size) {
        final SplitMix64 rng = new SplitMix64(5);
        final ReplayBatch[] out = new ReplayBatch[4];
        for (int k = 0; k < out.length; k++) {
            final ReplayBatch b = new ReplayBatch(size, OBS, 1);
            for (int i = 0; i < b.obs.length; i++) {
                b.obs[i] = (float) rng.nextDouble(-1, 1);
                b.nextObs[i] = (float) rng.nextDouble(-1, 1);
            }
            for (int r = 0; r < size; r++) {
                b.action[r] = (float) rng.nextDouble(-2, 2);
                b.reward[r] = (float) rng.nextDouble(-1, 0);
                b.terminated[r] = r % 5 == 0 ? 1f : 0f;
            }
            out[k] = b;
        }
        return out;
    }

    /** Per update, the fewest over 5 rounds of 40 updates (each round an even count: actor steps every other). */
    private static Nd4jAllocationMeter.PerCall measure(final Td3Config config) {
        final Td3State state = Td3State.create(config, OBS, ACTIONS, 11);
        final Td3Update update = new Td3Update(state);
        final ReplayBatch[] batches = batches(config.replay().batchSize());
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
    void shouldMakeNoNd4jObjectPerTd3UpdateAndAllocateUnderSevenKilobytes() {
        // 64-64 ReLU, twin critics (the soak's networks): 2 critic steps x 2 ReLUs, and every other update the
        // actor step (critic input gradient 2, actor 2) = 6 masks per update.
        final Td3Config config = Td3Presets.pendulum().toBuilder().hidden(64, 64).batchSize(64).build();
        assertBounded(measure(config), 7);
    }

    @Test
    void shouldAllocateNothingAtAllPerUpdateWithTanhNetworksOnTheCpu() {
        // tanh everywhere: no legacy op left, and on the CPU every op is a direct libnd4j call.
        final Td3Config config = Td3Presets.pendulum().toBuilder().hidden(32, 32).activation(Activation.TANH)
            .batchSize(32).build();
        final Nd4jAllocationMeter.PerCall perUpdate = measure(config);
        assertBounded(perUpdate, 1);
        if (Nd4j.getEnvironment().isCPU()) {
            assertEquals(0.0, perUpdate.heapBytes(), "heap bytes per update");
        }
    }

    @Test
    void shouldMakeNoNd4jObjectPerDdpgUpdateWithTheLayerNormCriticAndAllocateUnderSixteenKilobytes() {
        // Seed 000's DDPG (policy delay 1): critic backward twice (4 ReLUs each), actor backward (2 ReLUs), three
        // critic forwards with 2 layer norms each = 16 legacy ops per update.
        final Td3Config config = Td3Presets.seed000Ddpg().toBuilder().hidden(32, 24).batchSize(32).build();
        assertBounded(measure(config), 16);
    }
}
