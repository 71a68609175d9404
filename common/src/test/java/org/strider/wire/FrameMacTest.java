package org.strider.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class FrameMacTest {
    @Test
    void shouldMatchRfc4231VectorsWhenKeysAreShortAndLongerThanABlock() {
        assertMac("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7", filled(20, 0x0b), "Hi There");
        assertMac("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            "Jefe".getBytes(StandardCharsets.US_ASCII), "what do ya want for nothing?");
        assertMac("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54", filled(131, 0xaa),
            "Test Using Larger Than Block-Size Key - Hash Key First");
    }

    @Test
    void shouldEqualJavaxCryptoMacWhenKeysAndMessagesAreRandom() throws Exception {
        final Random rng = new Random(31);
        for (int trial = 0; trial < 200; trial++) {
            final byte[] key = new byte[16 + rng.nextInt(150)];
            rng.nextBytes(key);
            final byte[] data = new byte[rng.nextInt(5000)];
            rng.nextBytes(data);
            final int offset = data.length == 0 ? 0 : rng.nextInt(data.length);
            final int length = rng.nextInt(data.length - offset + 1);
            final Mac reference = Mac.getInstance("HmacSHA256");
            reference.init(new SecretKeySpec(key, "HmacSHA256"));
            reference.update(data, offset, length);
            final byte[] ours = new byte[40];
            final FrameMac mac = new FrameMac(key);
            mac.mac(data, offset, length, ours, 3);
            mac.mac(data, offset, length, ours, 3); // twice: no state carried between calls
            assertArrayEquals(reference.doFinal(), Arrays.copyOfRange(ours, 3, 35), "trial " + trial);
        }
    }

    @Test
    void shouldVerifyOnlyTheExactTruncatedTag() {
        final FrameMac mac = new FrameMac(filled(32, 7));
        final byte[] frame = new byte[100 + FrameMac.TAG_BYTES];
        new Random(32).nextBytes(frame);
        mac.sign(frame, 0, 100, frame, 100);
        assertTrue(mac.verify(frame, 0, 100, 100));
        for (int bit = 0; bit < FrameMac.TAG_BYTES * 8; bit++) {
            frame[100 + bit / 8] ^= (byte) (1 << (bit % 8));
            assertFalse(mac.verify(frame, 0, 100, 100), "tag bit " + bit);
            frame[100 + bit / 8] ^= (byte) (1 << (bit % 8));
        }
        assertFalse(new FrameMac(filled(32, 8)).verify(frame, 0, 100, 100), "another key");
        assertFalse(mac.verify(frame, 0, 99, 100), "a shorter message");
    }

    private static void assertMac(final String expectedHex, final byte[] key, final String message) {
        final byte[] data = message.getBytes(StandardCharsets.US_ASCII);
        final byte[] out = new byte[FrameMac.HASH_BYTES];
        new FrameMac(key).mac(data, 0, data.length, out, 0);
        assertEquals(expectedHex, HexFormat.of().formatHex(out));
    }

    private static byte[] filled(final int length, final int value) {
        final byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
