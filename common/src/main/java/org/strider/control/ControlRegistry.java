package org.strider.control;

import com.esotericsoftware.kryo.Kryo;

/**
 * Fixed Kryo ids of the control-plane messages (200–299). A reordering here would make two builds disagree on
 * the wire, so the ids are spelled out and a test pins them. Records use Kryo's record serializer: components in
 * declaration order, so adding a component is a protocol change.
 */
public final class ControlRegistry {
    public static final int FIRST_ID = 200;

    private ControlRegistry() {
    }

    /** Registers every control message class, and the arrays they carry, with its fixed id. */
    public static void register(final Kryo kryo) {
        kryo.register(String.class, new BoundedSerializers.Strings(), 9);
        kryo.register(int[].class, new BoundedSerializers.Ints(), 200);
        kryo.register(double[].class, new BoundedSerializers.Doubles(), 201);
        kryo.register(NodeRole.class, 202);
        kryo.register(Endpoint.class, 203);
        kryo.register(Endpoint[].class, 204);
        kryo.register(ShardInfo.class, 205);
        kryo.register(ShardInfo[].class, 206);
        kryo.register(RolloutSpec.class, 207);
        kryo.register(RunSpec.class, 208);
        kryo.register(CoordinatorProtocol.Join.class, 220);
        kryo.register(CoordinatorProtocol.ActorReport.class, 221);
        kryo.register(CoordinatorProtocol.ShardReport.class, 222);
        kryo.register(NodeProtocol.Welcome.class, 240);
        kryo.register(NodeProtocol.ShardsChanged.class, 241);
        kryo.register(NodeProtocol.StopRun.class, 242);
    }
}
