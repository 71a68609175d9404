package org.strider.wire;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * HMAC-SHA256 (RFC 2104) over byte ranges, allocation-free: one per codec, not thread-safe. Tags are truncated to
 * {@link #TAG_BYTES} (RFC 2104 section 5 allows truncation to half the hash output; 128 bits leave a forger a 2^-128
 * chance per try).
 *
 * <p>Built on {@link MessageDigest} rather than {@code javax.crypto.Mac}: on JDK 17 {@code Mac.doFinal(out, off)}
 * allocates the 32-byte result and copies it (48 B per frame, measured), while {@code MessageDigest.digest(buf, off,
 * len)} writes in place. Same SHA-256 intrinsics, same speed; the tests check the tags against
 * {@code javax.crypto.Mac} and RFC 4231's vectors.
 */
final class FrameMac {
    /** SHA-256 output bytes. */
    static final int HASH_BYTES = 32;
    /** Bytes of the tag a frame carries: HMAC-SHA256 truncated to 128 bits. */
    static final int TAG_BYTES = 16;
    private static final int BLOCK_BYTES = 64;

    private final MessageDigest digest;
    private final byte[] innerPad = new byte[BLOCK_BYTES];
    private final byte[] outerPad = new byte[BLOCK_BYTES];
    private final byte[] hash = new byte[HASH_BYTES];

    FrameMac(final byte[] key) {
        digest = sha256();
        final byte[] block = new byte[BLOCK_BYTES];
        if (key.length > BLOCK_BYTES) {
            System.arraycopy(digest.digest(key), 0, block, 0, HASH_BYTES);
        } else {
            System.arraycopy(key, 0, block, 0, key.length);
        }
        for (int i = 0; i < BLOCK_BYTES; i++) {
            innerPad[i] = (byte) (block[i] ^ 0x36);
            outerPad[i] = (byte) (block[i] ^ 0x5c);
        }
    }

    /** Writes the full 32-byte HMAC of {@code data[offset, offset + length)} at {@code out[outOffset]}. */
    void mac(final byte[] data, final int offset, final int length, final byte[] out, final int outOffset) {
        try {
            digest.reset(); // no-op unless a previous call failed half-way
            digest.update(innerPad);
            digest.update(data, offset, length);
            digest.digest(hash, 0, HASH_BYTES);
            digest.update(outerPad);
            digest.update(hash);
            digest.digest(out, outOffset, HASH_BYTES);
        } catch (final java.security.DigestException e) {
            throw new IllegalStateException("SHA-256 refused a 32-byte output buffer", e);
        }
    }

    /** Writes the {@link #TAG_BYTES}-byte tag of {@code data[offset, offset + length)} at {@code out[outOffset]}. */
    void sign(final byte[] data, final int offset, final int length, final byte[] out, final int outOffset) {
        mac(data, offset, length, hash, 0);
        System.arraycopy(hash, 0, out, outOffset, TAG_BYTES);
    }

    /**
     * Whether {@code data[tagOffset, tagOffset + TAG_BYTES)} is the tag of {@code data[offset, offset + length)}.
     * Compares every byte whatever the first difference (constant time), so timing tells a forger nothing.
     */
    boolean verify(final byte[] data, final int offset, final int length, final int tagOffset) {
        mac(data, offset, length, hash, 0);
        int difference = 0;
        for (int i = 0; i < TAG_BYTES; i++) {
            difference |= hash[i] ^ data[tagOffset + i];
        }
        return difference == 0;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256 (every Java SE JVM must)", e);
        }
    }
}
