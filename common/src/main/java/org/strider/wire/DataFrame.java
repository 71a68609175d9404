package org.strider.wire;

/**
 * A data-plane message: what travels on the Aeron streams between actors, replay shards and the learner. Each is a
 * record of scalars and flat float arrays, written as one frame (a {@link FrameHeader} then a Kryo body) by
 * {@link FrameCodec}.
 *
 * <p>Records compare their arrays by reference (as every Java record does); compare contents explicitly.
 */
public sealed interface DataFrame permits TransitionBatch, WeightFrame, SampleRequest, SampleReply {
    /** The frame type written in the header; fixed per record class. */
    FrameType frameType();
}
