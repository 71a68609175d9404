package org.strider.nn.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
    private static final Path NAME = Path.of("w.safetensors");

    @TempDir
    Path dir;

    @Test
    void shouldRoundTripRandomBitPatternsExactly() throws IOException {
        final SplittableRandom rng = new SplittableRandom(7);
        final float[] a = new float[12];
        final float[] b = new float[5];
        for (int i = 0; i < a.length; i++) {
            a[i] = Float.intBitsToFloat(rng.nextInt());
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) rng.nextGaussian();
        }
        b[0] = -0.0f;
        b[1] = Float.MIN_VALUE;
        final Path file = dir.resolve(NAME);
        SafeTensors.write(file, Map.of("format", "pt"), List.of(
            new SafeTensors.Tensor("layers.0.weight", new int[] {3, 4}, a),
            new SafeTensors.Tensor("layers.0.bias", new int[] {5}, b)));

        final SafeTensors read = SafeTensors.read(file);
        assertEquals(Map.of("format", "pt"), read.metadata());
        assertEquals(2, read.tensors().size());
        assertArrayEquals(new long[] {3, 4}, read.tensor("layers.0.weight").shape());
        final float[] outA = new float[12];
        final float[] outB = new float[7];
        read.copyFloats("layers.0.weight", outA, 0);
        read.copyFloats("layers.0.bias", outB, 2);
        for (int i = 0; i < a.length; i++) {
            assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(outA[i]), "element " + i);
        }
        for (int i = 0; i < b.length; i++) {
            assertEquals(Float.floatToRawIntBits(b[i]), Float.floatToRawIntBits(outB[i + 2]), "element " + i);
        }
        assertEquals(0, (Files.size(file) - 8 - 4 * 17) % 8, "header padded to a multiple of 8");
    }

    @Test
    void shouldWriteTheBytesOfTheFormatsOwnSerialisationExamples() throws IOException {
        final float[] values = {0f, 1f, 2f, 3f, 4f, 5f};
        // The reference writer's examples: a 64-byte header needing no padding, and a 65-byte one padded to 72.
        final Path aligned = dir.resolve("a.safetensors");
        SafeTensors.write(aligned, Map.of(), List.of(new SafeTensors.Tensor("attn.0", new int[] {1, 2, 3}, values)));
        assertArrayEquals(file("{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}", 0, values),
            Files.readAllBytes(aligned));
        final Path padded = dir.resolve("b.safetensors");
        SafeTensors.write(padded, Map.of(), List.of(new SafeTensors.Tensor("attn0", new int[] {1, 1, 2, 3}, values)));
        assertArrayEquals(file("{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}", 7, values),
            Files.readAllBytes(padded));
        assertEquals(64, ByteBuffer.wrap(Files.readAllBytes(aligned)).order(ByteOrder.LITTLE_ENDIAN).getLong());
        assertEquals(72, ByteBuffer.wrap(Files.readAllBytes(padded)).order(ByteOrder.LITTLE_ENDIAN).getLong());
    }

    @Test
    void shouldReadOtherDtypesButRefuseThemAsFloats() throws IOException {
        final byte[] bytes = file("{\"test\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}", 0, new float[4]);
        final SafeTensors read = SafeTensors.parse(NAME, bytes);
        assertEquals("I32", read.tensor("test").dtype());
        final ExportFormatException e = assertThrows(ExportFormatException.class,
            () -> read.copyFloats("test", new float[4], 0));
        assertMessage(e, "tensor test is I32, expected F32");
    }

    @Test
    void shouldAcceptAnEmptyFileWithMetadataOnly() throws IOException {
        final Path file = dir.resolve(NAME);
        SafeTensors.write(file, Map.of("framework", "pt"), List.of());
        assertEquals(48, Files.size(file));
        assertEquals(Map.of("framework", "pt"), SafeTensors.read(file).metadata());
    }

    @Test
    void shouldNameTheFileAndTheProblemWhenTruncated() throws IOException {
        final Path file = dir.resolve(NAME);
        SafeTensors.write(file, Map.of(), List.of(new SafeTensors.Tensor("x", new int[] {4}, new float[] {1, 2, 3, 4})));
        final byte[] whole = Files.readAllBytes(file);
        assertMessage(assertThrows(ExportFormatException.class, () -> SafeTensors.parse(file, slice(whole, 5))),
            file + ": file has 5 bytes, too short for the 8-byte header length");
        assertMessage(assertThrows(ExportFormatException.class, () -> SafeTensors.parse(file, slice(whole, 20))),
            "runs past the end of the file (20 bytes; truncated?)");
        assertMessage(assertThrows(ExportFormatException.class,
            () -> SafeTensors.parse(file, slice(whole, whole.length - 3))),
            "tensor x ends at byte 16 of the data, past its end (13 bytes after the header; truncated?)");
        final byte[] longer = new byte[whole.length + 4];
        System.arraycopy(whole, 0, longer, 0, whole.length);
        assertMessage(assertThrows(ExportFormatException.class, () -> SafeTensors.parse(file, longer)),
            "data region has 20 bytes but the tensors cover 16 (trailing bytes)");
    }

    @Test
    void shouldRejectBadHeaders() {
        final float[] four = new float[4];
        assertRejected(lengthOnly(-1L), "header length 18446744073709551615 is over the format's limit");
        assertRejected(lengthOnly(100_000_001L), "header length 100000001 is over the format's limit");
        assertRejected(file("[1,2]", 3, new float[0]), "header does not start with '{'");
        assertRejected(file("{\"x\":{\"dtype\":\"F32\",", 0, new float[0]), "header is not valid JSON");
        assertRejected(file("{\"x\":1}", 0, new float[0]), "tensor x is the number 1, not an object");
        final byte[] badUtf8 = file("{\"__metadata__\":{\"a\":\"é\"}}", 0, new float[0]);
        badUtf8[8 + 22] = (byte) 0xff;
        assertRejected(badUtf8, "header is not valid UTF-8");
        assertRejected(file("{\"__metadata__\":{\"a\":1}}", 0, new float[0]),
            "__metadata__ entry \"a\" is the number 1, metadata values must be strings");
        assertRejected(file("{\"x\":{\"dtype\":\"F31\",\"shape\":[4],\"data_offsets\":[0,16]}}", 0, four),
            "tensor x has dtype the string \"F31\", not one the format defines");
        assertRejected(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[-4],\"data_offsets\":[0,16]}}", 0, four),
            "tensor x shape[0] is the number -4, expected a non-negative integer");
        assertRejected(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16],\"extra\":1}}", 0, four),
            "tensor x has an unknown field \"extra\"");
        assertRejected(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
            + "\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 0, four), "duplicate key \"x\"");
        assertRejected(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[16,0]}}", 0, four),
            "tensor x has data_offsets [16, 0] that end before they begin");
    }

    @Test
    void shouldRejectOffsetsThatDisagreeWithShapesOverlapOrLeaveGaps() {
        final float[] eight = new float[8];
        assertRejected(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,16]},"
            + "\"y\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[16,32]}}", 0, eight),
            "tensor x of F32 shape [3] needs 12 bytes but data_offsets [0, 16] give 16");
        assertRejected(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
            + "\"y\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[8,24]}}", 0, new float[6]),
            "tensor y starts at byte 8 of the data but x ends at 16 (overlap)");
        assertRejected(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"y\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[16,32]}}", 0, eight),
            "tensor y starts at byte 16 of the data but x ends at 8 (gap)");
        assertRejected(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[4,20]}}", 0, new float[5]),
            "tensor x starts at byte 4 of the data but the first tensor must start at 0");
        assertRejected(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,16]}}",
            0, new float[4]), "overflows");
    }

    @Test
    void shouldAcceptTensorsListedInAnyOrder() throws IOException {
        final float[] data = {1, 2, 3, 4, 5, 6};
        final SafeTensors read = SafeTensors.parse(NAME, file("{\"b\":{\"dtype\":\"F32\",\"shape\":[2],"
            + "\"data_offsets\":[16,24]},\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}", 0, data));
        assertEquals("a", read.tensors().get(0).name());
        final float[] b = new float[2];
        read.copyFloats("b", b, 0);
        assertArrayEquals(new float[] {5, 6}, b);
    }

    private static void assertRejected(final byte[] bytes, final String fragment) {
        final ExportFormatException e = assertThrows(ExportFormatException.class, () -> SafeTensors.parse(NAME, bytes));
        assertMessage(e, fragment);
        assertTrue(e.getMessage().startsWith(NAME + ": "), e.getMessage());
    }

    static void assertMessage(final Exception e, final String fragment) {
        assertTrue(e.getMessage().contains(fragment), () -> "message \"" + e.getMessage() + "\" lacks \"" + fragment + "\"");
    }

    /** Header length, JSON, {@code padding} spaces, then {@code data} little-endian. */
    static byte[] file(final String json, final int padding, final float[] data) {
        final byte[] header = (json + " ".repeat(padding)).getBytes(StandardCharsets.UTF_8);
        final ByteBuffer out = ByteBuffer.allocate(8 + header.length + 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(header.length).put(header);
        for (final float v : data) {
            out.putFloat(v);
        }
        return out.array();
    }

    private static byte[] lengthOnly(final long length) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(length).array());
        out.writeBytes("{}".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static byte[] slice(final byte[] bytes, final int length) {
        final byte[] out = new byte[length];
        System.arraycopy(bytes, 0, out, 0, length);
        return out;
    }
}
