package org.strider.learner.dqn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.strider.learner.nn.HuberLoss;
import org.strider.learner.replay.ReplayBatch;
import org.strider.random.SplitMix64;

class DqnUpdateTest {
    private static final int OBS = 3;
    private static final int ACTIONS = 3;
    private static final int BATCH = 16;

    private static DqnConfig.Builder small() {
        return DqnConfig.builder().hidden(16, 16).batchSize(BATCH).capacity(100).learningRate(1e-2)
            .hardTargetUpdate(1_000);
    }

    private static ReplayBatch batch(final long seed) {
        final SplitMix64 rng = new SplitMix64(seed);
        final ReplayBatch b = new ReplayBatch(BATCH, OBS, 1);
        for (int i = 0; i < BATCH * OBS; i++) {
            b.obs[i] = (float) rng.nextDouble(-1, 1);
            b.nextObs[i] = (float) rng.nextDouble(-1, 1);
        }
        for (int i = 0; i < BATCH; i++) {
            b.action[i] = rng.nextInt(ACTIONS);
            b.reward[i] = (float) rng.nextDouble(-2, 2);
            b.terminated[i] = i % 4 == 0 ? 1f : 0f;
        }
        return b;
    }

    /** Q values [BATCH, ACTIONS] of {@code net} for the batch's next observations, as Java floats. */
    private static float[] values(final org.strider.learner.nn.QNetwork net, final float[] obs) {
        return net.forward(Nd4j.createFromArray(obs).reshape(BATCH, OBS).castTo(DataType.FLOAT)).dup().data()
            .asFloat();
    }

    @Test
    void shouldRegressOnTheTargetNetworksMaxAndReportTheHuberLoss() {
        final DqnState s = DqnState.create(small().build(), OBS, ACTIONS, 1);
        final ReplayBatch b = batch(2);
        final float[] next = values(s.qTarget(), b.nextObs);
        final DqnUpdate update = new DqnUpdate(s);
        final DqnMetrics m = update.update(b);
        final float[] y = update.targetValues();
        for (int i = 0; i < BATCH; i++) {
            final float max = Math.max(next[i * 3], Math.max(next[i * 3 + 1], next[i * 3 + 2]));
            assertEquals(b.reward[i] + (1f - b.terminated[i]) * 0.99f * max, y[i], 1e-6, "y[" + i + "]");
        }
        assertEquals(b.reward[0], y[0], "a terminated transition does not bootstrap");
        assertEquals(HuberLoss.value(update.takenValues(), y, BATCH, 1.0), m.loss, 1e-12);
        assertEquals(1, m.update);
        assertEquals(1, s.updates());
        assertEquals(1, s.optimiser().stepCount());
        assertFalse(m.targetUpdated);
    }

    @Test
    void shouldValueTheOnlineArgmaxWithTheTargetForDoubleDqn() {
        final DqnState s = DqnState.create(small().doubleQ(true).build(), OBS, ACTIONS, 3);
        final ReplayBatch b = batch(5);
        final float[] online = values(s.q(), b.nextObs);
        // A target that differs from the online network, and disagrees with it on the best action in some row.
        float[] target = null;
        for (long seed = 4; seed < 100 && (target == null || sameArgmax(online, target)); seed++) {
            s.qTarget().initialize(seed);
            target = values(s.qTarget(), b.nextObs);
        }
        final DqnUpdate update = new DqnUpdate(s);
        update.update(b);
        int differs = 0;
        for (int i = 0; i < BATCH; i++) {
            final int a = org.strider.nn.GreedyPolicy.argmax(online, i * 3, 3);
            differs += a != org.strider.nn.GreedyPolicy.argmax(target, i * 3, 3) ? 1 : 0;
            assertEquals(b.reward[i] + (1f - b.terminated[i]) * 0.99f * target[i * 3 + a],
                update.targetValues()[i], 1e-6, "y[" + i + "]");
        }
        assertTrue(differs > 0, "the test needs rows where Double DQN picks another action");
    }

    private static boolean sameArgmax(final float[] a, final float[] b) {
        for (int i = 0; i < BATCH; i++) {
            if (org.strider.nn.GreedyPolicy.argmax(a, i * 3, 3) != org.strider.nn.GreedyPolicy.argmax(b, i * 3, 3)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void shouldCopyTheTargetEveryIntervalOrAverageIt() {
        final DqnState hard = DqnState.create(small().hardTargetUpdate(2).build(), OBS, ACTIONS, 6);
        final float[] initial = hard.qTarget().paramsToFloats();
        final DqnUpdate h = new DqnUpdate(hard);
        assertFalse(h.update(batch(7)).targetUpdated);
        assertArrayEquals(initial, hard.qTarget().paramsToFloats());
        assertTrue(h.update(batch(8)).targetUpdated);
        assertArrayEquals(hard.q().paramsToFloats(), hard.qTarget().paramsToFloats());

        final DqnState soft = DqnState.create(small().polyakTargetUpdate(0.25, 1).build(), OBS, ACTIONS, 6);
        final float[] before = soft.qTarget().paramsToFloats();
        new DqnUpdate(soft).update(batch(7));
        final float[] q = soft.q().paramsToFloats();
        final float[] after = soft.qTarget().paramsToFloats();
        for (int i = 0; i < q.length; i++) {
            assertEquals(0.25 * q[i] + 0.75 * before[i], after[i], 1e-6);
        }
    }

    @Test
    void shouldClipTheGradientNorm() {
        final DqnState s = DqnState.create(small().maxGradNorm(1e-3).build(), OBS, ACTIONS, 9);
        final DqnMetrics m = new DqnUpdate(s).update(batch(10));
        final double clipped = s.q().grads().norm2Number().doubleValue();
        assertTrue(m.gradNorm > 1e-2, "unclipped norm " + m.gradNorm);
        assertEquals(1e-3, clipped, 1e-6);
    }

    @Test
    void shouldStopNamingTheUpdateWhenTheLossIsNotFinite() {
        final DqnState s = DqnState.create(small().build(), OBS, ACTIONS, 11);
        final DqnUpdate update = new DqnUpdate(s);
        update.update(batch(12));
        final float[] before = s.q().paramsToFloats();
        s.q().params().putScalar(before.length - 1, Float.NaN);
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> update.update(batch(13)));
        assertTrue(e.getMessage().startsWith("DQN update 2: loss is NaN"), e.getMessage());
        assertEquals(1, s.optimiser().stepCount(), "no optimiser step after a NaN loss");
        assertEquals(1, s.updates());
    }

    @Test
    void shouldRefuseABatchWhoseActionIsNotAnIndex() {
        final DqnState s = DqnState.create(small().build(), OBS, ACTIONS, 11);
        final ReplayBatch b = batch(14);
        b.action[5] = 3f;
        assertEquals("replay batch row 5 has action 3.0, not an index in 0..2",
            assertThrows(IllegalArgumentException.class, () -> new DqnUpdate(s).update(b)).getMessage());
    }

    @Test
    void shouldTrainABatchNormNetworkAndMoveItsRunningStatistics() {
        final DqnState s = DqnState.create(small().batchNorm(true).build(), OBS, ACTIONS, 15);
        final float[] before = s.q().paramsToFloats();
        final float[] targetBefore = s.qTarget().paramsToFloats();
        new DqnUpdate(s).update(batch(16));
        // The input norm's running mean (floats 6..8) moved towards the batch mean; the target's stayed.
        assertFalse(before[6] == s.q().paramsToFloats()[6]);
        assertArrayEquals(targetBefore, s.qTarget().paramsToFloats());
    }
}
