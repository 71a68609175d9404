package org.strider.cli;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.UncheckedIOException;
import org.strider.metrics.MetricsAddress;
import org.strider.metrics.MetricsEndpoint;
import org.strider.metrics.StriderMetrics;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --metrics HOST:PORT}: shared by {@code strider local|learner|replay|actor}. Off unless given. */
final class MetricsOptions {
    @Option(names = "--metrics", paramLabel = "HOST:PORT",
        description = "Serve Prometheus metrics at http://HOST:PORT/metrics (GET; port 0: any free one, printed on "
            + "stderr). Default: off.")
    String metrics;

    /** The process's registry and endpoint while a command runs; {@link #registry()} is null when off. */
    record Served(StriderMetrics metrics, MetricsEndpoint endpoint) implements AutoCloseable {
        MeterRegistry registry() {
            return metrics == null ? null : metrics.registry();
        }

        @Override
        public void close() {
            if (endpoint != null) {
                endpoint.close();
            }
            if (metrics != null) {
                metrics.close();
            }
        }
    }

    /** The parsed address, or null when {@code --metrics} was not given; a bad value is a usage error (exit 2). */
    MetricsAddress address(final CommandSpec spec) {
        if (metrics == null) {
            return null;
        }
        try {
            return MetricsAddress.parse(metrics);
        } catch (final IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--metrics must be HOST:PORT with a port in 0..65535: "
                + e.getMessage());
        }
    }

    /**
     * Starts serving (and says where on stderr) when {@code --metrics} was given; otherwise an empty {@link Served}.
     * An address that cannot be bound is a usage error (exit 2).
     */
    Served start(final CommandSpec spec) {
        final MetricsAddress at = address(spec);
        if (at == null) {
            return new Served(null, null);
        }
        final StriderMetrics registry = new StriderMetrics();
        try {
            final MetricsEndpoint endpoint = MetricsEndpoint.start(at, registry);
            spec.commandLine().getErr().println("metrics: " + endpoint.uri());
            return new Served(registry, endpoint);
        } catch (final UncheckedIOException e) {
            registry.close();
            throw new ParameterException(spec.commandLine(), "--metrics " + at + ": " + e.getMessage());
        }
    }
}
