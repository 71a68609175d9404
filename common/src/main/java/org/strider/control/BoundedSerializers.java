package org.strider.control;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.nio.charset.StandardCharsets;

/**
 * Kryo serializers for the variable-length values of control messages (strings, int and double arrays) that
 * check a claimed length against the bytes actually left before allocating anything, so a corrupt or hostile
 * length (2^31 elements) is an error, not an OutOfMemoryError. Length is written as varint (length + 1), 0 for null.
 */
final class BoundedSerializers {
    private BoundedSerializers() {
    }

    static int readLength(final Input in, final int elementBytes, final String what) {
        final int encoded = in.readVarInt(true);
        if (encoded == 0) {
            return -1;
        }
        final int length = encoded - 1;
        final int left = in.limit() - in.position();
        if (length < 0 || (long) length * elementBytes > left) {
            throw new KryoException(what + " claims " + length + " elements but only " + left + " bytes are left");
        }
        return length;
    }

    static final class Strings extends Serializer<String> {
        Strings() {
            super(true, true);
        }

        @Override
        public void write(final Kryo kryo, final Output out, final String s) {
            if (s == null) {
                out.writeVarInt(0, true);
                return;
            }
            final byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            out.writeVarInt(bytes.length + 1, true);
            out.writeBytes(bytes);
        }

        @Override
        public String read(final Kryo kryo, final Input in, final Class<? extends String> type) {
            final int n = readLength(in, 1, "string");
            return n < 0 ? null : new String(in.readBytes(n), StandardCharsets.UTF_8);
        }
    }

    static final class Ints extends Serializer<int[]> {
        Ints() {
            super(true, true);
        }

        @Override
        public void write(final Kryo kryo, final Output out, final int[] a) {
            out.writeVarInt(a == null ? 0 : a.length + 1, true);
            if (a != null) {
                out.writeInts(a, 0, a.length);
            }
        }

        @Override
        public int[] read(final Kryo kryo, final Input in, final Class<? extends int[]> type) {
            final int n = readLength(in, Integer.BYTES, "int array");
            return n < 0 ? null : in.readInts(n);
        }
    }

    static final class Doubles extends Serializer<double[]> {
        Doubles() {
            super(true, true);
        }

        @Override
        public void write(final Kryo kryo, final Output out, final double[] a) {
            out.writeVarInt(a == null ? 0 : a.length + 1, true);
            if (a != null) {
                out.writeDoubles(a, 0, a.length);
            }
        }

        @Override
        public double[] read(final Kryo kryo, final Input in, final Class<? extends double[]> type) {
            final int n = readLength(in, Double.BYTES, "double array");
            return n < 0 ? null : in.readDoubles(n);
        }
    }

    /** Arrays of registered records: the claimed length is checked (every element takes at least a byte). */
    static final class RecordArray<T> extends Serializer<T[]> {
        private final Class<T> component;

        RecordArray(final Class<T> component) {
            super(true, true);
            this.component = component;
        }

        @Override
        public void write(final Kryo kryo, final Output out, final T[] a) {
            out.writeVarInt(a == null ? 0 : a.length + 1, true);
            if (a != null) {
                for (final T t : a) {
                    kryo.writeObjectOrNull(out, t, component);
                }
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public T[] read(final Kryo kryo, final Input in, final Class<? extends T[]> type) {
            final int n = readLength(in, 1, component.getSimpleName() + " array");
            if (n < 0) {
                return null;
            }
            final T[] a = (T[]) java.lang.reflect.Array.newInstance(component, n);
            for (int i = 0; i < n; i++) {
                a[i] = kryo.readObjectOrNull(in, component);
            }
            return a;
        }
    }
}
