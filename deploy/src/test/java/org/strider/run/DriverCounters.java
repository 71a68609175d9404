package org.strider.run;

import io.aeron.CncFileDescriptor;
import io.aeron.driver.status.SystemCounterDescriptor;
import java.io.File;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

/**
 * The embedded media driver's system counters (NAKs, retransmits, loss-gap fills, ...) of forked Strider nodes, read
 * from outside through each driver's CnC file while the node runs: {@code AeronRuntime} puts the driver directory at
 * {@code BASE/strider-aeron-ROLE-PID-NANOS} (BASE: {@code /dev/shm} when writable, else {@code java.io.tmpdir}) and
 * deletes it on close, so a watcher thread samples every node every {@value #POLL_MS} ms and keeps the last values
 * it read (the counters only grow; a node's last {@value #POLL_MS} ms may be missed).
 */
final class DriverCounters implements AutoCloseable {
    static final long POLL_MS = 100;

    private final Map<String, Process> nodes;
    private final List<SystemCounterDescriptor> wanted;
    private final Map<String, Map<SystemCounterDescriptor, Long>> last = new LinkedHashMap<>();
    private final Thread watcher;
    private volatile boolean running = true;

    /** Starts sampling {@code wanted} of each named node's driver. */
    DriverCounters(final Map<String, Process> nodes, final List<SystemCounterDescriptor> wanted) {
        this.nodes = Map.copyOf(nodes);
        this.wanted = List.copyOf(wanted);
        for (final String name : nodes.keySet()) {
            last.put(name, new EnumMap<>(SystemCounterDescriptor.class));
        }
        watcher = new Thread(this::watch, "driver-counters");
        watcher.setDaemon(true);
        watcher.start();
    }

    private void watch() {
        while (running) {
            for (final Map.Entry<String, Process> e : nodes.entrySet()) {
                if (e.getValue().isAlive()) {
                    final Map<SystemCounterDescriptor, Long> now = read(e.getValue().pid(), wanted);
                    synchronized (last) {
                        now.forEach((d, v) -> last.get(e.getKey()).merge(d, v, Math::max));
                    }
                }
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (final InterruptedException ex) {
                return;
            }
        }
    }

    /** The last value read of {@code counter} for {@code node}; 0 when never read. */
    long value(final String node, final SystemCounterDescriptor counter) {
        synchronized (last) {
            return last.get(node).getOrDefault(counter, 0L);
        }
    }

    /** Whether {@code node}'s driver was read at least once. */
    boolean seen(final String node) {
        synchronized (last) {
            return !last.get(node).isEmpty();
        }
    }

    /** {@code name: NAKs sent 12, ...} for every node, for messages and the report. */
    String describe() {
        final StringBuilder b = new StringBuilder();
        synchronized (last) {
            for (final Map.Entry<String, Map<SystemCounterDescriptor, Long>> e : last.entrySet()) {
                b.append(e.getKey()).append(' ').append(e.getValue().isEmpty() ? "(never read)" : "")
                    .append('{');
                e.getValue().forEach((d, v) -> b.append(d.label()).append('=').append(v).append(", "));
                b.append("} ");
            }
        }
        return b.toString();
    }

    /**
     * Reads {@code wanted} of the driver of process {@code pid} once; empty while its directory or CnC file is not
     * there or not ready yet.
     */
    static Map<SystemCounterDescriptor, Long> read(final long pid, final List<SystemCounterDescriptor> wanted) {
        final Map<SystemCounterDescriptor, Long> values = new EnumMap<>(SystemCounterDescriptor.class);
        final Optional<Path> dir = directory(pid);
        if (dir.isEmpty()) {
            return values;
        }
        final File cncFile = dir.get().resolve(CncFileDescriptor.CNC_FILE).toFile();
        if (!cncFile.isFile() || cncFile.length() < CncFileDescriptor.META_DATA_LENGTH) {
            return values;
        }
        MappedByteBuffer cnc = null;
        try {
            cnc = IoUtil.mapExistingFile(cncFile, "cnc");
            final UnsafeBuffer meta = CncFileDescriptor.createMetaDataBuffer(cnc);
            if (meta.getIntVolatile(CncFileDescriptor.cncVersionOffset(0)) != CncFileDescriptor.CNC_VERSION) {
                return values; // not ready yet
            }
            final CountersReader counters = new CountersReader(
                CncFileDescriptor.createCountersMetaDataBuffer(cnc, meta),
                CncFileDescriptor.createCountersValuesBuffer(cnc, meta));
            counters.forEach((counterId, typeId, key, label) -> {
                if (typeId == SystemCounterDescriptor.SYSTEM_COUNTER_TYPE_ID) {
                    final int id = key.getInt(0);
                    for (final SystemCounterDescriptor d : wanted) {
                        if (d.id() == id) {
                            values.put(d, counters.getCounterValue(counterId));
                        }
                    }
                }
            });
        } catch (final RuntimeException e) {
            // deleted or truncated between the checks and the mapping: the node is closing; keep the last values
        } finally {
            if (cnc != null) {
                IoUtil.unmap(cnc);
            }
        }
        return values;
    }

    /** The driver directory of process {@code pid}, if it exists now. */
    static Optional<Path> directory(final long pid) {
        final File shm = new File("/dev/shm");
        final Path base = shm.isDirectory() && shm.canWrite() ? shm.toPath() : Path.of(System.getProperty(
            "java.io.tmpdir"));
        final String infix = "-" + pid + "-";
        try (Stream<Path> entries = Files.list(base)) {
            return entries.filter(p -> {
                final String name = p.getFileName().toString();
                return name.startsWith("strider-aeron-") && name.contains(infix);
            }).findFirst();
        } catch (final IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        watcher.interrupt();
        watcher.join(5_000);
    }
}
