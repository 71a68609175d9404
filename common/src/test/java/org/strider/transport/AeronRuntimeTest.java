package org.strider.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
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
}
