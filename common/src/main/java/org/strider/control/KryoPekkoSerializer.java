package org.strider.control;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;
import org.apache.pekko.serialization.JSerializer;
import org.strider.wire.WireRegistry;

/**
 * Pekko's serializer for {@link ControlMessage}s: Kryo with registration required and the fixed ids of
 * {@link ControlRegistry} in the project's one {@link WireRegistry}, so the bytes name no Java class and an unregistered or foreign message fails loudly.
 * Bound in {@link ClusterConfig}. Kryo instances are pooled (Pekko calls serializers from many threads). Bytes that do not
 * parse throw IllegalArgumentException, which Pekko logs and drops: a bad peer never crashes the receiver.
 */
public final class KryoPekkoSerializer extends JSerializer {
    /** Pekko serializer id; Pekko reserves 0–40 for itself. */
    public static final int IDENTIFIER = 7_341;

    private static final Pool<Kryo> KRYOS = new Pool<>(true, false, 16) {
        @Override
        protected Kryo create() {
            return newKryo();
        }
    };

    /** The project's one registry ({@link WireRegistry}), control messages included. */
    public static Kryo newKryo() {
        return WireRegistry.newKryo();
    }

    @Override
    public int identifier() {
        return IDENTIFIER;
    }

    @Override
    public boolean includeManifest() {
        return false;
    }

    @Override
    public byte[] toBinary(final Object o) {
        final Kryo kryo = KRYOS.obtain();
        try (Output out = new Output(256, 1 << 24)) {
            kryo.writeClassAndObject(out, o);
            return out.toBytes();
        } finally {
            KRYOS.free(kryo);
        }
    }

    @Override
    public Object fromBinaryJava(final byte[] bytes, final Class<?> manifest) {
        final Kryo kryo = KRYOS.obtain();
        try (Input in = new Input(bytes)) {
            // The class comes first and must be a control message before anything of its body is read: the wire
            // classes of the same registry (collections, frames) would otherwise allocate what a peer claims.
            final Registration registration = kryo.readClass(in);
            if (registration == null || !ControlMessage.class.isAssignableFrom(registration.getType())) {
                throw new IllegalArgumentException("unreadable control message (" + bytes.length + " bytes): holds "
                    + (registration == null ? "null" : "a " + registration.getType().getSimpleName())
                    + ", not a control message");
            }
            final Object o = kryo.readObject(in, registration.getType());
            if (in.position() != bytes.length) {
                throw new IllegalArgumentException("control message of " + bytes.length + " bytes has "
                    + (bytes.length - in.position()) + " trailing bytes after a " + o.getClass().getSimpleName());
            }
            return o;
        } catch (final RuntimeException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("unreadable")) {
                throw e;
            }
            throw new IllegalArgumentException("unreadable control message (" + bytes.length + " bytes): "
                + e.getMessage(), e);
        } finally {
            KRYOS.free(kryo);
        }
    }
}
