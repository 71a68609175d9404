package org.strider.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AeronRuntimeTest {
    @Test
    void shouldTolerateALongStallOfItsOwnJvmWhenEmbedded() {
        final String dir;
        try (AeronRuntime runtime = AeronRuntime.embedded("runtime-test", 64 * 1024)) {
            dir = runtime.directory();
            assertTrue(new File(dir).isDirectory());
            // A 10 s stall (Aeron's defaults) closed the client for good in the soak benchmark: 60 s now.
            assertEquals(AeronRuntime.LIVENESS_TIMEOUT_MS, runtime.aeron().context().driverTimeoutMs());
            assertEquals(TimeUnit.MILLISECONDS.toNanos(AeronRuntime.LIVENESS_TIMEOUT_MS),
                runtime.driverContext().clientLivenessTimeoutNs());
            assertTrue(runtime.driverContext().publicationUnblockTimeoutNs()
                > runtime.driverContext().clientLivenessTimeoutNs(), "the driver's own constraint");
            assertEquals(64 * 1024 / 8, runtime.maxMessageLength());
        }
        assertFalse(new File(dir).exists(), "the driver's directory is deleted on close");
    }

    @Test
    void shouldTellWhenTheClientClosesByItselfButNotOnClose() throws Exception {
        final List<String> lost = new CopyOnWriteArrayList<>();
        try (AeronRuntime runtime = AeronRuntime.embedded("runtime-lost", 64 * 1024)) {
            runtime.onClientLost(lost::add);
            runtime.aeron().close(); // as a fatal error closes it: not through the runtime
            assertEquals(List.of("the Aeron client closed"), lost);
        }
        assertEquals(1, lost.size(), "closing the runtime afterwards reports nothing more");
        final List<String> quiet = new CopyOnWriteArrayList<>();
        try (AeronRuntime runtime = AeronRuntime.embedded("runtime-quiet", 64 * 1024)) {
            runtime.onClientLost(quiet::add);
        }
        assertTrue(quiet.isEmpty(), "an orderly close is not a loss: " + quiet);
    }
}
