package org.strider.transport;

/**
 * Aeron stream ids of the data plane. One block of {@value #BLOCK} ids per kind of stream, the shard index
 * added inside its block, so an id tells what it carries at a glance: 10 000 + s transitions into shard s,
 * 20 000 + s sample requests to shard s, 30 000 + s sample replies from shard s, and 1 for the weight
 * broadcast.
 */
public final class StreamIds {
    /** Ids per kind of stream, hence the most shards a run can have. */
    public static final int BLOCK = 10_000;
    public static final int WEIGHTS = 1;
    public static final int TRANSITIONS_BASE = 1 * BLOCK;
    public static final int SAMPLE_REQUESTS_BASE = 2 * BLOCK;
    public static final int SAMPLE_REPLIES_BASE = 3 * BLOCK;

    private StreamIds() {
    }

    /** Transition batches from actors into shard {@code shard}. */
    public static int transitions(final int shard) {
        return TRANSITIONS_BASE + checked(shard);
    }

    /** Sample requests from the learner to shard {@code shard}. */
    public static int sampleRequests(final int shard) {
        return SAMPLE_REQUESTS_BASE + checked(shard);
    }

    /** Sample replies from shard {@code shard} to the learner. */
    public static int sampleReplies(final int shard) {
        return SAMPLE_REPLIES_BASE + checked(shard);
    }

    /** Versioned policy weights from the learner to every actor. */
    public static int weights() {
        return WEIGHTS;
    }

    private static int checked(final int shard) {
        if (shard < 0 || shard >= BLOCK) {
            throw new IllegalArgumentException("shard index must be in [0, " + BLOCK + "): " + shard);
        }
        return shard;
    }
}
