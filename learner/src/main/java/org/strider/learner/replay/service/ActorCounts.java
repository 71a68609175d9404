package org.strider.learner.replay.service;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.agrona.collections.Int2IntHashMap;

/**
 * Transitions inserted and the last batch sequence, per actor id, without boxing: ids map to slots of primitive
 * arrays, which grow (allocating) only when a new actor appears. One thread.
 */
final class ActorCounts {
    private static final int MISSING = -1;

    private final Int2IntHashMap slots = new Int2IntHashMap(MISSING);
    private int[] ids = new int[8];
    private long[] inserted = new long[8];
    private long[] lastSequence = new long[8];
    private int size;
    private long sequenceGaps;

    /**
     * Counts {@code rows} from {@code actorId}'s batch {@code sequence}, noting batches skipped since its last; the
     * caller has checked it is not a {@link #isRepeat repeat}.
     */
    void record(final int actorId, final long sequence, final int rows) {
        int slot = slots.get(actorId);
        if (slot == MISSING) {
            slot = add(actorId);
        } else if (sequence > lastSequence[slot] + 1) {
            sequenceGaps += sequence - lastSequence[slot] - 1;
        }
        inserted[slot] += rows;
        lastSequence[slot] = sequence;
    }

    /** Whether {@code actorId} already had a batch numbered {@code sequence} or later inserted here. */
    boolean isRepeat(final int actorId, final long sequence) {
        final int slot = slots.get(actorId);
        return slot != MISSING && sequence <= lastSequence[slot];
    }

    private int add(final int actorId) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
            inserted = Arrays.copyOf(inserted, size * 2);
            lastSequence = Arrays.copyOf(lastSequence, size * 2);
        }
        final int slot = size++;
        slots.put(actorId, slot);
        ids[slot] = actorId;
        inserted[slot] = 0;
        lastSequence[slot] = -1;
        return slot;
    }

    long sequenceGaps() {
        return sequenceGaps;
    }

    Map<Integer, Long> snapshot() {
        final Map<Integer, Long> copy = new HashMap<>();
        for (int slot = 0; slot < size; slot++) {
            copy.put(ids[slot], inserted[slot]);
        }
        return copy;
    }
}
