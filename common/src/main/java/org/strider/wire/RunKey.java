package org.strider.wire;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * The per-run secret that authenticates data-plane frames (see {@link FrameCodec}): at least {@link #MIN_BYTES}
 * bytes, held in a private copy. Every node of a run gets the same key from its own configuration (a key file or an
 * environment variable), never over the control plane. {@link #toString} shows the length and a fingerprint, never
 * the key, so two nodes' logs can be compared without leaking it.
 *
 * <p>Text forms: hex ({@code 0-9a-f}, even length, e.g. {@code openssl rand -hex 32}) or base64 (standard or URL-safe
 * alphabet, padding optional, e.g. {@code openssl rand -base64 32}); an optional {@code hex:} or {@code base64:}
 * prefix says which. A key file holds one such line, or the raw key bytes.
 */
public final class RunKey {
    /** The shortest key accepted: 128 bits. */
    public static final int MIN_BYTES = 16;
    /** The longest key file read (a key is a few dozen bytes: more is the wrong file). */
    public static final int MAX_FILE_BYTES = 4096;
    /** Bytes of {@link #random()} keys: SHA-256's output size. */
    public static final int RANDOM_BYTES = 32;

    private static final String HEX = "hex:";
    private static final String BASE64 = "base64:";

    private final byte[] key;
    private final String fingerprint;

    private RunKey(final byte[] key, final String source) {
        if (key.length < MIN_BYTES) {
            throw new IllegalArgumentException("run key from " + source + " is " + key.length + " bytes; at least "
                + MIN_BYTES + " are needed (e.g. openssl rand -hex 32)");
        }
        this.key = key;
        this.fingerprint = fingerprintOf(key);
    }

    /** A key of these bytes (copied). */
    public static RunKey of(final byte[] key) {
        Objects.requireNonNull(key, "key");
        return new RunKey(key.clone(), "bytes");
    }

    /** A fresh key of {@link #RANDOM_BYTES} bytes from a {@link SecureRandom}. */
    public static RunKey random() {
        final byte[] key = new byte[RANDOM_BYTES];
        new SecureRandom().nextBytes(key);
        return new RunKey(key, "SecureRandom");
    }

    /** A key written in hex (upper or lower case), e.g. the output of {@code openssl rand -hex 32}. */
    public static RunKey fromHex(final String text) {
        return new RunKey(hex(Objects.requireNonNull(text, "text").strip(), "hex text"), "hex text");
    }

    /** A key written in base64 (standard or URL-safe alphabet, padding optional). */
    public static RunKey fromBase64(final String text) {
        return new RunKey(base64(Objects.requireNonNull(text, "text").strip(), "base64 text"), "base64 text");
    }

    /**
     * A key in either text form: {@code hex:...} or {@code base64:...}, else hex when the text is hex digits of even
     * length, else base64. {@code source} names where the text came from, for the error (e.g. "STRIDER_RUN_KEY").
     */
    public static RunKey parse(final String text, final String source) {
        Objects.requireNonNull(text, "text");
        final String stripped = text.strip();
        if (stripped.isEmpty()) {
            throw new IllegalArgumentException("run key from " + source + " is empty");
        }
        final byte[] key;
        if (stripped.regionMatches(true, 0, HEX, 0, HEX.length())) {
            key = hex(stripped.substring(HEX.length()), source);
        } else if (stripped.regionMatches(true, 0, BASE64, 0, BASE64.length())) {
            key = base64(stripped.substring(BASE64.length()), source);
        } else if (stripped.length() % 2 == 0 && isHex(stripped)) {
            key = hex(stripped, source);
        } else {
            key = base64(stripped, source);
        }
        return new RunKey(key, source);
    }

    /**
     * The key in {@code file}: one line of text ({@link #parse}) when the file is printable ASCII, else its raw bytes.
     * Errors name the file: missing, unreadable, empty, over {@link #MAX_FILE_BYTES} bytes, bad text, too short.
     */
    public static RunKey fromFile(final Path file) {
        Objects.requireNonNull(file, "file");
        final byte[] content;
        try (InputStream in = Files.newInputStream(file)) {
            content = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (final NoSuchFileException e) {
            throw new IllegalArgumentException("run key file " + file + " does not exist");
        } catch (final IOException e) {
            throw new IllegalArgumentException("run key file " + file + " cannot be read: " + e);
        }
        final String source = "file " + file;
        if (content.length > MAX_FILE_BYTES) {
            throw new IllegalArgumentException("run key " + source + " is over " + MAX_FILE_BYTES
                + " bytes: not a key file");
        }
        if (content.length == 0) {
            throw new IllegalArgumentException("run key " + source + " is empty");
        }
        if (isText(content)) {
            return parse(new String(content, StandardCharsets.US_ASCII), source);
        }
        return new RunKey(content, source);
    }

    /**
     * The key that signs run {@code runId}'s frames: HMAC-SHA256(this key, "strider run frames" || runId as 8
     * little-endian bytes), 32 bytes. One secret can then serve a whole sweep (a single Kubernetes Secret) while each
     * trial signs with its own key: a frame captured in one run does not verify in another even when its run id is
     * rewritten, and no run's frame key reveals the secret or another run's key.
     */
    public RunKey forRun(final long runId) {
        final byte[] label = "strider run frames".getBytes(StandardCharsets.US_ASCII);
        final byte[] message = Arrays.copyOf(label, label.length + Long.BYTES);
        for (int i = 0; i < Long.BYTES; i++) {
            message[label.length + i] = (byte) (runId >>> (8 * i));
        }
        final byte[] derived = new byte[FrameMac.HASH_BYTES];
        new FrameMac(key).mac(message, 0, message.length, derived, 0);
        return new RunKey(derived, "run " + runId);
    }

    /** Key bytes. */
    public int length() {
        return key.length;
    }

    /**
     * Eight hex digits of HMAC-SHA256(key, "strider run key fingerprint"): equal on nodes that hold the same key, and
     * reveals nothing useful about it.
     */
    public String fingerprint() {
        return fingerprint;
    }

    /** The key bytes, for this package's MAC only. */
    byte[] bytes() {
        return key;
    }

    @Override
    public String toString() {
        return "RunKey{" + key.length + " bytes, fingerprint " + fingerprint + "}";
    }

    private static String fingerprintOf(final byte[] key) {
        final byte[] label = "strider run key fingerprint".getBytes(StandardCharsets.US_ASCII);
        final byte[] tag = new byte[FrameMac.HASH_BYTES];
        new FrameMac(key).mac(label, 0, label.length, tag, 0);
        final StringBuilder text = new StringBuilder(8);
        for (int i = 0; i < 4; i++) {
            text.append(Character.forDigit((tag[i] >> 4) & 0xf, 16)).append(Character.forDigit(tag[i] & 0xf, 16));
        }
        return text.toString();
    }

    private static boolean isText(final byte[] content) {
        for (final byte b : content) {
            if ((b < 0x20 || b > 0x7e) && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(final String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] hex(final String text, final String source) {
        if (text.length() % 2 != 0) {
            throw new IllegalArgumentException("run key from " + source + " is not hex: odd number of digits ("
                + text.length() + ")");
        }
        final byte[] key = new byte[text.length() / 2];
        for (int i = 0; i < key.length; i++) {
            final int high = Character.digit(text.charAt(2 * i), 16);
            final int low = Character.digit(text.charAt(2 * i + 1), 16);
            if (high < 0 || low < 0) {
                // The position, never the character: it is part of a secret.
                throw new IllegalArgumentException("run key from " + source + " is not hex: a non-hex character at "
                    + "position " + (high < 0 ? 2 * i : 2 * i + 1));
            }
            key[i] = (byte) ((high << 4) | low);
        }
        return key;
    }

    private static byte[] base64(final String text, final String source) {
        try {
            return text.indexOf('-') >= 0 || text.indexOf('_') >= 0
                ? Base64.getUrlDecoder().decode(text) : Base64.getDecoder().decode(text);
        } catch (final IllegalArgumentException e) {
            // Base64's message may quote a character of the key: say only what kind of error it is.
            throw new IllegalArgumentException("run key from " + source + " is neither hex nor valid base64 ("
                + text.length() + " characters)");
        }
    }
}
