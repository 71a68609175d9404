package org.strider.run;

import static io.aeron.driver.status.SystemCounterDescriptor.LOSS_GAP_FILLS;
import static io.aeron.driver.status.SystemCounterDescriptor.NAK_MESSAGES_SENT;
import static io.aeron.driver.status.SystemCounterDescriptor.RETRANSMITS_SENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.driver.Configuration;
import io.aeron.logbuffer.FragmentHandler;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.agrona.concurrent.UnsafeBuffer;
import org.strider.transport.AeronRuntime;
import org.strider.transport.Channels;
import org.strider.wire.FrameCodec;

/**
 * Issue 9, "delay on the data plane": learner, one replay shard and two actors as separate JVMs on loopback, where
 * actor a1 reaches the others only through {@link DelayingUdpRelay}s that hold every datagram {@value #DELAY_MS} ms
 * plus a seeded jitter below {@value #JITTER_MS} ms, each way (so datagrams closer than that overtake each other):
 * its transitions to the shard's insert endpoint (the shard's status messages and NAKs come back through the relay)
 * and the learner's weights to it (its subscription registers with the relay in place of the learner's weight
 * control endpoint, so the learner sends there; {@link RelayedActorNode}). Actor a2 talks to both directly: the
 * same run with and without delay side by side.
 *
 * <p>What must hold: the run reaches its steps and every node stops by itself with exit 0; Aeron delivered a1's
 * delayed, reordered stream whole (the shard saw no sequence gap and rejected nothing, no receiver gave up on a gap,
 * a1's published transitions were inserted but for its stream's window); the delay happened: the insert relay
 * forwarded at least one datagram per frame a1's inserted rows needed and carried the shard's replies back, the
 * weight relay carried a1's registrations and the learner's weights, and every one of those datagrams was held at
 * least {@value #DELAY_MS} ms (the relays' own counters); a1 acted with weights that came through the relay. Each
 * actor's produced and inserted rates over its time in the run are printed: at this delay the limiter and the
 * shard's poll order set them, not the network (the actor that joined first, whichever it is, gets most of the
 * inserts: Aeron's {@code Subscription.controlledPoll} starts at its first image two polls in three with two images,
 * and the limiter admits about one frame per poll). What the delay costs a stream the limiter does not hold back is
 * {@link #shouldCarryAtMostOneReceiverWindowPerRoundTripWhenTheInsertStreamIsDelayed}'s figure.
 */
@Tag("failures")
class DataPlaneDelayTest {
    private static final Pattern FINISHED = Pattern.compile("learner finished \\(reached (\\d+) env steps\\)");
    /** The coordinator's line when the run ends (with the log's time). */
    private static final Pattern RUN_FINISHED = Pattern.compile("run finished: reached");
    private static final Pattern LOG_TIME = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) ");
    private static final long DELAY_MS = 20;
    private static final long JITTER_MS = 10;
    private static final int STEPS = 2000;
    private static final int ROWS_PER_FRAME = 16;
    private static final String CLI = "org.strider.cli.StriderCli";
    /** The term length of a shard's insert stream ({@link ClusterProcess#runReplay}). */
    private static final int TERM_LENGTH = 64 * 1024;
    private static final long BENCH_MS = 2_000;

    @TempDir
    Path dir;

    @Test
    void shouldCompleteTheRunWithEveryTransitionInsertedWhenAnActorsDatagramsAreDelayed() throws Exception {
        final int learnerData = NodeProcesses.freePort();
        final int shardData = NodeProcesses.freePort();
        final InetSocketAddress shardInserts = new InetSocketAddress("127.0.0.1", shardData);
        final InetSocketAddress weightControl = new InetSocketAddress("127.0.0.1", learnerData + 1);
        try (NodeProcesses nodes = new NodeProcesses(dir, "data-plane-delay");
            DelayingUdpRelay inserts = new DelayingUdpRelay(new InetSocketAddress("127.0.0.1", 0), shardInserts,
                DELAY_MS, JITTER_MS, TimeUnit.MILLISECONDS, 41);
            DelayingUdpRelay weights = new DelayingUdpRelay(new InetSocketAddress("127.0.0.1", 0), weightControl,
                DELAY_MS, JITTER_MS, TimeUnit.MILLISECONDS, 42)) {
            final long started = System.nanoTime();
            final String seed = "127.0.0.1:" + NodeProcesses.freePort();
            nodes.startJvm("learner", List.of(), CLI, "learner", "--bind", seed, "--data", "127.0.0.1:" + learnerData,
                "--env", "Pendulum-v1", "--steps", Integer.toString(STEPS), "--eval-every", Integer.toString(STEPS),
                "--eval-episodes", "1", "--seed", "13", "--rows-per-frame", Integer.toString(ROWS_PER_FRAME),
                "--updates-per-step", "1", "--set", "replay.warmup_steps=400", "--set", "networks.actor_hidden=16,16",
                "--set", "networks.critic_hidden=16,16", "--set", "replay.batch_size=16",
                "--out", dir.resolve("run").toString());
            nodes.startJvm("replay", List.of(), CLI, "replay", "--bind", "127.0.0.1:0", "--seed-nodes", seed, "--data",
                "127.0.0.1:" + shardData);
            nodes.startJvm("a1", List.of(), RelayedActorNode.class.getName(), "--name", "a1", "--bind", "127.0.0.1:0",
                "--seed-nodes", seed, "--data-host", "127.0.0.1",
                "--via", hostPort(shardInserts) + "=" + hostPort(inserts.address()),
                "--via", hostPort(weightControl) + "=" + hostPort(weights.address()));
            nodes.startJvm("a2", List.of(), CLI, "actor", "--bind", "127.0.0.1:0", "--seed-nodes", seed, "--data",
                "127.0.0.1:0", "--name", "a2");
            final Map<String, Process> all = new LinkedHashMap<>();
            for (final String name : new String[] {"learner", "replay", "a1", "a2"}) {
                all.put(name, nodes.process(name));
            }
            try (DriverCounters counters = new DriverCounters(all, List.of(NAK_MESSAGES_SENT, RETRANSMITS_SENT,
                LOSS_GAP_FILLS))) {
                final Matcher finished = nodes.await("learner", FINISHED, 150_000);
                assertEquals(STEPS, Integer.parseInt(finished.group(1)));
                final double seconds = (System.nanoTime() - started) / 1e9;
                nodes.assertExitsCleanly("learner", 60);
                for (final String node : new String[] {"replay", "a1", "a2"}) {
                    nodes.assertExitsCleanly(node, 60);
                }

                final Matcher shard = nodes.shardClosed("replay");
                final Map<Integer, Long> inserted = NodeProcesses.byActor(shard.group(3));
                assertEquals(0, Long.parseLong(shard.group(4)), "sequence gaps: " + shard.group());
                assertEquals(0, Long.parseLong(shard.group(5)), "frames rejected: " + shard.group());
                assertEquals(Long.parseLong(shard.group(2)), inserted.values().stream().mapToLong(Long::longValue)
                    .sum());
                NodeProcesses.assertLimiterHeld("shard 0", shard);
                final long window = NodeProcesses.inFlightBound(ROWS_PER_FRAME, 1);
                final StringBuilder figures = new StringBuilder();
                final Map<String, Long> in = new LinkedHashMap<>();
                final LocalTime over = logTime(nodes, "learner", RUN_FINISHED);
                for (final String node : new String[] {"a1", "a2"}) {
                    final long[] counts = nodes.actorLine(node);
                    final double active = Duration.between(logTime(nodes, node, Pattern.compile("actor " + node
                        + " joined as actor")), over).toMillis() / 1e3;
                    final long rows = inserted.getOrDefault(nodes.actorId(node), 0L);
                    in.put(node, rows);
                    assertEquals(counts[0], counts[1] + counts[2], node + ": produced = published + dropped");
                    assertTrue(rows > 0, node + " contributed: " + rows + " inserted");
                    assertTrue(counts[1] - rows >= 0 && counts[1] - rows <= window, node + ": published " + counts[1]
                        + ", inserted " + rows + ", window " + window);
                    assertTrue(counts[4] > 0, node + " acted with weights it received");
                    figures.append(String.format(Locale.ROOT, "%s%s: in the run %.1f s, produced %d (%.0f/s), "
                        + "published %d, inserted %d (%.0f/s), policy version %d; ", node, node.equals("a1")
                        ? " (delayed)" : " (direct)", active, counts[0], counts[0] / active, counts[1], rows,
                        rows / active, counts[4]));
                }

                final String seen = counters.describe();
                for (final String node : all.keySet()) {
                    assertTrue(counters.seen(node), "read " + node + "'s driver counters: " + seen);
                    assertEquals(0, counters.value(node, LOSS_GAP_FILLS), "no receiver gave up on a gap: " + seen);
                }

                // a1's inserted rows reached the shard through the relay only: at least one datagram per frame.
                final long minFrames = in.get("a1") / (ROWS_PER_FRAME + 1);
                for (final DelayingUdpRelay relay : new DelayingUdpRelay[] {inserts, weights}) {
                    assertNull(relay.failure(), relay.describe());
                    assertEquals(1, relay.clients(), "only a1 goes through the relay: " + relay.describe());
                    assertEquals(relay.forwarded() + relay.returned(), relay.delayedAtLeast(), "every datagram held "
                        + ">= " + DELAY_MS + " ms: " + relay.describe());
                    assertTrue(relay.minDelayNs() >= TimeUnit.MILLISECONDS.toNanos(DELAY_MS), relay.describe());
                }
                assertTrue(inserts.forwarded() >= minFrames && minFrames > 0, "a1's frames (" + in.get("a1")
                    + " rows, >= " + minFrames + " frames) went through the relay: " + inserts.describe());
                assertTrue(inserts.returned() > 0, "the shard's status messages came back: " + inserts.describe());
                assertTrue(weights.forwarded() > 0, "a1's weight subscription registered through the relay: "
                    + weights.describe());
                assertTrue(weights.returned() > 0, "the learner sent a1 its weights through the relay: "
                    + weights.describe());

                System.out.printf(Locale.ROOT, "data-plane delay (%d ms + jitter < %d ms each way for a1): %d steps in "
                    + "%.1f s; shard: %s inserted %s, 0 gaps, 0 rejected; %sin-flight window %d; %s; %s; driver "
                    + "counters: %s%n", DELAY_MS, JITTER_MS, STEPS, seconds, shard.group(2), inserted, figures, window,
                    inserts.describe(), weights.describe(), seen);
            }
        }
    }

    /**
     * The same data path without the nodes: one Aeron stream as a shard's insert stream is set up (UDP, 64 KB term),
     * in this JVM's own driver, sending {@value #ROWS_PER_FRAME}-row Pendulum frames as fast as it can for
     * {@value #BENCH_MS} ms, once directly and once through a relay with the run's delay and jitter. A sender may have
     * at most one receiver window unacknowledged, and a window's worth of status message takes at least twice the
     * delay to come back through the relay: the delayed stream cannot carry more than one window per
     * {@code 2 * delay} (plus the first window). Both rates are printed; the delayed one must obey that bound.
     */
    @Test
    void shouldCarryAtMostOneReceiverWindowPerRoundTripWhenTheInsertStreamIsDelayed() throws Exception {
        final int window = Configuration.receiverWindowLength(TERM_LENGTH, Configuration.initialWindowLength());
        try (AeronRuntime aeron = AeronRuntime.embedded("strider-delay")) {
            final int directPort = NodeProcesses.freePort();
            final double[] direct = stream(aeron.aeron(), directPort, directPort, 1);
            final int port = NodeProcesses.freePort();
            try (DelayingUdpRelay relay = new DelayingUdpRelay(new InetSocketAddress("127.0.0.1", 0),
                new InetSocketAddress("127.0.0.1", port), DELAY_MS, JITTER_MS, TimeUnit.MILLISECONDS, 43)) {
                final double[] delayed = stream(aeron.aeron(), relay.address().getPort(), port, 2);
                final double bound = window * (delayed[1] / (2 * DELAY_MS / 1e3) + 1);
                assertNull(relay.failure(), relay.describe());
                assertEquals(relay.forwarded() + relay.returned(), relay.delayedAtLeast(), relay.describe());
                assertTrue(delayed[0] > 0, "the delayed stream carried frames: " + relay.describe());
                assertTrue(delayed[0] <= bound, "delayed: " + delayed[0] + " B in " + delayed[1] + " s, more than one "
                    + window + " B window per " + 2 * DELAY_MS + " ms allows (" + bound + " B): " + relay.describe());
                assertTrue(direct[0] / direct[1] > delayed[0] / delayed[1], "direct " + direct[0] / direct[1]
                    + " B/s, delayed " + delayed[0] / delayed[1] + " B/s");
                final int frame = frameLength();
                System.out.printf(Locale.ROOT, "insert stream, 64 KB term (receiver window %d B), %d-byte frames of %d "
                    + "rows: direct %.0f frames/s (%.2f MB/s); via %d ms + jitter < %d ms each way %.0f frames/s (%.2f "
                    + "MB/s; window / %d ms = %.2f MB/s); %s%n", window, frame, ROWS_PER_FRAME,
                    direct[0] / frame / direct[1], direct[0] / direct[1] / 1e6, DELAY_MS, JITTER_MS,
                    delayed[0] / frame / delayed[1], delayed[0] / delayed[1] / 1e6, 2 * DELAY_MS,
                    window / (2 * DELAY_MS / 1e3) / 1e6, relay.describe());
            }
        }
    }

    private static int frameLength() {
        return (int) FrameCodec.transitionBatchLength(ROWS_PER_FRAME, NodeProcesses.PENDULUM_OBS,
            NodeProcesses.PENDULUM_ACT);
    }

    /**
     * Offers frames to {@code sendPort} and polls them from {@code receivePort} for {@value #BENCH_MS} ms once
     * connected; returns the bytes received and the seconds it took.
     */
    private static double[] stream(final Aeron aeron, final int sendPort, final int receivePort, final int streamId)
        throws InterruptedException {
        final String term = "|term-length=" + TERM_LENGTH;
        try (Subscription sub = aeron.addSubscription(Channels.udp("127.0.0.1", receivePort) + term, streamId);
            ExclusivePublication pub = aeron.addExclusivePublication(Channels.udp("127.0.0.1", sendPort) + term,
                streamId)) {
            final long connectBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!(pub.isConnected() && sub.isConnected())) {
                assertTrue(System.nanoTime() < connectBy, "stream to port " + sendPort + " did not connect");
                Thread.sleep(1);
            }
            final int length = frameLength();
            final UnsafeBuffer frame = new UnsafeBuffer(ByteBuffer.allocateDirect(length));
            final long[] received = new long[1];
            final FragmentHandler count = (buffer, offset, fragment, header) -> received[0] += fragment;
            final long start = System.nanoTime();
            final long end = start + TimeUnit.MILLISECONDS.toNanos(BENCH_MS);
            long now;
            while ((now = System.nanoTime()) < end) {
                final long result = pub.offer(frame, 0, length);
                // BACK_PRESSURED (the window is full) is what this measures; anything else ends the stream.
                assertTrue(result > 0 || result == ExclusivePublication.BACK_PRESSURED
                    || result == ExclusivePublication.ADMIN_ACTION, "offer: " + result);
                sub.poll(count, 64);
            }
            return new double[] {received[0], (now - start) / 1e9};
        }
    }

    /** The time of the first line of {@code node}'s log that {@code pattern} finds. */
    private static LocalTime logTime(final NodeProcesses nodes, final String node, final Pattern pattern) {
        for (final String line : nodes.log(node).split("\n")) {
            final Matcher time = LOG_TIME.matcher(line);
            if (pattern.matcher(line).find() && time.find()) {
                return LocalTime.parse(time.group(1));
            }
        }
        throw new AssertionError("no timed line '" + pattern + "' in " + node + "'s log:" + nodes.logs());
    }

    private static String hostPort(final InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
