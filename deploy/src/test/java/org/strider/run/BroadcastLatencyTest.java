package org.strider.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BroadcastLatencyTest {
    private static final long MS = 1_000_000L;

    private static VersionTimes log(final long... versionAndMs) {
        final VersionTimes t = new VersionTimes(16);
        for (int i = 0; i < versionAndMs.length; i += 2) {
            t.accept(versionAndMs[i], versionAndMs[i + 1] * MS);
        }
        return t;
    }

    @Test
    void shouldTimeEachVersionUntilTheLastActorRunsItOrANewerOne() {
        final VersionTimes published = log(1, 100, 2, 110, 3, 120, 4, 130);
        // Actor 0 takes every version 2 ms after it is published; actor 1 skips version 2 (takes 3 at 125).
        final VersionTimes fast = log(1, 102, 2, 112, 3, 122, 4, 132);
        final VersionTimes slow = log(1, 105, 3, 125);
        final BroadcastLatency l = BroadcastLatency.of(published, List.of(fast, slow), 100 * MS, 140 * MS);

        assertEquals(3, l.versions(), "versions 1-3 reached by both actors");
        assertEquals(1, l.pending(), "version 4 not yet on the slow actor");
        assertEquals(5.0, l.sortedMs()[0], 1e-9, "v1: the slow actor at 105");
        assertEquals(5.0, l.sortedMs()[1], 1e-9, "v3: the slow actor at 125");
        assertEquals(15.0, l.sortedMs()[2], 1e-9, "v2: skipped by the slow actor, reached with v3 at 125");
        assertEquals(5.0, l.percentileMs(50), 1e-9);
        assertEquals(15.0, l.percentileMs(99), 1e-9);
        assertEquals(15.0, l.maxMs(), 1e-9);
    }

    @Test
    void shouldTimeOnlyVersionsPublishedInsideTheWindow() {
        final VersionTimes published = log(1, 100, 2, 110, 3, 120);
        final VersionTimes actor = log(1, 101, 2, 113, 3, 127);
        final BroadcastLatency l = BroadcastLatency.of(published, List.of(actor), 105 * MS, 120 * MS);

        assertEquals(1, l.versions());
        assertEquals(0, l.pending());
        assertEquals(3.0, l.percentileMs(50), 1e-9);
    }

    @Test
    void shouldReportNothingWhenNoVersionWasPublishedInTheWindow() {
        final BroadcastLatency l = BroadcastLatency.of(log(1, 100), List.of(log(1, 101)), 200 * MS, 300 * MS);
        assertEquals(0, l.versions());
        assertTrue(Double.isNaN(l.percentileMs(50)) && Double.isNaN(l.maxMs()));
    }

    @Test
    void shouldCountPairsBeyondCapacityAsOverflowWhenTheLogIsFull() {
        final VersionTimes t = new VersionTimes(2);
        t.accept(1, 10);
        t.accept(2, 20);
        t.accept(3, 30);
        assertEquals(2, t.count());
        assertEquals(1, t.overflow());
        assertEquals(2, t.version(1));
        assertEquals(20, t.nanos(1));
        assertThrows(IllegalArgumentException.class, () -> new VersionTimes(0));
    }
}
