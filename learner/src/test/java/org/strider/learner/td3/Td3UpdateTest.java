package org.strider.learner.td3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.strider.env.Box;
import org.strider.learner.nn.QFunction;
import org.strider.learner.replay.ReplayBatch;
import org.strider.nn.MlpInference;
import org.strider.random.Gaussian;
import org.strider.random.SplitMix64;

class Td3UpdateTest {
    private static final int OBS = 3;
    private static final int ACT = 2;
    private static final int BATCH = 6;
    /** Asymmetric bounds: half-ranges 2 and 0.25, centres 1 and 0.25. */
    private static final Box ACTIONS = new Box(new float[] {-1f, 0f}, new float[] {3f, 0.5f}, ACT);

    private static Td3Config.Builder small() {
        return Td3Config.builder().hidden(16, 12).batchSize(BATCH).capacity(100).warmupSteps(0).gamma(0.5);
    }

    /** A batch whose rows alternate terminated / not, with rewards -1, -2, … */
    private static ReplayBatch batch(final long seed) {
        final SplitMix64 rng = new SplitMix64(seed);
        final ReplayBatch b = new ReplayBatch(BATCH, OBS, ACT);
        for (int i = 0; i < BATCH * OBS; i++) {
            b.obs[i] = (float) rng.nextDouble(-1, 1);
            b.nextObs[i] = (float) rng.nextDouble(-1, 1);
        }
        for (int r = 0; r < BATCH; r++) {
            b.action[r * ACT] = (float) rng.nextDouble(-1, 3);
            b.action[r * ACT + 1] = (float) rng.nextDouble(0, 0.5);
            b.reward[r] = -(r + 1);
            b.terminated[r] = r % 2;
        }
        return b;
    }

    @Test
    void shouldSmoothTheTargetActionWithClippedNoiseScaledByTheHalfRange() {
        final Td3State s = Td3State.create(small().targetNoise(0.6).targetNoiseClip(0.5).build(), OBS, ACTIONS, 1);
        final Td3Update update = new Td3Update(s);
        final ReplayBatch b = batch(2);
        final SplitMix64 noise = new SplitMix64(s.targetNoiseRng().state());
        final MlpInference target = new MlpInference(s.actorTarget().spec(), BATCH);
        target.load(s.actorTarget().paramsToFloats());
        final float[] expected = new float[BATCH * ACT];
        target.forward(b.nextObs, BATCH, expected);
        final float[] scale = {2f, 0.25f};
        int clipped = 0;
        for (int i = 0; i < expected.length; i++) {
            final double eps = Gaussian.next(noise) * 0.6;
            clipped += Math.abs(eps) > 0.5 ? 1 : 0;
            final float withNoise = expected[i] + (float) Math.max(-0.5, Math.min(0.5, eps)) * scale[i % ACT];
            expected[i] = Math.max(ACTIONS.low(i % ACT), Math.min(ACTIONS.high(i % ACT), withNoise));
        }
        update.update(b);
        assertArrayEquals(expected, update.nextActions().dup().data().asFloat(), 1e-5f);
        assertTrue(clipped > 0, "the draw should exercise the noise clip");
    }

    @Test
    void shouldBootstrapFromTheSmallerTargetCriticExceptAfterTermination() {
        final Td3State s = Td3State.create(small().build(), OBS, ACTIONS, 3);
        final Td3Update update = new Td3Update(s);
        final ReplayBatch b = batch(4);
        update.update(b);
        // Update 1 leaves the targets alone (policy delay 2): recompute min Q' on the same a'.
        final INDArray nextObs = Nd4j.createFromArray(b.nextObs).reshape(BATCH, OBS);
        final INDArray nextActions = update.nextActions().dup();
        final float[] q1 = ((QFunction) s.critic1Target()).forward(nextObs, nextActions).dup().data().asFloat();
        final float[] q2 = ((QFunction) s.critic2Target()).forward(nextObs, nextActions).dup().data().asFloat();
        final float[] y = update.targetValues().dup().data().asFloat();
        for (int r = 0; r < BATCH; r++) {
            if (b.terminated[r] == 1f) {
                assertEquals(b.reward[r], y[r], 0f, "row " + r + " ended inside the MDP: y = r");
            } else {
                assertEquals(b.reward[r] + 0.5f * Math.min(q1[r], q2[r]), y[r], 1e-6f, "row " + r);
            }
        }
    }

    @Test
    void shouldStepTheActorAndPolyakTheTargetsOnlyEveryPolicyDelayUpdates() {
        final double tau = 0.25;
        final Td3State s = Td3State.create(small().policyDelay(3).tau(tau).build(), OBS, ACTIONS, 5);
        final Td3Update update = new Td3Update(s);
        final float[] actor0 = s.actor().paramsToFloats();
        final float[] actorTarget0 = s.actorTarget().paramsToFloats();
        final float[] critic0 = s.critic1().paramsToFloats();
        final float[] criticTarget0 = s.critic2Target().paramsToFloats();
        for (int n = 1; n <= 2; n++) {
            assertFalse(update.update(batch(10 + n)).actorUpdated);
            assertArrayEquals(actor0, s.actor().paramsToFloats());
            assertArrayEquals(actorTarget0, s.actorTarget().paramsToFloats());
            assertArrayEquals(criticTarget0, s.critic2Target().paramsToFloats());
        }
        assertFalse(java.util.Arrays.equals(critic0, s.critic1().paramsToFloats()), "critics learn every update");
        final Td3Metrics m = update.update(batch(13));
        assertTrue(m.actorUpdated);
        assertEquals(3, m.update);
        assertEquals(3, s.updates());
        assertEquals(1, s.actorOptimiser().stepCount());
        assertEquals(3, s.critic1Optimiser().stepCount());
        assertFalse(java.util.Arrays.equals(actor0, s.actor().paramsToFloats()));
        assertPolyak(actorTarget0, s.actor().paramsToFloats(), s.actorTarget().paramsToFloats(), tau);
        assertPolyak(criticTarget0, s.critic2().paramsToFloats(), s.critic2Target().paramsToFloats(), tau);
    }

    @Test
    void shouldTrainOneCriticAndTheActorEveryUpdateForDdpg() {
        final Td3State s = Td3State.create(small().ddpg().build(), OBS, ACTIONS, 7);
        assertNull(s.critic2());
        final Td3Update update = new Td3Update(s);
        final float[] actor0 = s.actor().paramsToFloats();
        final Td3Metrics m = update.update(batch(8));
        assertTrue(m.actorUpdated);
        assertEquals(0, m.q2Loss);
        assertFalse(java.util.Arrays.equals(actor0, s.actor().paramsToFloats()));
        // No smoothing: a' is the target actor's own action.
        final MlpInference target = new MlpInference(s.actorTarget().spec(), BATCH);
        target.load(actor0);
        final float[] expected = new float[BATCH * ACT];
        target.forward(batch(8).nextObs, BATCH, expected);
        assertArrayEquals(expected, update.nextActions().dup().data().asFloat(), 1e-5f);
    }

    @Test
    void shouldFitAFixedTargetAndClimbAFixedCritic() {
        // Every row terminated: y = r, a fixed regression target for the critics.
        final ReplayBatch b = batch(20);
        java.util.Arrays.fill(b.terminated, 1f);
        final Td3State s = Td3State.create(small().learningRate(1e-2).build(), OBS, ACTIONS, 9);
        final Td3Update update = new Td3Update(s);
        final double first = update.update(b).q1Loss;
        double last = first;
        for (int i = 0; i < 300; i++) {
            last = update.update(b).q1Loss;
        }
        assertTrue(last < first * 1e-2, "critic loss " + first + " → " + last);

        // A critic that no longer moves (lr 1e-9): the actor's loss -mean Q1(s, pi(s)) must fall.
        final Td3State t = Td3State.create(small().criticLearningRate(1e-9).actorLearningRate(1e-2).build(), OBS,
            ACTIONS, 11);
        final Td3Update climb = new Td3Update(t);
        climb.update(b);
        final double start = climb.update(b).actorLoss;
        double end = start;
        for (int i = 0; i < 100; i++) {
            final Td3Metrics m = climb.update(b);
            if (m.actorUpdated) {
                end = m.actorLoss;
            }
        }
        assertTrue(end < start - 0.05 * Math.abs(start), "actor loss " + start + " → " + end);
    }

    @Test
    void shouldStopNamingTheUpdateWhenALossIsNotFinite() {
        final Td3State s = Td3State.create(small().build(), OBS, ACTIONS, 13);
        final Td3Update update = new Td3Update(s);
        update.update(batch(1));
        update.update(batch(2));
        s.critic2().params().putScalar(0, Float.NaN);
        final float[] critic1 = s.critic1().paramsToFloats();
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> update.update(batch(3)));
        assertTrue(e.getMessage().startsWith("TD3 update 3: critic loss is not finite (q1 "), e.getMessage());
        assertTrue(e.getMessage().contains("q2 NaN); training stopped before this update's optimiser steps"),
            e.getMessage());
        assertArrayEquals(critic1, s.critic1().paramsToFloats(), "no step after the bad loss");
    }

    @Test
    void shouldRejectABatchOfAnotherSize() {
        final Td3Update update = new Td3Update(Td3State.create(small().build(), OBS, ACTIONS, 1));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> update.update(new ReplayBatch(BATCH + 1, OBS, ACT)));
        assertEquals("replay batch of 7 (obs 3, action 2) given to an update built for 6 (obs 3, action 2)",
            e.getMessage());
    }

    private static void assertPolyak(final float[] oldTarget, final float[] online, final float[] newTarget,
        final double tau) {
        for (int i = 0; i < online.length; i++) {
            assertEquals(tau * online[i] + (1 - tau) * oldTarget[i], newTarget[i], 1e-6, "param " + i);
        }
    }
}
