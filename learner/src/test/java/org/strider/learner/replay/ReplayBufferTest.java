package org.strider.learner.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

class ReplayBufferTest {
    private static final int OBS = 3;
    private static final int ACT = 2;

    /** Transition {@code id}: every value derived from id, so a sampled row names the transition it came from. */
    private static void add(final ReplayBuffer buffer, final int id) {
        buffer.add(obs(id), action(id), id * 10f, next(id), id % 3 == 0);
    }

    private static float[] obs(final int id) {
        return new float[] {id, id + 0.25f, id + 0.5f};
    }

    private static float[] action(final int id) {
        return new float[] {-id, id * 0.5f};
    }

    private static float[] next(final int id) {
        return new float[] {id + 1, id + 1.25f, id + 1.5f};
    }

    /** Flat batch of transitions {@code first .. first + count - 1}. */
    private static float[][] batch(final int first, final int count) {
        final float[] o = new float[count * OBS];
        final float[] a = new float[count * ACT];
        final float[] r = new float[count];
        final float[] n = new float[count * OBS];
        final float[] t = new float[count];
        for (int k = 0; k < count; k++) {
            final int id = first + k;
            System.arraycopy(obs(id), 0, o, k * OBS, OBS);
            System.arraycopy(action(id), 0, a, k * ACT, ACT);
            r[k] = id * 10f;
            System.arraycopy(next(id), 0, n, k * OBS, OBS);
            t[k] = id % 3 == 0 ? 1f : 0f;
        }
        return new float[][] {o, a, r, n, t};
    }

    private static void addBatch(final ReplayBuffer buffer, final float[][] b) {
        buffer.addBatch(b[0], b[1], b[2], b[3], b[4]);
    }

    /** Ids stored in the buffer, read through sampling enough rows to see every slot. */
    private static BitSet storedIds(final ReplayBuffer buffer) {
        final ReplayBatch batch = new ReplayBatch(1000, OBS, ACT);
        final BitSet ids = new BitSet();
        for (int round = 0; round < 5; round++) {
            buffer.sample(batch);
            for (int r = 0; r < batch.size; r++) {
                final int id = (int) batch.obs[r * OBS];
                assertWholeRow(batch, r, id);
                ids.set(id);
            }
        }
        return ids;
    }

    private static void assertWholeRow(final ReplayBatch batch, final int r, final int id) {
        assertArrayEquals(obs(id), Arrays.copyOfRange(batch.obs, r * OBS, r * OBS + OBS));
        assertArrayEquals(action(id), Arrays.copyOfRange(batch.action, r * ACT, r * ACT + ACT));
        assertEquals(id * 10f, batch.reward[r]);
        assertArrayEquals(next(id), Arrays.copyOfRange(batch.nextObs, r * OBS, r * OBS + OBS));
        assertEquals(id % 3 == 0 ? 1f : 0f, batch.terminated[r]);
    }

    private static BitSet range(final int from, final int to) {
        final BitSet b = new BitSet();
        b.set(from, to);
        return b;
    }

    @Test
    void shouldSampleWholeTransitionsOnlyFromTheFilledPart() {
        final ReplayBuffer buffer = new ReplayBuffer(100, OBS, ACT, 1);
        for (int id = 0; id < 10; id++) {
            add(buffer, id);
        }
        assertEquals(10, buffer.size());
        assertEquals(range(0, 10), storedIds(buffer));
    }

    @Test
    void shouldOverwriteTheOldestTransitionsWhenFull() {
        final ReplayBuffer buffer = new ReplayBuffer(5, OBS, ACT, 2);
        for (int id = 0; id < 7; id++) {
            add(buffer, id);
        }
        assertEquals(5, buffer.size());
        assertEquals(7, buffer.added());
        assertEquals(range(2, 7), storedIds(buffer));
    }

    @Test
    void shouldWrapABatchAroundTheEndOfTheRing() {
        final ReplayBuffer buffer = new ReplayBuffer(5, OBS, ACT, 3);
        for (int id = 0; id < 3; id++) {
            add(buffer, id);
        }
        addBatch(buffer, batch(3, 4));
        assertEquals(5, buffer.size());
        assertEquals(range(2, 7), storedIds(buffer));

        final ReplayBatch one = new ReplayBatch(200, OBS, ACT);
        buffer.sample(one);
        for (int r = 0; r < one.size; r++) {
            // ids 3, 4 went to slots 3, 4; ids 5, 6 wrapped to slots 0, 1; id 2 stays in slot 2.
            final int id = (int) one.obs[r * OBS];
            assertEquals(id % 5, one.index[r]);
        }
    }

    @Test
    void shouldKeepOnlyTheLastCapacityRowsOfABatchLargerThanTheBuffer() {
        final ReplayBuffer buffer = new ReplayBuffer(5, OBS, ACT, 4);
        add(buffer, 100);
        addBatch(buffer, batch(0, 12));
        assertEquals(5, buffer.size());
        assertEquals(13, buffer.added());
        assertEquals(range(7, 12), storedIds(buffer));
        add(buffer, 12);
        assertEquals(range(8, 13), storedIds(buffer));
    }

    @Test
    void shouldSampleUniformly() {
        final int n = 1000;
        final ReplayBuffer buffer = new ReplayBuffer(n, OBS, ACT, 5);
        addBatch(buffer, batch(0, n));
        final ReplayBatch batch = new ReplayBatch(1000, OBS, ACT);
        final int[] counts = new int[n];
        final int rounds = 100;
        for (int round = 0; round < rounds; round++) {
            buffer.sample(batch);
            for (final int i : batch.index) {
                counts[i]++;
            }
        }
        final double expected = rounds * batch.size / (double) n;
        double chiSquare = 0;
        for (final int c : counts) {
            chiSquare += (c - expected) * (c - expected) / expected;
        }
        // n - 1 = 999 degrees of freedom: mean 999, standard deviation sqrt(2 * 999) ≈ 44.7; allow 5 sd each way.
        assertTrue(chiSquare > 999 - 5 * 44.7 && chiSquare < 999 + 5 * 44.7, "chi-square " + chiSquare);
    }

    @Test
    void shouldDrawTheSameRowsForTheSameSeedAndResumeFromASavedState() {
        final ReplayBuffer a = new ReplayBuffer(50, OBS, ACT, 9);
        final ReplayBuffer b = new ReplayBuffer(50, OBS, ACT, 9);
        addBatch(a, batch(0, 50));
        addBatch(b, batch(0, 50));
        final ReplayBatch ba = new ReplayBatch(32, OBS, ACT);
        final ReplayBatch bb = new ReplayBatch(32, OBS, ACT);
        a.sample(ba);
        b.sample(bb);
        assertArrayEquals(ba.index, bb.index);

        final long saved = a.rngState();
        a.sample(ba);
        b.rngState(saved);
        b.sample(bb);
        assertArrayEquals(ba.index, bb.index);
    }

    @Test
    void shouldRejectNonFiniteValuesNamingFieldAndIndexAndKeepWhatWasStored() {
        final ReplayBuffer buffer = new ReplayBuffer(10, OBS, ACT, 6);
        add(buffer, 1);
        add(buffer, 2);

        final float[] badObs = obs(3);
        badObs[2] = Float.NaN;
        final IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
            () -> buffer.add(badObs, action(3), 30f, next(3), false));
        assertEquals("replay: transition rejected, nothing stored: obs[2] is NaN", nan.getMessage());

        final float[] badAction = action(3);
        badAction[1] = Float.POSITIVE_INFINITY;
        assertEquals("replay: transition rejected, nothing stored: action[1] is Infinity",
            assertThrows(IllegalArgumentException.class,
                () -> buffer.add(obs(3), badAction, 30f, next(3), false)).getMessage());
        assertEquals("replay: transition rejected, nothing stored: reward is -Infinity",
            assertThrows(IllegalArgumentException.class,
                () -> buffer.add(obs(3), action(3), Float.NEGATIVE_INFINITY, next(3), false)).getMessage());
        final float[] badNext = next(3);
        badNext[0] = Float.NaN;
        assertEquals("replay: transition rejected, nothing stored: nextObs[0] is NaN",
            assertThrows(IllegalArgumentException.class,
                () -> buffer.add(obs(3), action(3), 30f, badNext, false)).getMessage());

        assertEquals(2, buffer.size());
        assertEquals(2, buffer.added());
        assertEquals(range(1, 3), storedIds(buffer));
    }

    @Test
    void shouldRejectWrongDimensions() {
        final ReplayBuffer buffer = new ReplayBuffer(10, OBS, ACT, 7);
        add(buffer, 1);
        assertEquals("replay: transition rejected, nothing stored: action has 3 values, expected 2",
            assertThrows(IllegalArgumentException.class,
                () -> buffer.add(obs(2), new float[3], 0f, next(2), false)).getMessage());
        assertEquals("replay: transition rejected, nothing stored: obs has 4 values, expected 3",
            assertThrows(IllegalArgumentException.class,
                () -> buffer.add(new float[4], action(2), 0f, next(2), false)).getMessage());

        final float[][] b = batch(2, 4);
        assertEquals("replay: batch of 4 transitions rejected, nothing stored: nextObs has 11 values, "
            + "expected 12 (4 rows)", assertThrows(IllegalArgumentException.class,
                () -> buffer.addBatch(b[0], b[1], b[2], Arrays.copyOf(b[3], 11), b[4])).getMessage());
        assertEquals(1, buffer.size());
    }

    @Test
    void shouldRejectABadBatchWholeNamingTheTransition() {
        final ReplayBuffer buffer = new ReplayBuffer(10, OBS, ACT, 8);
        addBatch(buffer, batch(0, 3));

        final float[][] b = batch(3, 8);
        b[3][7 * OBS + 1] = Float.POSITIVE_INFINITY;
        assertEquals("replay: batch of 8 transitions rejected, nothing stored: nextObs[1] of transition 7 is Infinity",
            assertThrows(IllegalArgumentException.class, () -> addBatch(buffer, b)).getMessage());

        final float[][] c = batch(3, 8);
        c[2][5] = Float.NaN;
        assertEquals("replay: batch of 8 transitions rejected, nothing stored: reward[5] is NaN",
            assertThrows(IllegalArgumentException.class, () -> addBatch(buffer, c)).getMessage());

        final float[][] d = batch(3, 8);
        d[4][2] = 0.5f;
        assertEquals("replay: batch of 8 transitions rejected, nothing stored: terminated[2] is 0.5, expected 0 or 1",
            assertThrows(IllegalArgumentException.class, () -> addBatch(buffer, d)).getMessage());

        assertEquals(3, buffer.size());
        assertEquals(range(0, 3), storedIds(buffer));
    }

    /** {@code b}'s rows copied into arrays {@code extra} rows longer, the tail filled with NaN and 0.5. */
    private static float[][] padded(final float[][] b, final int extra) {
        final int[] widths = {OBS, ACT, 1, OBS, 1};
        final float[][] p = new float[5][];
        for (int f = 0; f < 5; f++) {
            p[f] = Arrays.copyOf(b[f], b[f].length + extra * widths[f]);
            Arrays.fill(p[f], b[f].length, p[f].length, f == 4 ? 0.5f : Float.NaN);
        }
        return p;
    }

    @Test
    void shouldStoreOnlyTheFirstCountRowsWhenArraysAreLonger() {
        final ReplayBuffer buffer = new ReplayBuffer(10, OBS, ACT, 11);
        final float[][] b = padded(batch(0, 4), 3);
        buffer.addBatch(4, b[0], b[1], b[2], b[3], b[4]);
        final float[][] c = padded(batch(4, 3), 5);
        buffer.addBatch(3, c[0], c[1], c[2], c[3], c[4]);
        buffer.addBatch(0, c[0], c[1], c[2], c[3], c[4]);
        assertEquals(7, buffer.size());
        assertEquals(7, buffer.added());
        assertEquals(range(0, 7), storedIds(buffer));
    }

    @Test
    void shouldRejectACountedBatchWholeWhenARowIsNaNOrArraysTooShort() {
        final ReplayBuffer buffer = new ReplayBuffer(10, OBS, ACT, 12);
        final float[][] good = padded(batch(0, 2), 2);
        buffer.addBatch(2, good[0], good[1], good[2], good[3], good[4]);

        final float[][] b = padded(batch(2, 5), 4);
        b[1][4 * ACT + 1] = Float.NaN;
        assertEquals("replay: batch of 5 transitions rejected, nothing stored: action[1] of transition 4 is NaN",
            assertThrows(IllegalArgumentException.class,
                () -> buffer.addBatch(5, b[0], b[1], b[2], b[3], b[4])).getMessage());
        assertEquals("replay: batch of 9 transitions rejected, nothing stored: obs[0] of transition 5 is NaN",
            assertThrows(IllegalArgumentException.class,
                () -> buffer.addBatch(9, b[0], b[1], b[2], b[3], b[4])).getMessage());
        assertEquals("replay: batch of 10 transitions rejected, nothing stored: obs has 27 values, expected at "
            + "least 30 (10 rows)", assertThrows(IllegalArgumentException.class,
                () -> buffer.addBatch(10, b[0], b[1], b[2], b[3], b[4])).getMessage());
        assertThrows(IllegalArgumentException.class, () -> buffer.addBatch(-1, b[0], b[1], b[2], b[3], b[4]));

        assertEquals(2, buffer.size());
        assertEquals(2, buffer.added());
        assertEquals(range(0, 2), storedIds(buffer));
    }

    @Test
    void shouldRefuseToSampleWhenEmptyOrForAnotherShape() {
        final ReplayBuffer buffer = new ReplayBuffer(10, OBS, ACT, 9);
        assertThrows(IllegalStateException.class, () -> buffer.sample(new ReplayBatch(4, OBS, ACT)));
        add(buffer, 1);
        assertThrows(IllegalArgumentException.class, () -> buffer.sample(new ReplayBatch(4, OBS + 1, ACT)));
    }

    @Test
    void shouldHoldAMillionBipedalWalkerTransitionsIn216Megabytes() {
        // 4 bytes × (24 obs + 24 next obs + 4 action + 1 reward + 1 terminated) = 216 bytes per transition.
        assertEquals(216_000_000L, ReplayBuffer.bytesFor(1_000_000, 24, 4));
        final ReplayBuffer buffer = new ReplayBuffer(1_000_000, 24, 4, 10);
        final float[] o = new float[24];
        final float[] a = new float[4];
        for (int i = 0; i < 1000; i++) {
            o[0] = i;
            buffer.add(o, a, i, o, false);
        }
        final ReplayBatch batch = new ReplayBatch(256, 24, 4);
        buffer.sample(batch);
        for (int r = 0; r < batch.size; r++) {
            assertEquals(batch.obs[r * 24], batch.reward[r]);
        }
        assertEquals(1000, buffer.size());
    }

    @Test
    void shouldRestoreRowsRingPositionAndSamplerFromItsState() throws java.io.IOException {
        final ReplayBuffer buffer = new ReplayBuffer(7, OBS, ACT, 5);
        for (int id = 0; id < 11; id++) {
            add(buffer, id);
        }
        final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        buffer.writeState(new java.io.DataOutputStream(bytes));
        assertEquals(buffer.stateBytes(), bytes.size());
        final ReplayBuffer copy = new ReplayBuffer(7, OBS, ACT, 99);
        copy.readState(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(buffer.size(), copy.size());
        assertEquals(11, copy.added());
        add(buffer, 11);
        add(copy, 11);
        final ReplayBatch a = new ReplayBatch(50, OBS, ACT);
        final ReplayBatch b = new ReplayBatch(50, OBS, ACT);
        buffer.sample(a);
        copy.sample(b);
        assertArrayEquals(a.index, b.index);
        assertArrayEquals(a.obs, b.obs);
        assertArrayEquals(a.terminated, b.terminated);
        assertEquals(storedIds(buffer), storedIds(copy));

        final java.io.IOException e = assertThrows(java.io.IOException.class, () -> new ReplayBuffer(8, OBS, ACT, 1)
            .readState(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))));
        assertEquals("replay state is for capacity 7, obs 3, action 2; this buffer has capacity 8, obs 3, action 2",
            e.getMessage());
    }
}
