package org.strider.run;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.strider.wire.FrameCodec;

/**
 * Strider nodes as separate JVMs on loopback for the failure tests: {@code strider learner|replay|actor} forked with
 * the flags Aeron and Pekko need, each writing stdout and stderr to {@code dir/NAME.log} (INFO for Strider and Pekko's
 * cluster events, with times: {@code failures-logback.xml}), and the lines the tests read out of those logs. Every
 * process still running is killed on {@link #close}.
 */
final class NodeProcesses implements AutoCloseable {
    /** An actor's last stdout line. */
    static final Pattern ACTOR_LINE = Pattern.compile("actor node (\\S+) stopped: (\\d+) transitions produced, (\\d+) "
        + "published, (\\d+) dropped, (\\d+) episodes, last policy version (\\d+)");
    /** The coordinator's line when it admits an actor: node name, actor id. */
    static final Pattern ACTOR_JOINED = Pattern.compile("actor node (\\S+) joined as actor (\\d+)");
    /** The coordinator's line when it admits a shard: node name, shard id. */
    static final Pattern SHARD_JOINED = Pattern.compile("replay node (\\S+) joined as shard (\\d+)");
    /** A shard's final counters (ReplayShardService#close). */
    static final Pattern SHARD_CLOSED = Pattern.compile("replay shard (\\d+) closed: (\\d+) inserted \\(by actor "
        + "\\{([^}]*)\\}\\), (\\d+) sequence gaps, (\\d+) frames rejected, (\\d+) samples in (\\d+) requests, "
        + "RateLimiter\\[spi=([-0-9.E]+), minSize=(\\d+), diff in \\[([-0-9.E]+), ([-0-9.E]+)\\], inserts=(\\d+), "
        + "samples=(\\d+)\\]");
    /** Pendulum-v1: observation and action sizes (frame lengths below). */
    static final int PENDULUM_OBS = 3;
    static final int PENDULUM_ACT = 1;

    private final Path dir;
    private final Path keep;
    private final Map<String, Process> processes = new LinkedHashMap<>();

    /**
     * @param dir  where the logs are written
     * @param test the logs are copied to {@code target/failures/test} when closed (the module's target, for reading
     *             after a run)
     */
    NodeProcesses(final Path dir, final String test) {
        this.dir = dir;
        this.keep = Path.of("target", "failures", test);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Forks {@code strider args...} as node {@code name} (its log: {@code name.log}). */
    Process start(final String name, final String... args) throws IOException {
        final List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Djava.awt.headless=true",
            "-Dlogback.configurationFile=org/strider/run/failures-logback.xml", "-Xmx384m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "org.strider.cli.StriderCli"));
        cmd.addAll(List.of(args));
        final ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        final Process p = pb.start();
        processes.put(name, p);
        return p;
    }

    /**
     * {@link #start} with {@code jvmOptions} before the main class (system properties for the node's Aeron driver or
     * Pekko) and {@code main} instead of the CLI (a test-only wrapper around it); the process's stdin stays a pipe.
     */
    Process startJvm(final String name, final List<String> jvmOptions, final String main, final String... args)
        throws IOException {
        final List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Djava.awt.headless=true",
            "-Dlogback.configurationFile=org/strider/run/failures-logback.xml", "-Xmx384m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main));
        cmd.addAll(List.of(args));
        final ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        final Process p = pb.start();
        processes.put(name, p);
        return p;
    }

    Process process(final String name) {
        return processes.get(name);
    }

    String log(final String name) {
        try {
            return Files.readString(dir.resolve(name + ".log"));
        } catch (final IOException e) {
            return "(no log for " + name + ": " + e + ")";
        }
    }

    /** Every node's log, for failure messages. */
    String logs() {
        final StringBuilder b = new StringBuilder();
        for (final String name : processes.keySet()) {
            b.append("\n===== ").append(name).append(" =====\n").append(log(name));
        }
        return b.toString();
    }

    /** Polls {@code name}'s log every 50 ms until {@code pattern} matches (the first match) or the timeout. */
    Matcher await(final String name, final Pattern pattern, final long timeoutMs) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < deadline) {
            final Matcher m = pattern.matcher(log(name));
            if (m.find()) {
                return m;
            }
            Thread.sleep(50);
        }
        diagnose();
        fail("no '" + pattern + "' in " + name + "'s log within " + timeoutMs + " ms:" + logs());
        return null;
    }

    private static final Pattern METRICS_URI = Pattern.compile("metrics: (http://\\S+)");

    /** For a stuck run: each live node's threads ({@code NAME.threads}) and metrics ({@code NAME.metrics}). */
    private void diagnose() {
        for (final Map.Entry<String, Process> e : processes.entrySet()) {
            if (!e.getValue().isAlive()) {
                continue;
            }
            try {
                new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(e.getValue().pid()), "Thread.print").redirectErrorStream(true)
                    .redirectOutput(dir.resolve(e.getKey() + ".threads").toFile()).start().waitFor(20, TimeUnit.SECONDS);
                final Matcher m = METRICS_URI.matcher(log(e.getKey()));
                if (m.find()) {
                    try (java.io.InputStream in = java.net.URI.create(m.group(1)).toURL().openStream()) {
                        Files.write(dir.resolve(e.getKey() + ".metrics"), in.readAllBytes());
                    }
                }
            } catch (final IOException | InterruptedException ex) {
                System.err.println("could not diagnose " + e.getKey() + ": " + ex);
            }
        }
    }

    /** The actor id the coordinator gave node {@code node} (from the learner's log). */
    int actorId(final String node) {
        final Matcher m = ACTOR_JOINED.matcher(log("learner"));
        while (m.find()) {
            if (m.group(1).equals(node)) {
                return Integer.parseInt(m.group(2));
            }
        }
        fail("actor node " + node + " never joined:" + logs());
        return -1;
    }

    /** Waits for {@code name} to exit by itself and checks it exited with 0. */
    void assertExitsCleanly(final String name, final long timeoutS) throws InterruptedException {
        final Process p = processes.get(name);
        assertTrue(p.waitFor(timeoutS, TimeUnit.SECONDS), name + " did not stop by itself:" + logs());
        assertTrue(p.exitValue() == 0, name + " exited with " + p.exitValue() + ":" + logs());
    }

    /** An actor's final counters: produced, published, dropped, episodes, policy version. */
    long[] actorLine(final String name) {
        final Matcher m = ACTOR_LINE.matcher(log(name));
        assertTrue(m.find(), "no final line from actor " + name + ":" + logs());
        return new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), Long.parseLong(m.group(4)),
            Long.parseLong(m.group(5)), Long.parseLong(m.group(6))};
    }

    /** A shard's final counters from its node's log: the matcher of {@link #SHARD_CLOSED}. */
    Matcher shardClosed(final String name) {
        final Matcher m = SHARD_CLOSED.matcher(log(name));
        assertTrue(m.find(), "no final counters from shard node " + name + ":" + logs());
        return m;
    }

    /**
     * Checks a shard's final limiter counts (from {@link #shardClosed}) against Reverb's rule: once sampling started,
     * {@code inserts * spi - samples} stayed within {@code [minDiff, max(maxDiff, minSize * spi)]} (the upper end is
     * where stage 1 may leave it). Returns {@code inserts * spi - samples}.
     */
    static double assertLimiterHeld(final String shard, final Matcher closed) {
        final double spi = Double.parseDouble(closed.group(8));
        final long minSize = Long.parseLong(closed.group(9));
        final double minDiff = Double.parseDouble(closed.group(10));
        final double maxDiff = Double.parseDouble(closed.group(11));
        final long inserts = Long.parseLong(closed.group(12));
        final long samples = Long.parseLong(closed.group(13));
        final double diff = inserts * spi - samples;
        assertTrue(samples > 0, shard + " was sampled: " + closed.group());
        assertTrue(diff >= minDiff && diff <= Math.max(maxDiff, minSize * spi), shard + ": inserts * spi - samples = "
            + diff + " outside [" + minDiff + ", " + Math.max(maxDiff, minSize * spi) + "]: " + closed.group());
        return diff;
    }

    /** {@code "0=12, 1=40"} as a map. */
    static Map<Integer, Long> byActor(final String text) {
        final Map<Integer, Long> map = new TreeMap<>();
        for (final String entry : text.split(",\\s*")) {
            if (!entry.isBlank()) {
                final String[] kv = entry.split("=");
                map.put(Integer.parseInt(kv[0].trim()), Long.parseLong(kv[1].trim()));
            }
        }
        return map;
    }

    /**
     * Most Pendulum transitions one actor can have published that its shard has not inserted: what fits the Aeron
     * windows of its insert stream (a 64 KB term: half a term unsent in the publisher's log, half a term received
     * and not yet polled) at the smallest frame it sends (rows published per frame are at least 1; frames of
     * {@code rowsPerFrame} rows dominate, so the bound counts every 32-byte-aligned fragment at its smallest).
     */
    static long inFlightBound(final int rowsPerFrame, final int envsPerActor) {
        final int window = 2 * 32 * 1024;
        final long frame = (FrameCodec.transitionBatchLength(rowsPerFrame, PENDULUM_OBS, PENDULUM_ACT) + 32 + 31)
            & ~31L;
        return (window / frame + 1) * (rowsPerFrame + envsPerActor);
    }

    @Override
    public void close() {
        processes.values().forEach(Process::destroyForcibly);
        try {
            Files.createDirectories(keep);
            for (final String name : processes.keySet()) {
                for (final String ext : new String[] {".log", ".threads", ".metrics"}) {
                    final Path file = dir.resolve(name + ext);
                    if (Files.exists(file)) {
                        Files.copy(file, keep.resolve(name + ext), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (final IOException e) {
            System.err.println("could not keep the node logs in " + keep + ": " + e);
        }
    }
}
