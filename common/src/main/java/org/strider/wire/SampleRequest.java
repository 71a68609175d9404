package org.strider.wire;

/**
 * The learner asks a replay shard for {@code count} transitions; the shard answers with a {@link SampleReply}
 * carrying the same {@code requestId}.
 *
 * @param requestId the learner's id for matching the reply
 * @param count     transitions wanted
 */
public record SampleRequest(long requestId, int count) implements DataFrame {

    public SampleRequest {
        Checks.nonNegative("SampleRequest", "count", count);
    }

    @Override
    public FrameType frameType() {
        return FrameType.SAMPLE_REQUEST;
    }
}
