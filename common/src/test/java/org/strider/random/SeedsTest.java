package org.strider.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeedsTest {

    @Test
    void shouldGiveDistinctNonNegativeChildrenForOneParent() {
        final Set<Long> seen = new HashSet<>();
        for (long parent = 0; parent < 50; parent++) {
            for (long i = 0; i < 200; i++) {
                final long s = Seeds.derive(parent, i);
                assertTrue(s >= 0, "derived seeds are valid NumPy seeds");
                seen.add(s);
            }
        }
        assertEquals(50 * 200, seen.size(), "no two (parent, index) paths share a seed");
    }

    @Test
    void shouldBeAPureFunctionOfThePath() {
        assertEquals(Seeds.derive(Seeds.derive(1, 2), 3), Seeds.derive(Seeds.derive(1, 2), 3));
        assertTrue(Seeds.derive(1, 2) != Seeds.derive(2, 1));
    }
}
