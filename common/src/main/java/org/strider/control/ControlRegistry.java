package org.strider.control;

import com.esotericsoftware.kryo.Kryo;
import org.strider.wire.WireRegistry;

/**
 * Fixed Kryo ids of the control-plane messages ({@link WireRegistry#FIRST_CONTROL_ID} to
 * {@link WireRegistry#LAST_CONTROL_ID}); {@link WireRegistry#newKryo()} calls {@link #register}, so data and
 * control share one registry. A reordering here would make two builds disagree on
 * the wire, so the ids are spelled out and a test pins them. Records use Kryo's record serializer: components in
 * declaration order, so adding a component is a protocol change.
 */
public final class ControlRegistry {
    /** Kryo's own id for String, kept, with a length-checked serializer. */
    public static final int STRING_ID = 1;

    private ControlRegistry() {
    }

    /** Registers every control message class, and the arrays they carry, with its fixed id. */
    public static void register(final Kryo kryo) {
        kryo.register(String.class, new BoundedSerializers.Strings(), STRING_ID);
        kryo.register(int[].class, new BoundedSerializers.Ints(), WireRegistry.INT_ARRAY_ID);
        kryo.register(double[].class, new BoundedSerializers.Doubles(), WireRegistry.DOUBLE_ARRAY_ID);
        kryo.register(NodeRole.class, 202);
        kryo.register(Endpoint.class, 203);
        kryo.register(Endpoint[].class, new BoundedSerializers.RecordArray<>(Endpoint.class), 204);
        kryo.register(ShardInfo.class, 205);
        kryo.register(ShardInfo[].class, new BoundedSerializers.RecordArray<>(ShardInfo.class), 206);
        kryo.register(RolloutSpec.class, 207);
        kryo.register(RunSpec.class, 208);
        kryo.register(CoordinatorProtocol.Join.class, 220);
        kryo.register(CoordinatorProtocol.ActorReport.class, 221);
        kryo.register(CoordinatorProtocol.ShardReport.class, 222);
        kryo.register(NodeProtocol.Welcome.class, 240);
        kryo.register(NodeProtocol.ShardsChanged.class, 241);
        kryo.register(NodeProtocol.StopRun.class, 242);
        kryo.register(NodeProtocol.RunOver.class, 243);
    }
}
