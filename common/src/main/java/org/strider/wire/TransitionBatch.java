package org.strider.wire;

/**
 * Transitions an actor produced, row-major: row {@code i} of {@code obs} is
 * {@code obs[i * obsDim .. (i + 1) * obsDim)}. The arrays may be longer than {@code count} rows (reused buffers);
 * only the first {@code count} rows are meaningful and only they are sent.
 *
 * @param actorId       the actor node that produced the batch
 * @param sequence      the actor's batch counter (gaps mean lost batches)
 * @param policyVersion the weight version that chose the actions
 * @param count         rows in this batch
 * @param obsDim        floats per observation
 * @param actionDim     floats per action
 * @param obs           observations, {@code count * obsDim} floats used
 * @param actions       actions, {@code count * actionDim} floats used
 * @param rewards       rewards, {@code count} floats used
 * @param nextObs       next observations, {@code count * obsDim} floats used
 * @param terminated    1f where the episode terminated (not truncated), else 0f; {@code count} floats used
 */
public record TransitionBatch(int actorId, long sequence, long policyVersion, int count, int obsDim, int actionDim,
                              float[] obs, float[] actions, float[] rewards, float[] nextObs, float[] terminated)
    implements DataFrame {

    public TransitionBatch {
        Checks.rows("TransitionBatch", count, obsDim, actionDim, obs, actions, rewards, nextObs, terminated);
    }

    @Override
    public FrameType frameType() {
        return FrameType.TRANSITION_BATCH;
    }
}
