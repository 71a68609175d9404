package org.strider.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunKeyTest {
    private static final byte[] KEY = HexFormat.of().parseHex(
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final String HEX = HexFormat.of().formatHex(KEY);

    @TempDir
    Path dir;

    @Test
    void shouldReadTheSameKeyFromEveryForm() throws IOException {
        final String fingerprint = RunKey.of(KEY).fingerprint();
        assertEquals(fingerprint, RunKey.fromHex(HEX).fingerprint());
        assertEquals(fingerprint, RunKey.fromHex(HEX.toUpperCase()).fingerprint());
        assertEquals(fingerprint, RunKey.parse(HEX, "test").fingerprint());
        assertEquals(fingerprint, RunKey.parse("hex:" + HEX, "test").fingerprint());
        final String base64 = Base64.getEncoder().encodeToString(KEY);
        assertEquals(fingerprint, RunKey.fromBase64(base64).fingerprint());
        assertEquals(fingerprint, RunKey.parse(base64, "test").fingerprint());
        assertEquals(fingerprint, RunKey.parse("base64:" + base64, "test").fingerprint());
        assertEquals(fingerprint, RunKey.parse(Base64.getUrlEncoder().withoutPadding().encodeToString(KEY), "t")
            .fingerprint());
        final Path text = Files.writeString(dir.resolve("key.hex"), HEX + "\n");
        assertEquals(fingerprint, RunKey.fromFile(text).fingerprint());
        final Path raw = Files.write(dir.resolve("key.bin"), KEY);
        assertEquals(fingerprint, RunKey.fromFile(raw).fingerprint());
        assertEquals(32, RunKey.fromFile(raw).length());
    }

    @Test
    void shouldSignFramesTheSameWhenTheKeyComesFromAnotherForm() {
        final FrameCodec a = new FrameCodec(Frames.RUN_ID, WireLimits.DEFAULT, RunKey.of(KEY));
        final FrameCodec b = new FrameCodec(Frames.RUN_ID, WireLimits.DEFAULT,
            RunKey.parse(Base64.getEncoder().encodeToString(KEY), "test"));
        final byte[] frame = Frames.bytes(a, new SampleRequest(3, 64));
        assertEquals(new SampleRequest(3, 64), Frames.decode(b, frame));
    }

    @Test
    void shouldDeriveADistinctFrameKeyPerRunAsHmacOfTheRunId() throws Exception {
        final RunKey secret = RunKey.of(KEY);
        final javax.crypto.Mac hmac = javax.crypto.Mac.getInstance("HmacSHA256");
        hmac.init(new javax.crypto.spec.SecretKeySpec(KEY, "HmacSHA256"));
        hmac.update("strider run frames".getBytes(StandardCharsets.US_ASCII));
        hmac.update(new byte[] {7, 0, 0, 0, 0, 0, 0, 0}); // run id 7, little-endian
        assertEquals(RunKey.of(hmac.doFinal()).fingerprint(), secret.forRun(7).fingerprint());
        assertEquals(secret.forRun(7).fingerprint(), RunKey.fromHex(HEX).forRun(7).fingerprint());
        assertNotEquals(secret.forRun(7).fingerprint(), secret.forRun(8).fingerprint());
        assertNotEquals(secret.fingerprint(), secret.forRun(7).fingerprint());
        assertEquals(32, secret.forRun(-1L).length());
    }

    @Test
    void shouldSignEachRunsFramesWithItsOwnDerivedKey() {
        final RunKey secret = RunKey.of(KEY);
        final FrameCodec codec = new FrameCodec(Frames.RUN_ID, WireLimits.DEFAULT, secret);
        final byte[] frame = Frames.bytes(codec, new SampleRequest(3, 64));
        final int tag = frame.length - FrameHeader.MAC_LENGTH;
        final byte[] expected = new byte[FrameMac.HASH_BYTES];
        new FrameMac(secret.forRun(Frames.RUN_ID).bytes()).mac(frame, 0, tag, expected, 0);
        assertArrayEquals(java.util.Arrays.copyOf(expected, FrameMac.TAG_BYTES),
            java.util.Arrays.copyOfRange(frame, tag, frame.length));
        final byte[] withSecret = new byte[FrameMac.HASH_BYTES];
        new FrameMac(KEY).mac(frame, 0, tag, withSecret, 0);
        assertFalse(java.util.Arrays.equals(java.util.Arrays.copyOf(withSecret, FrameMac.TAG_BYTES),
            java.util.Arrays.copyOfRange(frame, tag, frame.length)), "the secret itself must not sign frames");
    }

    @Test
    void shouldNeverPrintTheKey() {
        final RunKey key = RunKey.of(KEY);
        final String text = key.toString();
        assertFalse(text.contains(HEX), text);
        assertFalse(text.contains(Base64.getEncoder().encodeToString(KEY)), text);
        assertTrue(text.contains("32 bytes") && text.contains(key.fingerprint()), text);
        assertEquals(8, key.fingerprint().length());
        assertNotEquals(key.fingerprint(), RunKey.random().fingerprint());
        assertNotEquals(RunKey.random().fingerprint(), RunKey.random().fingerprint());
    }

    @Test
    void shouldNameTheProblemWhenTheKeyIsBad() throws IOException {
        assertMessage("run key from bytes is 15 bytes; at least 16", () -> RunKey.of(new byte[15]));
        assertMessage("run key from hex text is 8 bytes; at least 16", () -> RunKey.fromHex("0011223344556677"));
        assertMessage("run key from hex text is not hex: odd number of digits (5)", () -> RunKey.fromHex("00112"));
        assertMessage("run key from hex text is not hex: a non-hex character at position 3",
            () -> RunKey.fromHex("001g2233445566778899aabbccddeeff"));
        assertMessage("run key from STRIDER_RUN_KEY is neither hex nor valid base64 (11 characters)",
            () -> RunKey.parse("not a key!!", "STRIDER_RUN_KEY"));
        assertMessage("run key from STRIDER_RUN_KEY is empty", () -> RunKey.parse("  \n", "STRIDER_RUN_KEY"));
        assertMessage("run key from env is not hex: a non-hex character at position 0",
            () -> RunKey.parse("hex:zz112233445566778899aabbccddeeff", "env"));
        final Path missing = dir.resolve("nope.key");
        assertMessage("run key file " + missing + " does not exist", () -> RunKey.fromFile(missing));
        final Path empty = Files.write(dir.resolve("empty.key"), new byte[0]);
        assertMessage("run key file " + empty + " is empty", () -> RunKey.fromFile(empty));
        final Path big = Files.write(dir.resolve("big.key"), new byte[RunKey.MAX_FILE_BYTES + 1]);
        assertMessage("run key file " + big + " is over 4096 bytes", () -> RunKey.fromFile(big));
        final Path shortFile = Files.writeString(dir.resolve("short.key"), "00112233\n", StandardCharsets.US_ASCII);
        assertMessage("run key from file " + shortFile + " is 4 bytes; at least 16", () -> RunKey.fromFile(shortFile));
        assertMessage("run key file " + dir + " cannot be read", () -> RunKey.fromFile(dir));
    }

    @Test
    void shouldNotQuoteTheKeyInErrors() {
        final String secretish = "S3cr3tS3cr3tS3cr3t!!";
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> RunKey.parse(secretish, "env"));
        assertFalse(e.getMessage().contains("S3cr3t"), e.getMessage());
        assertFalse(e.getMessage().contains("!"), e.getMessage());
    }

    private static void assertMessage(final String prefix, final org.junit.jupiter.api.function.Executable parse) {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, parse);
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    }
}
