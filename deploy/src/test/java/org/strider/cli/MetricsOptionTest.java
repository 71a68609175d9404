package org.strider.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class MetricsOptionTest {
    @Test
    void shouldExitWithUsageErrorWhenMetricsAddressIsMalformed() {
        final String[][] cases = {
            {"local", "--env", "Pendulum-v1", "--metrics", "nonsense"},
            {"learner", "--env", "Pendulum-v1", "--metrics", "127.0.0.1:70000"},
            {"replay", "--metrics", "127.0.0.1:"},
            {"actor", "--metrics", "localhost:port"}};
        for (final String[] args : cases) {
            final StriderCliTest.Result r = StriderCliTest.run(args);
            assertEquals(2, r.exitCode(), r::toString);
            assertTrue(r.err().contains("--metrics"), r::toString);
        }
    }

    @Test
    void shouldExitWithUsageErrorWhenMetricsPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            final StriderCliTest.Result r = StriderCliTest.run("replay", "--bind", "127.0.0.1:0", "--metrics",
                "127.0.0.1:" + taken.getLocalPort());
            assertEquals(2, r.exitCode(), r::toString);
            assertTrue(r.err().contains("cannot serve metrics on 127.0.0.1:" + taken.getLocalPort()), r::toString);
        }
    }

    @Test
    void shouldListMetricsOptionWhenHelpIsAsked() {
        for (final String command : new String[] {"local", "learner", "replay", "actor"}) {
            final StriderCliTest.Result r = StriderCliTest.run(command, "--help");
            assertEquals(0, r.exitCode(), r::toString);
            assertTrue(r.out().contains("--metrics=HOST:PORT"), r::toString);
        }
    }
}
