package org.strider.learner.replay.service;

/**
 * Why a replay shard dropped a frame that decoded fine (frames that do not decode are counted by the codec under
 * {@link org.strider.wire.RejectReason}).
 */
public enum ShardRejectReason {
    /** A data frame of a type this stream does not carry (e.g. a weight frame on the insert stream). */
    WRONG_TYPE,
    /** A transition batch whose obs or action size is not the shard's. */
    WRONG_SHAPE,
    /** A transition batch of more rows than the shard's max insert batch (it could block the limiter for good). */
    BATCH_TOO_LARGE,
    /** A transition batch the replay buffer refused (its checks failed). */
    INVALID_ROWS,
    /** A sample request for no rows or more than the shard's max sample batch. */
    BAD_REQUEST,
    /**
     * A transition batch whose sequence number is not above the last one inserted from its actor: the same frame
     * again (a captured signed frame sent a second time, or a peer's duplicate). Each actor numbers its batches
     * from 0 upwards and never re-sends one, so nothing an honest actor sends lands here.
     */
    REPLAYED
}
