package org.strider.cli;

import org.strider.run.Json;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.strider.learner.replay.service.ReplayBench;
import org.strider.wire.RunKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code strider bench replay}: inserts per second into one replay shard over Aeron IPC and UDP (ReplayBench). */
@Command(name = "replay",
    header = "Inserts per second into one replay shard, over Aeron IPC and UDP loopback.",
    description = {
        "One publisher thread encodes BipedalWalker-sized transition batches (obs 24, action 4, 64 rows a frame) "
            + "and offers them as fast as back-pressure allows; one replay shard runs as its own agent thread and "
            + "inserts them into its ring buffer (sampling off). Each transport gets its own embedded media driver. "
            + "UDP is measured twice: Aeron's default MTU (1408 bytes) and 8 KB datagrams. With --signed each "
            + "transport is measured again with frames signed and checked with a random run key (HMAC-SHA256), and "
            + "the signed/plain ratio is printed.",
        "Prints a table (and with --json FILE the figures as JSON); progress on stderr; asserts nothing."},
    mixinStandardHelpOptions = true,
    versionProvider = StriderCli.Version.class,
    footerHeading = "%nExamples:%n",
    footer = {
        "  strider bench replay",
        "  strider bench replay --transport ipc --seconds 10 --json replay-bench.json",
        "  strider bench replay --transport ipc --signed"})
final class BenchReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--transport", defaultValue = "both", paramLabel = "ipc|udp|both",
        description = "Insert channels to measure (default: ${DEFAULT-VALUE}).")
    String transport;

    @Option(names = "--seconds", defaultValue = "5", paramLabel = "S",
        description = "Measured seconds per transport (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup", defaultValue = "2", paramLabel = "S",
        description = "Warm-up seconds before each measurement (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON to FILE.")
    Path json;

    @Option(names = "--signed", description = "Also measure each transport with signed frames (a random run key), "
        + "and print the signed/plain ratio.")
    boolean signed;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines on stderr.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new ParameterException(spec.commandLine(), "--seconds must be a positive number, got " + seconds);
        }
        if (!(warmup >= 0) || Double.isInfinite(warmup)) {
            throw new ParameterException(spec.commandLine(), "--warmup must be >= 0, got " + warmup);
        }
        final List<ReplayBench.Transport> transports;
        try {
            transports = ReplayBench.transports(transport);
        } catch (final IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--" + e.getMessage(), e);
        }
        final double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        final Progress progress = new Progress(spec.commandLine().getErr(), StriderCli.stderrIsTerminal(), quiet);
        final List<ReplayBench.InsertRate> rates = new ArrayList<>();
        final List<ReplayBench.InsertRate> signedRates = new ArrayList<>();
        final RunKey key = signed ? RunKey.random() : null;
        for (final ReplayBench.Transport t : transports) {
            progress.update(String.format(Locale.ROOT, "%s (%s): %.1f s warm-up, %.1f s measured ...", t.label(),
                t.channel(), warmup, seconds));
            rates.add(ReplayBench.measure(t, warmup, seconds));
            if (key != null) {
                progress.update(String.format(Locale.ROOT, "%s (%s), signed: %.1f s warm-up, %.1f s measured ...",
                    t.label(), t.channel(), warmup, seconds));
                signedRates.add(ReplayBench.measure(t, warmup, seconds, key));
            }
        }
        progress.finish();
        print(rates, signedRates, load);
        if (json != null) {
            Files.writeString(json, Json.write(toJson(rates, signedRates, load)) + System.lineSeparator());
        }
        return 0;
    }

    private void print(final List<ReplayBench.InsertRate> rates, final List<ReplayBench.InsertRate> signedRates,
        final double load) {
        final PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "replay inserts/s: one shard, batches of %d transitions (obs %d, action %d, %,d bytes "
                + "a frame), sampling off; %.1f s measured after %.1f s warm-up; %d CPUs, load average %.2f at start, "
                + "Java %s%n", ReplayBench.ROWS, ReplayBench.OBS, ReplayBench.ACT, ReplayBench.frameBytes(), seconds,
            warmup, Runtime.getRuntime().availableProcessors(), load, System.getProperty("java.version"));
        final TextTable table = new TextTable("TRANSPORT", "FRAMES", "INSERTS/S", "BATCHES/S", "MB/S",
            "BACK-PRESSURE WAITS", "DROPPED", "REJECTED", "SHARD ALLOC B/BATCH").alignRight(2, 3, 4, 5, 6, 7, 8);
        for (int i = 0; i < rates.size(); i++) {
            row(table, rates.get(i), "plain");
            if (!signedRates.isEmpty()) {
                row(table, signedRates.get(i), "signed");
            }
        }
        table.print(out);
        for (int i = 0; i < signedRates.size(); i++) {
            out.printf(Locale.ROOT, "%s: signed/plain inserts/s = %.2f%n", rates.get(i).transport(),
                signedRates.get(i).insertsPerSecond() / rates.get(i).insertsPerSecond());
        }
        out.flush();
    }

    private static void row(final TextTable table, final ReplayBench.InsertRate r, final String frames) {
        table.row(r.transport(), frames, String.format(Locale.ROOT, "%,.0f", r.insertsPerSecond()),
            String.format(Locale.ROOT, "%,.0f", r.batchesPerSecond()),
            String.format(Locale.ROOT, "%.0f", r.megabytesPerSecond()),
            String.format(Locale.ROOT, "%,d", r.backPressureWaits()), Long.toString(r.dropped()),
            Long.toString(r.rejected()), Double.isNaN(r.allocatedBytesPerBatch()) ? "-"
                : String.format(Locale.ROOT, "%.0f", r.allocatedBytesPerBatch()));
    }

    private Map<String, Object> toJson(final List<ReplayBench.InsertRate> rates,
        final List<ReplayBench.InsertRate> signedRates, final double load) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("seconds", seconds);
        m.put("warmupSeconds", warmup);
        m.put("rowsPerFrame", ReplayBench.ROWS);
        m.put("obs", ReplayBench.OBS);
        m.put("action", ReplayBench.ACT);
        m.put("frameBytes", ReplayBench.frameBytes());
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("loadAverage", load);
        m.put("java", System.getProperty("java.version"));
        final List<Object> results = new ArrayList<>();
        for (int i = 0; i < rates.size() + signedRates.size(); i++) {
            final boolean isSigned = i >= rates.size();
            final ReplayBench.InsertRate r = isSigned ? signedRates.get(i - rates.size()) : rates.get(i);
            final Map<String, Object> row = new LinkedHashMap<>();
            row.put("transport", r.transport());
            row.put("signed", isSigned);
            row.put("channel", r.channel());
            row.put("insertsPerSecond", r.insertsPerSecond());
            row.put("batchesPerSecond", r.batchesPerSecond());
            row.put("megabytesPerSecond", r.megabytesPerSecond());
            row.put("measuredSeconds", r.seconds());
            row.put("transitions", r.transitions());
            row.put("backPressureWaits", r.backPressureWaits());
            row.put("dropped", r.dropped());
            row.put("rejected", r.rejected());
            row.put("shardAllocatedBytesPerBatch", r.allocatedBytesPerBatch());
            results.add(row);
        }
        m.put("results", results);
        return m;
    }
}
