package org.strider.nn.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hugging Face's safetensors format, for float32 tensors. A file is: the header's byte length N as an unsigned
 * 64-bit little-endian integer; N bytes of UTF-8 JSON, an object mapping each tensor name to
 * {@code {"dtype", "shape", "data_offsets": [begin, end]}} plus an optional {@code "__metadata__"} object of
 * string values; then the data region, in which each tensor occupies {@code [begin, end)} bytes, C order,
 * little-endian. {@link #write} pads the header with spaces to a multiple of 8 bytes, as the reference writer
 * does, so the data stays aligned. {@link #read} applies the reference reader's checks (header at most 100 MB
 * and inside the file, valid UTF-8 JSON starting with '{', known dtypes, {@code end - begin} equal to the
 * elements times the dtype's size, tensors back to back from offset 0 with no gap or overlap, the last one
 * ending at the end of the file) and refuses duplicate names and unknown fields.
 */
public final class SafeTensors {
    /** The reference implementation's limit on the header length. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    public static final String METADATA_KEY = "__metadata__";
    public static final String F32 = "F32";

    /** Every dtype the format defines, with its element size in bytes. */
    private static final Map<String, Integer> DTYPE_BYTES = Map.ofEntries(
        Map.entry("BOOL", 1), Map.entry("U8", 1), Map.entry("I8", 1), Map.entry("F8_E5M2", 1),
        Map.entry("F8_E4M3", 1), Map.entry("I16", 2), Map.entry("U16", 2), Map.entry("F16", 2),
        Map.entry("BF16", 2), Map.entry("I32", 4), Map.entry("U32", 4), Map.entry(F32, 4), Map.entry("F64", 8),
        Map.entry("I64", 8), Map.entry("U64", 8));

    private final Path file;
    private final Map<String, String> metadata;
    private final List<TensorInfo> tensors;
    private final Map<String, TensorInfo> byName;
    private final ByteBuffer data;

    private SafeTensors(final Path file, final Map<String, String> metadata, final List<TensorInfo> tensors,
        final ByteBuffer data) {
        this.file = file;
        this.metadata = metadata;
        this.tensors = tensors;
        this.data = data;
        final Map<String, TensorInfo> names = new LinkedHashMap<>();
        for (final TensorInfo t : tensors) {
            names.put(t.name(), t);
        }
        this.byName = Collections.unmodifiableMap(names);
    }

    /** A float32 tensor to write: {@code values} holds exactly the product of {@code shape} elements, C order. */
    public record Tensor(String name, int[] shape, float[] values) {
        public Tensor {
            if (name.isEmpty() || name.equals(METADATA_KEY)) {
                throw new IllegalArgumentException("invalid tensor name \"" + name + "\"");
            }
            long count = 1;
            for (final int d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("tensor " + name + " has a negative dimension: "
                        + Arrays.toString(shape));
                }
                count *= d;
            }
            if (count != values.length) {
                throw new IllegalArgumentException("tensor " + name + " of shape " + Arrays.toString(shape)
                    + " needs " + count + " values, got " + values.length);
            }
            shape = shape.clone();
        }
    }

    /** One header entry as read: the data occupies {@code [begin, end)} of the data region. */
    public record TensorInfo(String name, String dtype, long[] shape, long begin, long end) {
        public TensorInfo {
            shape = shape.clone();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        /** Number of elements (the product of the shape; 1 for a scalar). */
        public long elementCount() {
            long n = 1;
            for (final long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    /**
     * Writes {@code tensors} in the given order, back to back, after a header that lists {@code metadata} first.
     * The file is written beside its destination and moved into place, so a reader never sees half of it.
     */
    public static void write(final Path file, final Map<String, String> metadata, final List<Tensor> tensors)
        throws IOException {
        final Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            header.put(METADATA_KEY, new LinkedHashMap<>(metadata));
        }
        long offset = 0;
        for (final Tensor t : tensors) {
            final Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", F32);
            final List<Object> shape = new ArrayList<>();
            for (final int d : t.shape()) {
                shape.add(d);
            }
            entry.put("shape", shape);
            final long end = offset + 4L * t.values().length;
            entry.put("data_offsets", List.of(offset, end));
            if (header.put(t.name(), entry) != null) {
                throw new IllegalArgumentException("duplicate tensor name " + t.name());
            }
            offset = end;
        }
        final byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        final int padded = (json.length + 7) / 8 * 8;
        final long total = 8L + padded + offset;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("safetensors file of " + total + " bytes is too large to write here");
        }
        final ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded);
        out.put(json);
        for (int i = json.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        for (final Tensor t : tensors) {
            for (final float v : t.values()) {
                out.putFloat(v);
            }
        }
        writeAtomically(file, out.array());
    }

    /** Reads and checks a whole file; every problem is an {@link ExportFormatException} naming the file. */
    public static SafeTensors read(final Path file) throws IOException {
        final long size = Files.size(file);
        if (size > Integer.MAX_VALUE - 8) {
            throw new ExportFormatException(file, "file of " + size + " bytes is too large to load");
        }
        return parse(file, Files.readAllBytes(file));
    }

    /** Checks and parses the bytes of a file; {@code file} only names it in messages. */
    public static SafeTensors parse(final Path file, final byte[] bytes) throws ExportFormatException {
        if (bytes.length < 8) {
            throw new ExportFormatException(file, "file has " + bytes.length
                + " bytes, too short for the 8-byte header length");
        }
        final ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        final long headerLength = buffer.getLong(0);
        if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
            throw new ExportFormatException(file, "header length " + Long.toUnsignedString(headerLength)
                + " is over the format's limit of " + MAX_HEADER_BYTES + " bytes (not a safetensors file?)");
        }
        if (8 + headerLength > bytes.length) {
            throw new ExportFormatException(file, "header length " + headerLength + " runs past the end of the file ("
                + bytes.length + " bytes; truncated?)");
        }
        final String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, 8, (int) headerLength)).toString();
        } catch (final CharacterCodingException e) {
            throw new ExportFormatException(file, "header is not valid UTF-8", e);
        }
        if (!json.startsWith("{")) {
            throw new ExportFormatException(file, "header does not start with '{'");
        }
        final Object parsed;
        try {
            parsed = Json.parse(json);
        } catch (final IllegalArgumentException e) {
            throw new ExportFormatException(file, "header is not valid JSON: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> header)) {
            throw new ExportFormatException(file, "header is " + Json.describe(parsed) + ", not an object");
        }

        final Map<String, String> metadata = new LinkedHashMap<>();
        final List<TensorInfo> tensors = new ArrayList<>();
        for (final Map.Entry<?, ?> e : header.entrySet()) {
            final String name = (String) e.getKey();
            if (name.equals(METADATA_KEY)) {
                readMetadata(file, e.getValue(), metadata);
            } else {
                tensors.add(readTensorInfo(file, name, e.getValue()));
            }
        }

        tensors.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        final long dataLength = bytes.length - 8 - headerLength;
        long expectedBegin = 0;
        String previous = null;
        for (final TensorInfo t : tensors) {
            if (t.begin() != expectedBegin) {
                throw new ExportFormatException(file, "tensor " + t.name() + " starts at byte " + t.begin()
                    + " of the data but " + (previous == null ? "the first tensor must start at 0"
                    : previous + " ends at " + expectedBegin + (t.begin() < expectedBegin ? " (overlap)" : " (gap)")));
            }
            final long bytesNeeded = byteCount(file, t);
            if (t.end() - t.begin() != bytesNeeded) {
                throw new ExportFormatException(file, "tensor " + t.name() + " of " + t.dtype() + " shape "
                    + Arrays.toString(t.shape()) + " needs " + bytesNeeded + " bytes but data_offsets ["
                    + t.begin() + ", " + t.end() + "] give " + (t.end() - t.begin()));
            }
            if (t.end() > dataLength) {
                throw new ExportFormatException(file, "tensor " + t.name() + " ends at byte " + t.end()
                    + " of the data, past its end (" + dataLength + " bytes after the header; truncated?)");
            }
            expectedBegin = t.end();
            previous = t.name();
        }
        if (expectedBegin != dataLength) {
            throw new ExportFormatException(file, "data region has " + dataLength + " bytes but the tensors cover "
                + expectedBegin + " (trailing bytes)");
        }
        final ByteBuffer data = ByteBuffer.wrap(bytes, (int) (8 + headerLength), (int) dataLength).slice()
            .order(ByteOrder.LITTLE_ENDIAN);
        return new SafeTensors(file, Collections.unmodifiableMap(metadata), Collections.unmodifiableList(tensors),
            data);
    }

    public Path file() {
        return file;
    }

    /** The {@code __metadata__} entries (empty if absent). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Every tensor, ordered by offset. */
    public List<TensorInfo> tensors() {
        return tensors;
    }

    /** The tensor called {@code name}, or null. */
    public TensorInfo tensor(final String name) {
        return byName.get(name);
    }

    /** Copies float32 tensor {@code name} into {@code out} from {@code offset}; throws if absent or not F32. */
    public void copyFloats(final String name, final float[] out, final int offset) throws ExportFormatException {
        final TensorInfo t = byName.get(name);
        if (t == null) {
            throw new ExportFormatException(file, "has no tensor " + name);
        }
        if (!t.dtype().equals(F32)) {
            throw new ExportFormatException(file, "tensor " + name + " is " + t.dtype() + ", expected " + F32);
        }
        final int count = (int) t.elementCount();
        if (offset < 0 || offset + count > out.length) {
            throw new IllegalArgumentException("tensor " + name + " has " + count + " values, no room at " + offset
                + " in an array of " + out.length);
        }
        data.duplicate().order(ByteOrder.LITTLE_ENDIAN).position((int) t.begin()).asFloatBuffer()
            .get(out, offset, count);
    }

    private static void readMetadata(final Path file, final Object value, final Map<String, String> out)
        throws ExportFormatException {
        if (!(value instanceof Map<?, ?> map)) {
            throw new ExportFormatException(file, METADATA_KEY + " is " + Json.describe(value) + ", not an object");
        }
        for (final Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new ExportFormatException(file, METADATA_KEY + " entry \"" + e.getKey() + "\" is "
                    + Json.describe(e.getValue()) + ", metadata values must be strings");
            }
            out.put((String) e.getKey(), s);
        }
    }

    private static TensorInfo readTensorInfo(final Path file, final String name, final Object value)
        throws ExportFormatException {
        if (!(value instanceof Map<?, ?> entry)) {
            throw new ExportFormatException(file, "tensor " + name + " is " + Json.describe(value)
                + ", not an object");
        }
        for (final Object key : entry.keySet()) {
            if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets")) {
                throw new ExportFormatException(file, "tensor " + name + " has an unknown field \"" + key + "\"");
            }
        }
        final Object dtype = entry.get("dtype");
        if (!(dtype instanceof String d) || !DTYPE_BYTES.containsKey(d)) {
            throw new ExportFormatException(file, "tensor " + name + " has dtype " + Json.describe(dtype)
                + ", not one the format defines");
        }
        final long[] shape = longs(file, name, "shape", entry.get("shape"));
        final long[] offsets = longs(file, name, "data_offsets", entry.get("data_offsets"));
        if (offsets.length != 2) {
            throw new ExportFormatException(file, "tensor " + name + " has " + offsets.length
                + " data_offsets, expected [begin, end]");
        }
        if (offsets[1] < offsets[0]) {
            throw new ExportFormatException(file, "tensor " + name + " has data_offsets [" + offsets[0] + ", "
                + offsets[1] + "] that end before they begin");
        }
        return new TensorInfo(name, d, shape, offsets[0], offsets[1]);
    }

    private static long[] longs(final Path file, final String tensor, final String field, final Object value)
        throws ExportFormatException {
        if (!(value instanceof List<?> list)) {
            throw new ExportFormatException(file, "tensor " + tensor + " " + field + " is " + Json.describe(value)
                + ", expected an array of non-negative integers");
        }
        final long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            final Object v = list.get(i);
            try {
                if (!(v instanceof Json.Num n) || (out[i] = n.asLong()) < 0) {
                    throw new IllegalArgumentException("not a non-negative integer");
                }
            } catch (final IllegalArgumentException e) {
                throw new ExportFormatException(file, "tensor " + tensor + " " + field + "[" + i + "] is "
                    + Json.describe(v) + ", expected a non-negative integer");
            }
        }
        return out;
    }

    /** Elements × dtype size, refusing overflow. */
    private static long byteCount(final Path file, final TensorInfo t) throws ExportFormatException {
        try {
            long n = DTYPE_BYTES.get(t.dtype());
            for (final long d : t.shape()) {
                n = Math.multiplyExact(n, d);
            }
            return n;
        } catch (final ArithmeticException e) {
            throw new ExportFormatException(file, "tensor " + t.name() + " shape " + Arrays.toString(t.shape())
                + " overflows");
        }
    }

    static void writeAtomically(final Path file, final byte[] bytes) throws IOException {
        final Path dir = file.toAbsolutePath().getParent();
        final Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (final java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
