package org.strider.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WireRegistryTest {
    /** A control-plane message of the shape the lead will add: Strings, lists, maps, primitives, arrays. */
    record NodeHello(String role, String host, int port, List<String> streams, List<Integer> shards,
                     Map<String, Long> counters, long[] seeds, String note) {
    }

    private static final int NODE_HELLO_ID = WireRegistry.FIRST_CONTROL_ID;

    @Test
    void shouldPinTheIdOfEveryRegisteredClass() {
        final Map<Class<?>, Integer> pinned = new LinkedHashMap<>();
        pinned.put(int.class, 0);
        pinned.put(String.class, 1);
        pinned.put(TransitionBatch.class, 100);
        pinned.put(WeightFrame.class, 101);
        pinned.put(SampleRequest.class, 102);
        pinned.put(SampleReply.class, 103);
        pinned.put(ArrayList.class, 10);
        pinned.put(List.of(1).getClass(), 11);
        pinned.put(List.of(1, 2).getClass(), 11);
        pinned.put(List.of().getClass(), 12);
        pinned.put(List.of(1, 2, 3).getClass(), 12);
        pinned.put(List.copyOf(new ArrayList<>(List.of("a", "b", "c"))).getClass(), 12);
        pinned.put(HashMap.class, 13);
        pinned.put(LinkedHashMap.class, 14);
        pinned.put(Map.of(1, 1).getClass(), 15);
        pinned.put(Map.of().getClass(), 16);
        pinned.put(Map.of(1, 1, 2, 2).getClass(), 16);
        pinned.put(Set.of(1).getClass(), 17);
        pinned.put(Set.of(1, 2, 3).getClass(), 18);
        pinned.put(byte[].class, 20);
        pinned.put(int[].class, 21);
        pinned.put(long[].class, 22);
        pinned.put(float[].class, 23);
        pinned.put(double[].class, 24);
        pinned.put(String[].class, 25);
        final Kryo kryo = WireRegistry.newKryo();
        pinned.forEach((type, id) -> assertEquals(id, kryo.getRegistration(type).getId(), type.getName()));
    }

    @Test
    void shouldGiveEachFrameTypeItsRegistrationId() {
        final Kryo kryo = WireRegistry.newKryo();
        for (final FrameType type : FrameType.values()) {
            assertEquals(type.id(), kryo.getRegistration(type.messageClass()).getId(), type.name());
            assertSame(type, FrameType.fromId(type.id()));
        }
        assertEquals(4, FrameType.values().length, "a new frame type needs a pinned id here");
        assertNull(FrameType.fromId(99));
        assertNull(FrameType.fromId(104));
        assertNull(FrameType.fromId(-1));
    }

    @Test
    void shouldRejectFrameWithUnknownTypeId() {
        final FrameCodec codec = new FrameCodec(Frames.RUN_ID, WireLimits.DEFAULT);
        final byte[] frame = Frames.bytes(codec, new SampleRequest(1, 2));
        frame[FrameHeader.TYPE_OFFSET] = 42;
        assertNull(Frames.decode(codec, frame));
        assertEquals(1, codec.rejects().count(RejectReason.UNKNOWN_TYPE));
        assertEquals("UNKNOWN_TYPE: frame type 42", codec.lastRejection());
    }

    @Test
    void shouldRoundTripControlRecordWithStringAndListFieldsWhenRegisteredWithFixedId() {
        final Kryo writer = WireRegistry.newKryo();
        writer.register(NodeHello.class, NODE_HELLO_ID);
        final Kryo reader = WireRegistry.newKryo();
        reader.register(NodeHello.class, NODE_HELLO_ID);
        final List<NodeHello> messages = List.of(
            new NodeHello("actor", "10.0.0.7", 40123, List.of("aeron:udp?endpoint=10.0.0.7:40124", "ipc"),
                new ArrayList<>(List.of(0, 2, 5)), Map.of("steps", 123_456_789_012L), new long[] {7, -1}, null),
            new NodeHello("replay", "", 0, List.of(), List.of(1), new HashMap<>(Map.of("a", 1L, "b", 2L)),
                new long[0], "héllo ✓"));
        final Output output = new Output(256, -1);
        for (final NodeHello message : messages) {
            writer.writeClassAndObject(output, message);
        }
        final Input input = new Input(output.toBytes());
        for (final NodeHello expected : messages) {
            final NodeHello actual = (NodeHello) reader.readClassAndObject(input);
            assertEquals(expected.role(), actual.role());
            assertEquals(expected.host(), actual.host());
            assertEquals(expected.port(), actual.port());
            assertEquals(expected.streams(), actual.streams());
            assertEquals(expected.shards(), actual.shards());
            assertEquals(expected.counters(), actual.counters());
            assertEquals(java.util.Arrays.toString(expected.seeds()), java.util.Arrays.toString(actual.seeds()));
            assertEquals(expected.note(), actual.note());
        }
        assertEquals(input.limit(), input.position(), "every byte read back");
        // The class travels as its id, not its name.
        final Input first = new Input(output.toBytes());
        assertEquals(NODE_HELLO_ID, reader.readClass(first).getId());
        assertTrue(!new String(output.toBytes(), java.nio.charset.StandardCharsets.ISO_8859_1).contains("NodeHello"));
    }

    @Test
    void shouldRefuseUnregisteredClasses() {
        final Kryo kryo = WireRegistry.newKryo();
        final Output output = new Output(256, -1);
        assertThrows(IllegalArgumentException.class, () -> kryo.writeClassAndObject(output,
            new NodeHello("actor", "h", 1, List.of(), List.of(), Map.of(), new long[0], null)));
        assertThrows(IllegalArgumentException.class, () -> kryo.writeClassAndObject(output, new java.util.TreeMap<>()));
    }

    @Test
    void shouldRefuseToWriteFramesWithBigEndianOutput() {
        final Kryo kryo = WireRegistry.newKryo();
        final KryoException e = assertThrows(KryoException.class,
            () -> kryo.writeObject(new Output(64), new SampleRequest(1, 2)));
        assertTrue(e.getMessage().contains("UnsafeOutput"), e.getMessage());
    }
}
