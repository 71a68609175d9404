package org.strider.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every float a frame carries (transition batches, sample replies, weights; sample requests carry none) is checked:
 * NaN or an infinity at the first or last position of any field is rejected as NON_FINITE naming the field, with and
 * without a run key (a valid MAC does not make a NaN acceptable).
 */
class FrameNonFiniteTest {
    private static final float[] BAD = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.intBitsToFloat(0xffc0_0001)};

    record Field(String type, String name, Function<DataFrame, float[]> array, int length,
                 Function<Random, DataFrame> make) {
        @Override
        public String toString() {
            return type + "." + name;
        }
    }

    static List<Field> fields() {
        final int rows = 5;
        final int obs = rows * Frames.OBS_DIM;
        final int act = rows * Frames.ACTION_DIM;
        final Function<Random, DataFrame> batch = rng -> Frames.batch(rng, rows, rows);
        final Function<Random, DataFrame> reply = rng -> Frames.reply(rng, rows, rows);
        final Function<Random, DataFrame> weights = rng -> Frames.weights(rng, 77, 77);
        final List<Field> fields = new ArrayList<>();
        fields.add(new Field("TransitionBatch", "obs", f -> ((TransitionBatch) f).obs(), obs, batch));
        fields.add(new Field("TransitionBatch", "actions", f -> ((TransitionBatch) f).actions(), act, batch));
        fields.add(new Field("TransitionBatch", "rewards", f -> ((TransitionBatch) f).rewards(), rows, batch));
        fields.add(new Field("TransitionBatch", "nextObs", f -> ((TransitionBatch) f).nextObs(), obs, batch));
        fields.add(new Field("TransitionBatch", "terminated", f -> ((TransitionBatch) f).terminated(), rows, batch));
        fields.add(new Field("SampleReply", "obs", f -> ((SampleReply) f).obs(), obs, reply));
        fields.add(new Field("SampleReply", "actions", f -> ((SampleReply) f).actions(), act, reply));
        fields.add(new Field("SampleReply", "rewards", f -> ((SampleReply) f).rewards(), rows, reply));
        fields.add(new Field("SampleReply", "nextObs", f -> ((SampleReply) f).nextObs(), obs, reply));
        fields.add(new Field("SampleReply", "terminated", f -> ((SampleReply) f).terminated(), rows, reply));
        fields.add(new Field("WeightFrame", "params", f -> ((WeightFrame) f).params(), 77, weights));
        return fields;
    }

    @ParameterizedTest
    @MethodSource("fields")
    void shouldRejectNanAndInfinityInEveryFloatFieldWithAndWithoutAKey(final Field field) {
        final Random rng = new Random(field.toString().hashCode());
        for (final FrameCodec codec : new FrameCodec[] {new FrameCodec(Frames.RUN_ID, WireLimits.DEFAULT),
            new FrameCodec(Frames.RUN_ID, WireLimits.DEFAULT, FrameAuthTest.KEY)}) {
            int rejected = 0;
            for (final float bad : BAD) {
                for (final int index : new int[] {0, field.length() - 1}) {
                    final DataFrame frame = field.make().apply(rng);
                    field.array().apply(frame)[index] = bad;
                    assertNull(Frames.decode(codec, Frames.bytes(codec, frame)), field + "[" + index + "] = " + bad);
                    rejected++;
                    assertEquals(rejected, codec.rejects().count(RejectReason.NON_FINITE), codec.lastRejection());
                    assertEquals("NON_FINITE: " + field + "[" + index + "] is " + bad, codec.lastRejection());
                }
            }
            assertEquals(rejected, codec.rejects().total());
            // The same frame with finite values only is accepted: the check is not over-eager.
            assertNotNull(Frames.decode(codec, Frames.bytes(codec, field.make().apply(rng))), codec.lastRejection());
        }
    }
}
