package org.strider.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Expected values were printed by NumPy 2.4.6 with
 * {@code r = np.random.default_rng(seed); [r.random() x3, r.uniform(-0.05, 0.05), r.integers(-9999, 9999) x3,
 * r.integers(0, 1 << 40), r.random(), r.integers(3, 7)]}.
 */
class NumpyRandomTest {

    private static void assertSequence(final long seed, final double r0, final double r1, final double r2,
                                       final double u, final long i0, final long i1, final long i2, final long big,
                                       final double r3, final long small) {
        final NumpyRandom r = new NumpyRandom(seed);
        assertEquals(r0, r.random(), 0.0);
        assertEquals(r1, r.random(), 0.0);
        assertEquals(r2, r.random(), 0.0);
        assertEquals(u, r.uniform(-0.05, 0.05), 0.0);
        assertEquals(i0, r.integers(-9999, 9999));
        assertEquals(i1, r.integers(-9999, 9999));
        assertEquals(i2, r.integers(-9999, 9999));
        assertEquals(big, r.integers(0, 1L << 40));
        assertEquals(r3, r.random(), 0.0);
        assertEquals(small, r.integers(3, 7));
    }

    @Test
    void shouldMatchNumpyDefaultRngForSmallSeeds() {
        assertSequence(0, 0.6369616873214543, 0.2697867137638703, 0.04097352393619469, -0.04834723644714709,
            -6495, 6264, 2988, 667003089280L, 0.7294965609839984, 6);
        assertSequence(1, 0.5118216247002567, 0.9504636963259353, 0.14415961271963373, 0.04486494471372439,
            -5015, -3763, 7379, 910068626245L, 0.4091991363691613, 4);
        assertSequence(42, 0.7739560485559633, 0.4388784397520523, 0.8585979199113825, 0.019736802905936393,
            -5971, -8116, 529, 836881952700L, 0.7860643052769538, 6);
    }

    @Test
    void shouldMatchNumpyDefaultRngForSeedsWiderThan32Bits() {
        assertSequence(123456789, 0.02771273928251694, 0.9067000554840227, 0.8813935546997342,
            0.012489727542090864, -7430, 5813, -6124, 925465353834L, 0.47172794771859994, 6);
        assertSequence(5000000000L, 0.7379525652090452, 0.5205447142802079, 0.46054515544654984,
            -0.03735290174761609, -1885, 7416, -9376, 24901495983L, 0.7607651545935865, 6);
    }

    @Test
    void shouldRestartTheSameStreamWhenReseededInPlace() {
        final NumpyRandom r = new NumpyRandom(7);
        final double first = r.random();
        r.integers(0, 10);
        r.seed(7);
        assertEquals(first, r.random(), 0.0);
        r.seed(8);
        assertNotEquals(first, r.random());
    }

    @Test
    void shouldRejectEmptyIntegerRange() {
        final NumpyRandom r = new NumpyRandom(0);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.integers(5, 5));
        assertEquals("integers: low >= high (5 >= 5)", e.getMessage());
        assertEquals(5, r.integers(5, 6));
    }
}
