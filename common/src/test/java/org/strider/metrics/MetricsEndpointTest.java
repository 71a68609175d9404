package org.strider.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.FunctionCounter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> send(final HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldServeJvmAndBoundMetricsWhenScrapedOnLoopback() throws Exception {
        final AtomicLong steps = new AtomicLong();
        try (StriderMetrics metrics = new StriderMetrics();
             MetricsEndpoint endpoint = MetricsEndpoint.start(new MetricsAddress("127.0.0.1", 0), metrics)) {
            FunctionCounter.builder("strider.test.steps", steps, AtomicLong::get).tag("role", "test")
                .register(metrics.registry());
            assertTrue(endpoint.address().getPort() > 0, "a free port was bound");
            steps.set(42);

            final HttpResponse<String> r = send(HttpRequest.newBuilder(endpoint.uri()).GET());
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), r.headers()
                .toString());
            assertTrue(r.body().contains("strider_test_steps_total{role=\"test\"} 42.0"), r.body());
            assertTrue(r.body().contains("jvm_memory_used_bytes{"), "JVM memory");
            assertTrue(r.body().contains("jvm_threads_live_threads"), "JVM threads");
            assertTrue(r.body().contains("process_uptime_seconds"), "uptime");

            steps.set(43);
            assertTrue(send(HttpRequest.newBuilder(endpoint.uri()).GET()).body()
                .contains("strider_test_steps_total{role=\"test\"} 43.0"), "read again when scraped");
        }
    }

    @Test
    void shouldRefuseOtherMethodsAndPathsWhenAsked() throws Exception {
        try (StriderMetrics metrics = new StriderMetrics();
             MetricsEndpoint endpoint = MetricsEndpoint.start(new MetricsAddress("127.0.0.1", 0), metrics)) {
            final HttpResponse<String> post = send(HttpRequest.newBuilder(endpoint.uri())
                .POST(HttpRequest.BodyPublishers.ofString("x")));
            assertEquals(405, post.statusCode());
            assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""));
            final URI other = endpoint.uri().resolve("/other");
            assertEquals(404, send(HttpRequest.newBuilder(other).GET()).statusCode());
        }
    }

    @Test
    void shouldRejectMalformedAddressesWhenParsed() {
        assertEquals(new MetricsAddress("0.0.0.0", 9100), MetricsAddress.parse("0.0.0.0:9100"));
        assertEquals(new MetricsAddress("::1", 0), MetricsAddress.parse("[::1]:0"));
        for (final String bad : new String[] {"9100", ":9100", "host:", "host:port", "host:65536", "host:-1"}) {
            assertThrows(IllegalArgumentException.class, () -> MetricsAddress.parse(bad), bad);
        }
    }

    @Test
    void shouldFailClearlyWhenThePortIsTaken() {
        try (StriderMetrics metrics = new StriderMetrics();
             MetricsEndpoint first = MetricsEndpoint.start(new MetricsAddress("127.0.0.1", 0), metrics)) {
            final MetricsAddress taken = new MetricsAddress("127.0.0.1", first.address().getPort());
            final RuntimeException e = assertThrows(RuntimeException.class, () -> MetricsEndpoint.start(taken, metrics));
            assertTrue(e.getMessage().contains("cannot serve metrics on 127.0.0.1:"), e.getMessage());
        }
    }
}
