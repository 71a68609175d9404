package org.strider.wire;

/**
 * The data frames, each with its fixed id: the id written in the frame header and the Kryo registration id (both
 * assigned in {@link WireRegistry}).
 */
public enum FrameType {
    TRANSITION_BATCH(WireRegistry.TRANSITION_BATCH_ID, TransitionBatch.class),
    WEIGHT_FRAME(WireRegistry.WEIGHT_FRAME_ID, WeightFrame.class),
    SAMPLE_REQUEST(WireRegistry.SAMPLE_REQUEST_ID, SampleRequest.class),
    SAMPLE_REPLY(WireRegistry.SAMPLE_REPLY_ID, SampleReply.class);

    private static final int FIRST_ID = WireRegistry.TRANSITION_BATCH_ID;
    private static final FrameType[] BY_ID = new FrameType[values().length];

    static {
        for (final FrameType type : values()) {
            if (BY_ID[type.id - FIRST_ID] != null) {
                throw new IllegalStateException("frame ids must be consecutive from " + FIRST_ID);
            }
            BY_ID[type.id - FIRST_ID] = type;
        }
    }

    private final int id;
    private final Class<? extends DataFrame> messageClass;

    FrameType(final int id, final Class<? extends DataFrame> messageClass) {
        this.id = id;
        this.messageClass = messageClass;
    }

    /** The id in the frame header (and the class's Kryo registration id). */
    public int id() {
        return id;
    }

    public Class<? extends DataFrame> messageClass() {
        return messageClass;
    }

    /** The type with this header id, or null when no data frame has it. Allocates nothing. */
    public static FrameType fromId(final int id) {
        final int index = id - FIRST_ID;
        return index >= 0 && index < BY_ID.length ? BY_ID[index] : null;
    }
}
