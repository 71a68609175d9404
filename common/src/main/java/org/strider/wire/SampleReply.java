package org.strider.wire;

/**
 * A replay shard's answer to a {@link SampleRequest}: {@code count} sampled transitions, row-major like
 * {@link TransitionBatch} (arrays may be longer than {@code count} rows), plus the shard's size and insert count
 * so the learner can watch the rate limiter.
 *
 * @param requestId    the request this answers
 * @param shardId      the shard that sampled
 * @param count        rows in this reply
 * @param obsDim       floats per observation
 * @param actionDim    floats per action
 * @param obs          observations, {@code count * obsDim} floats used
 * @param actions      actions, {@code count * actionDim} floats used
 * @param rewards      rewards, {@code count} floats used
 * @param nextObs      next observations, {@code count * obsDim} floats used
 * @param terminated   1f where the episode terminated, else 0f; {@code count} floats used
 * @param shardSize    transitions held by the shard when it sampled
 * @param shardInserts transitions ever inserted into the shard
 */
public record SampleReply(long requestId, int shardId, int count, int obsDim, int actionDim, float[] obs,
                          float[] actions, float[] rewards, float[] nextObs, float[] terminated, long shardSize,
                          long shardInserts) implements DataFrame {

    public SampleReply {
        Checks.rows("SampleReply", count, obsDim, actionDim, obs, actions, rewards, nextObs, terminated);
        Checks.nonNegative("SampleReply", "shardSize", shardSize);
        Checks.nonNegative("SampleReply", "shardInserts", shardInserts);
    }

    @Override
    public FrameType frameType() {
        return FrameType.SAMPLE_REPLY;
    }
}
