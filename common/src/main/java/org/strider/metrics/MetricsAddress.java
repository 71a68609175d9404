package org.strider.metrics;

/**
 * Where a role serves {@code /metrics}: {@code HOST:PORT}, port 0 for any free one (the endpoint tells which).
 *
 * @param host an address or name to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port 0..65535
 */
public record MetricsAddress(String host, int port) {
    public MetricsAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("metrics host is empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("metrics port " + port + " is not in 0..65535");
        }
    }

    /** Parses {@code HOST:PORT} (the last colon splits, so {@code [::1]:9100} keeps its brackets' host). */
    public static MetricsAddress parse(final String value) {
        final int colon = value == null ? -1 : value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException("expected HOST:PORT, got '" + value + "'");
        }
        final String host = value.substring(0, colon);
        final int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException("expected HOST:PORT with a numeric port, got '" + value + "'");
        }
        return new MetricsAddress(host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1)
            : host, port);
    }

    @Override
    public String toString() {
        return host + ':' + port;
    }
}
