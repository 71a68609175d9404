package org.strider.learner.td3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.strider.learner.nn.Network;
import org.strider.learner.replay.ReplayBatch;

/**
 * Four TD3 updates against PyTorch running CleanRL's update on the same parameters, batches and target noise
 * ({@code td3-reference.txt}, made by {@link Td3Reference} and {@code tools/td3ref/td3_reference.py}): targets y,
 * losses, and every parameter of the actor, the critics and their targets after each update.
 */
class Td3UpdateReferenceTest {
    private static final float TOLERANCE = 2e-6f;

    @Test
    void shouldMatchPyTorchRunningCleanRlsUpdate() throws IOException {
        final Map<String, float[]> ref;
        try (InputStream in = getClass().getResourceAsStream("/td3-reference.txt")) {
            ref = Td3Reference.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
        }
        final Td3State s = Td3State.create(Td3Reference.config(), Td3Reference.OBS, Td3Reference.ACTIONS,
            Td3Reference.SEED);
        set(s.actor(), s.actorTarget(), ref.get("actor"));
        set(s.critic1(), s.critic1Target(), ref.get("critic1"));
        set(s.critic2(), s.critic2Target(), ref.get("critic2"));
        final float[][] noise = Td3Reference.noise(s);
        final Td3Update update = new Td3Update(s);
        for (int k = 0; k < Td3Reference.UPDATES; k++) {
            assertArrayEquals(ref.get("batch" + k + ".noise"), noise[k], "the noise this test's update draws");
            final ReplayBatch b = new ReplayBatch(Td3Reference.BATCH, Td3Reference.OBS, Td3Reference.ACT);
            copy(ref.get("batch" + k + ".obs"), b.obs);
            copy(ref.get("batch" + k + ".action"), b.action);
            copy(ref.get("batch" + k + ".reward"), b.reward);
            copy(ref.get("batch" + k + ".next_obs"), b.nextObs);
            copy(ref.get("batch" + k + ".terminated"), b.terminated);
            final Td3Metrics m = update.update(b);

            final String after = "after" + k + ".";
            assertArrayEquals(ref.get(after + "y"), update.targetValues().dup().data().asFloat(), TOLERANCE,
                after + "y");
            assertEquals(ref.get(after + "q1_loss")[0], m.q1Loss, TOLERANCE, after + "q1_loss");
            assertEquals(ref.get(after + "q2_loss")[0], m.q2Loss, TOLERANCE, after + "q2_loss");
            assertEquals(ref.containsKey(after + "actor_loss"), m.actorUpdated);
            if (m.actorUpdated) {
                assertEquals(ref.get(after + "actor_loss")[0], m.actorLoss, TOLERANCE, after + "actor_loss");
            }
            assertParams(ref, after + "actor", s.actor());
            assertParams(ref, after + "actor_target", s.actorTarget());
            assertParams(ref, after + "critic1", s.critic1());
            assertParams(ref, after + "critic1_target", s.critic1Target());
            assertParams(ref, after + "critic2", s.critic2());
            assertParams(ref, after + "critic2_target", s.critic2Target());
        }
        assertFalse(java.util.Arrays.equals(ref.get("actor"), s.actor().paramsToFloats()), "the actor learnt");
        assertTrue(ref.get("batch0.noise").length == Td3Reference.BATCH * Td3Reference.ACT);
    }

    private static void set(final Network net, final Network target, final float[] values) {
        net.setParams(values);
        target.setParams(values);
    }

    private static void copy(final float[] from, final float[] to) {
        assertEquals(to.length, from.length);
        System.arraycopy(from, 0, to, 0, to.length);
    }

    private static void assertParams(final Map<String, float[]> ref, final String name, final Network net) {
        assertArrayEquals(ref.get(name), net.paramsToFloats(), TOLERANCE, name);
    }
}
