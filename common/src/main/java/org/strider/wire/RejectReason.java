package org.strider.wire;

/** Why {@link FrameCodec#decode} dropped a frame; counted per reason in {@link RejectCounters}. */
public enum RejectReason {
    /** Fewer bytes than the header. */
    TOO_SHORT,
    /** The first int is not {@link FrameHeader#MAGIC}. */
    BAD_MAGIC,
    /** A protocol version this codec does not speak. */
    BAD_VERSION,
    /** A run id other than the codec's. */
    WRONG_RUN,
    /** A frame type id no data frame has. */
    UNKNOWN_TYPE,
    /** The header's body length is not the number of bytes given. */
    LENGTH_MISMATCH,
    /** A body, count, dimension or parameter vector over {@link WireLimits}. */
    OVERSIZED,
    /** The body does not parse: negative sizes, too few bytes for its counts, trailing bytes, flag bits this protocol does not define. */
    MALFORMED,
    /** NaN or infinity in a float of a transition batch, sample reply or weight frame. */
    NON_FINITE,
    /** A terminated flag other than 0 or 1. */
    BAD_FLAG,
    /** A frame without a MAC at a codec that holds a run key. */
    UNAUTHENTICATED,
    /** A MAC that is not the frame's under this codec's run key: another key, or bytes changed on the way. */
    BAD_MAC,
    /** A frame with a MAC at a codec without a run key: the nodes' key configurations differ. */
    UNEXPECTED_MAC
}
