package org.strider.wire;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class WireBodiesTest {
    @Test
    void shouldAcceptEveryFiniteBitPatternWhenScanningForNonFinite() {
        final int[] finite = {0x0000_0000, 0x8000_0000, 0x0000_0001, 0x807f_ffff, 0x0080_0000, 0x7f7f_ffff, 0xff7f_ffff,
            0x3f80_0000, 0xbf80_0000};
        final float[] floats = new float[finite.length];
        for (int i = 0; i < finite.length; i++) {
            floats[i] = Float.intBitsToFloat(finite[i]);
        }
        assertDoesNotThrow(() -> WireBodies.requireFinite("T", "f", floats, floats.length));
    }

    @Test
    void shouldRejectEveryNonFiniteBitPatternAtItsIndex() {
        final int[] nonFinite = {0x7f80_0000, 0xff80_0000, 0x7f80_0001, 0x7fc0_0000, 0xffc0_0000, 0xffff_ffff, 0x7fff_ffff};
        final Random rng = new Random(31);
        for (final int bits : nonFinite) {
            final float[] floats = Frames.awkwardArray(rng, 100);
            final int at = rng.nextInt(100);
            floats[at] = Float.intBitsToFloat(bits);
            final FrameRejectedException e = assertThrows(FrameRejectedException.class,
                () -> WireBodies.requireFinite("T", "f", floats, floats.length));
            assertEquals(RejectReason.NON_FINITE, e.reason());
            assertEquals("T.f[" + at + "] is " + floats[at], e.getMessage());
            // Beyond count: not scanned.
            assertDoesNotThrow(() -> WireBodies.requireFinite("T", "f", floats, at));
        }
    }
}
