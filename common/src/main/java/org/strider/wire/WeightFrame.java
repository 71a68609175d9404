package org.strider.wire;

/**
 * The actor's flat parameter vector as the learner publishes it. Only the first {@code length} floats of
 * {@code params} are meaningful and sent (the array may be a longer reused buffer).
 *
 * @param version the weight version (actors switch to the newest)
 * @param updates learner updates done when these weights were taken
 * @param params  the parameters, {@code length} floats used
 * @param length  floats in the vector
 */
public record WeightFrame(long version, long updates, float[] params, int length) implements DataFrame {

    public WeightFrame {
        Checks.nonNegative("WeightFrame", "length", length);
        Checks.holds("WeightFrame", "params", params, length);
    }

    @Override
    public FrameType frameType() {
        return FrameType.WEIGHT_FRAME;
    }
}
