package org.strider.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class KryoPekkoSerializerTest {
    private final KryoPekkoSerializer serializer = new KryoPekkoSerializer();

    static RunSpec run() {
        final RolloutSpec rollout = new RolloutSpec("Pendulum-v1", 4, new int[] {400, 300}, "RELU", "GAUSSIAN", 0.1,
            0.05, 10_000, 0.15, 0.01, 32);
        return new RunSpec(42L, 7L, "td3.gamma=0.98\nreplay.batch_size=256", rollout, 2, 100_000, 256.0, 1000, 2560.0,
            10, 20_000, false);
    }

    /** A lockstep run: one env per actor, one shard. */
    static RunSpec lockstepRun() {
        final RolloutSpec rollout = new RolloutSpec("Pendulum-v1", 1, new int[] {32, 32}, "RELU", "GAUSSIAN", 0.1,
            0.1, 0, 0.15, 0.01, 1);
        return new RunSpec(43L, 11L, "replay.batch_size=32", rollout, 1, 20_000, 32.0, 301, 32.0, 1, 2_500, true);
    }

    @Test
    void shouldRoundTripEveryControlMessage() {
        final ShardInfo shard = new ShardInfo(1, new Endpoint("aeron:ipc", 1011), new Endpoint("aeron:ipc", 1012));
        final Object[] messages = {
            new CoordinatorProtocol.Join("node-a", NodeRole.REPLAY, "pekko://strider@h:1/user/x#1",
                new Endpoint[] {new Endpoint("aeron:udp?endpoint=h:40123", 1001)}),
            new CoordinatorProtocol.Join("node-b", NodeRole.ACTOR, "pekko://strider@h:2/user/y#2", new Endpoint[0], 4,
                1550),
            new CoordinatorProtocol.ActorReport(3, 1000, 5, -120.5, -300.25, 512.0, 1000, 990, 0, 17,
                new double[] {-1.5, 2.0}, new int[] {200, 200}),
            new CoordinatorProtocol.ShardReport(0, 900, 1000, 2, 25_600, 4, 9),
            new NodeProtocol.Welcome(run(), 3, new ShardInfo[] {shard}, new Endpoint("aeron:ipc", 4000),
                new Endpoint("aeron:ipc", 3001), 12),
            new NodeProtocol.ShardsChanged(new ShardInfo[] {shard, shard}),
            new NodeProtocol.StopRun("done"),
            new NodeProtocol.RunOver("reached 20000 env steps"),
        };
        for (final Object m : messages) {
            final Object back = serializer.fromBinaryJava(serializer.toBinary(m), null);
            assertEquals(m.getClass(), back.getClass());
            assertEquals(m.toString().replaceAll("@[0-9a-f]+", ""), back.toString().replaceAll("@[0-9a-f]+", ""),
                "records with arrays compare by their text without array identities");
        }
        final NodeProtocol.Welcome w = (NodeProtocol.Welcome) serializer.fromBinaryJava(
            serializer.toBinary(messages[4]), null);
        assertFalse(w.run().lockstep(), "a normal run stays normal on the wire");
        final RunSpec lockstep = (RunSpec) serializer.fromBinaryJava(serializer.toBinary(lockstepRun()), null);
        assertTrue(lockstep.lockstep(), "the lockstep flag survives the wire");
        assertEquals(lockstepRun().toString().replaceAll("@[0-9a-f]+", ""),
            lockstep.toString().replaceAll("@[0-9a-f]+", ""));
        assertEquals(run().rollout().envId(), w.run().rollout().envId());
        assertArrayEquals(new int[] {400, 300}, w.run().rollout().actorHidden());
        assertEquals(shard, w.shards()[0]);
    }

    @Test
    void shouldWriteNoClassNamesOnTheWire() {
        final byte[] bytes = serializer.toBinary(new NodeProtocol.StopRun("x"));
        assertTrue(bytes.length < 8, "a registered record is an id and its fields, got " + bytes.length + " bytes");
    }

    @Test
    void shouldRefuseUnregisteredMessages() {
        record Foreign(int x) implements ControlMessage {
        }
        assertThrows(IllegalArgumentException.class, () -> serializer.toBinary(new Foreign(1)));
    }

    @Test
    void shouldRejectGarbageWithAClearErrorAndNothingElse() {
        final Random random = new Random(5);
        final byte[] good = serializer.toBinary(new CoordinatorProtocol.Join("n", NodeRole.ACTOR, "ref",
            new Endpoint[0]));
        int rejected = 0;
        for (int i = 0; i < 5_000; i++) {
            final byte[] bytes = i % 2 == 0 ? new byte[random.nextInt(64)] : good.clone();
            if (i % 2 == 0) {
                random.nextBytes(bytes);
            } else {
                bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
            }
            try {
                assertInstanceOf(ControlMessage.class, serializer.fromBinaryJava(bytes, null));
            } catch (final IllegalArgumentException e) {
                assertTrue(e.getMessage().startsWith("unreadable control message")
                    || e.getMessage().contains("trailing bytes"), e.getMessage());
                rejected++;
            }
        }
        assertTrue(rejected > 2_000, "most garbage is refused, got " + rejected);
    }

    @Test
    void shouldPinTheIdOfEveryControlClass() {
        final com.esotericsoftware.kryo.Kryo kryo = KryoPekkoSerializer.newKryo();
        final java.util.Map<Class<?>, Integer> pinned = new java.util.LinkedHashMap<>();
        pinned.put(String.class, 1);
        pinned.put(int[].class, 21);
        pinned.put(double[].class, 24);
        pinned.put(NodeRole.class, 202);
        pinned.put(Endpoint.class, 203);
        pinned.put(Endpoint[].class, 204);
        pinned.put(ShardInfo.class, 205);
        pinned.put(ShardInfo[].class, 206);
        pinned.put(RolloutSpec.class, 207);
        pinned.put(RunSpec.class, 208);
        pinned.put(CoordinatorProtocol.Join.class, 220);
        pinned.put(CoordinatorProtocol.ActorReport.class, 221);
        pinned.put(CoordinatorProtocol.ShardReport.class, 222);
        pinned.put(NodeProtocol.Welcome.class, 240);
        pinned.put(NodeProtocol.ShardsChanged.class, 241);
        pinned.put(NodeProtocol.StopRun.class, 242);
        pinned.put(NodeProtocol.RunOver.class, 243);
        pinned.forEach((type, id) -> assertEquals(id, kryo.getRegistration(type).getId(), type.getName()));
        assertInstanceOf(BoundedSerializers.Strings.class, kryo.getRegistration(String.class).getSerializer());
    }

    @Test
    void shouldRefuseAStringClaimingMoreBytesThanTheMessageHas() {
        final byte[] bytes = serializer.toBinary(new NodeProtocol.StopRun("abc"));
        // id varint, then the string's length varint (length + 1 = 4): claim 2^27 bytes instead.
        final byte[] lying = java.util.Arrays.copyOf(bytes, bytes.length + 3);
        lying[bytes.length - 4] = (byte) 0x80;
        lying[bytes.length - 3] = (byte) 0x80;
        lying[bytes.length - 2] = (byte) 0x80;
        lying[bytes.length - 1] = (byte) 0x40;
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> serializer.fromBinaryJava(lying, null));
        assertTrue(e.getMessage().contains("claims"), e.getMessage());
    }
}
