package org.strider.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code GET /metrics} over the JDK's HTTP server, on one daemon thread: the Prometheus text of a
 * {@link StriderMetrics}. Other paths get 404, other methods 405 (HEAD is answered like GET, without a body).
 */
public final class MetricsEndpoint implements AutoCloseable {
    public static final String PATH = "/metrics";

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsEndpoint(final HttpServer server, final ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds {@code at} (port 0: any free one) and starts serving {@code metrics}.
     *
     * @throws UncheckedIOException when the address cannot be bound (in use, unknown host)
     */
    public static MetricsEndpoint start(final MetricsAddress at, final StriderMetrics metrics) {
        final InetSocketAddress address = new InetSocketAddress(at.host(), at.port());
        if (address.isUnresolved()) {
            throw new UncheckedIOException(new IOException("unknown metrics host '" + at.host() + "'"));
        }
        final HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot serve metrics on " + at + ": " + e.getMessage(), e);
        }
        server.createContext("/", exchange -> handle(exchange, metrics));
        final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            final Thread t = new Thread(r, "strider-metrics");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        return new MetricsEndpoint(server, executor);
    }

    private static void handle(final HttpExchange exchange, final StriderMetrics metrics) throws IOException {
        try (exchange) {
            final String method = exchange.getRequestMethod();
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                reply(exchange, 404, "not found: metrics are at " + PATH + "\n", "text/plain; charset=utf-8", true);
            } else if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                reply(exchange, 405, "method not allowed\n", "text/plain; charset=utf-8", true);
            } else {
                reply(exchange, 200, metrics.scrape(), StriderMetrics.CONTENT_TYPE, "GET".equals(method));
            }
        }
    }

    private static void reply(final HttpExchange exchange, final int status, final String text,
        final String contentType, final boolean body) throws IOException {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (!body) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The bound address (the real port when 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** {@code http://host:port/metrics}. */
    public URI uri() {
        final InetSocketAddress a = address();
        final String host = a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + PATH);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
