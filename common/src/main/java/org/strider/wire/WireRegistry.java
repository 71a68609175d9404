package org.strider.wire;

import com.esotericsoftware.kryo.Kryo;
import org.strider.control.ControlRegistry;
import com.esotericsoftware.kryo.serializers.ImmutableCollectionsSerializers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one place Kryo registration ids are assigned, for every class that crosses a process. Ids are part of the
 * protocol: never renumber or reuse one; add new classes with new ids. A frame or message from another version is
 * then read correctly or rejected, never misread.
 *
 * <pre>
 *     0..9    Kryo's built-ins (int, String, float, boolean, byte, char, short, long, double, void)
 *    10..49   JDK classes control records may hold (lists, maps, primitive arrays)
 *   100..199  data frames (also their {@link FrameType} header ids)
 *   200..299  control-plane records (below, marked)
 * </pre>
 *
 * Kryo is not thread-safe: {@link #newKryo} makes one per thread or codec.
 */
public final class WireRegistry {
    // ---- data frames: the header id and the Kryo id (consecutive, see FrameType) ----
    public static final int TRANSITION_BATCH_ID = 100;
    public static final int WEIGHT_FRAME_ID = 101;
    public static final int SAMPLE_REQUEST_ID = 102;
    public static final int SAMPLE_REPLY_ID = 103;

    // ---- JDK classes for control records ----
    public static final int ARRAY_LIST_ID = 10;
    /** {@code List.of(a)} and {@code List.of(a, b)}. */
    public static final int IMMUTABLE_LIST_12_ID = 11;
    /** {@code List.of()}, {@code List.of(a, b, c, ...)}, {@code List.copyOf}, {@code Stream.toList()}. */
    public static final int IMMUTABLE_LIST_N_ID = 12;
    public static final int HASH_MAP_ID = 13;
    public static final int LINKED_HASH_MAP_ID = 14;
    /** {@code Map.of(k, v)}. */
    public static final int IMMUTABLE_MAP_1_ID = 15;
    /** {@code Map.of()}, {@code Map.of(k1, v1, k2, v2, ...)}, {@code Map.copyOf}. */
    public static final int IMMUTABLE_MAP_N_ID = 16;
    /** {@code Set.of(a)}, {@code Set.of(a, b)}. */
    public static final int IMMUTABLE_SET_12_ID = 17;
    /** {@code Set.of()}, {@code Set.of(a, b, c, ...)}. */
    public static final int IMMUTABLE_SET_N_ID = 18;
    public static final int BYTE_ARRAY_ID = 20;
    public static final int INT_ARRAY_ID = 21;
    public static final int LONG_ARRAY_ID = 22;
    public static final int FLOAT_ARRAY_ID = 23;
    public static final int DOUBLE_ARRAY_ID = 24;
    public static final int STRING_ARRAY_ID = 25;

    // ---- control-plane records: ids 200..299 ----
    /** First id for control-plane records. */
    public static final int FIRST_CONTROL_ID = 200;
    /** Last id for control-plane records. */
    public static final int LAST_CONTROL_ID = 299;

    private WireRegistry() {
    }

    /** A Kryo with every wire class registered, frames bounded by {@link WireLimits#DEFAULT}. */
    public static Kryo newKryo() {
        return newKryo(WireLimits.DEFAULT);
    }

    /**
     * A Kryo with every wire class registered under its fixed id, registration required (an unregistered class is
     * an error, never a class name on the wire), no reference tracking. The data-frame serializers hold scratch
     * arrays and check sizes against {@code limits}.
     */
    public static Kryo newKryo(final WireLimits limits) {
        final Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(true);
        kryo.setReferences(false);

        kryo.register(TransitionBatch.class, new TransitionBatchSerializer(limits), TRANSITION_BATCH_ID);
        kryo.register(WeightFrame.class, new WeightFrameSerializer(limits), WEIGHT_FRAME_ID);
        kryo.register(SampleRequest.class, new SampleRequestSerializer(limits), SAMPLE_REQUEST_ID);
        kryo.register(SampleReply.class, new SampleReplySerializer(limits), SAMPLE_REPLY_ID);

        ImmutableCollectionsSerializers.addDefaultSerializers(kryo);
        kryo.register(ArrayList.class, ARRAY_LIST_ID);
        kryo.register(List.of(1).getClass(), IMMUTABLE_LIST_12_ID);
        kryo.register(List.of(1, 2, 3).getClass(), IMMUTABLE_LIST_N_ID);
        kryo.register(HashMap.class, HASH_MAP_ID);
        kryo.register(LinkedHashMap.class, LINKED_HASH_MAP_ID);
        kryo.register(Map.of(1, 1).getClass(), IMMUTABLE_MAP_1_ID);
        kryo.register(Map.of(1, 1, 2, 2).getClass(), IMMUTABLE_MAP_N_ID);
        kryo.register(Set.of(1).getClass(), IMMUTABLE_SET_12_ID);
        kryo.register(Set.of(1, 2, 3).getClass(), IMMUTABLE_SET_N_ID);
        kryo.register(byte[].class, BYTE_ARRAY_ID);
        kryo.register(int[].class, INT_ARRAY_ID);
        kryo.register(long[].class, LONG_ARRAY_ID);
        kryo.register(float[].class, FLOAT_ARRAY_ID);
        kryo.register(double[].class, DOUBLE_ARRAY_ID);
        kryo.register(String[].class, STRING_ARRAY_ID);

        registerControlRecords(kryo);
        return kryo;
    }

    /**
     * The control-plane records, ids {@link #FIRST_CONTROL_ID} to {@link #LAST_CONTROL_ID}, live in
     * {@link ControlRegistry}, which also swaps in length-checked serializers for String, int[] and double[] (same
     * ids), so a peer's claimed length is checked against the bytes before anything is allocated.
     */
    private static void registerControlRecords(final Kryo kryo) {
        ControlRegistry.register(kryo);
    }
}
