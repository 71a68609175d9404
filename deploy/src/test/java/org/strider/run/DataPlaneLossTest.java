package org.strider.run;

import static io.aeron.driver.status.SystemCounterDescriptor.LOSS_GAP_FILLS;
import static io.aeron.driver.status.SystemCounterDescriptor.NAK_MESSAGES_RECEIVED;
import static io.aeron.driver.status.SystemCounterDescriptor.NAK_MESSAGES_SENT;
import static io.aeron.driver.status.SystemCounterDescriptor.RETRANSMITS_SENT;
import static io.aeron.driver.status.SystemCounterDescriptor.RETRANSMITTED_BYTES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aeron.driver.Configuration;
import io.aeron.driver.ext.DebugChannelEndpointConfiguration;
import io.aeron.driver.ext.DebugReceiveChannelEndpointSupplier;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, "packet loss on the data plane": learner, one replay shard and two actors as separate JVMs on loopback,
 * every node's embedded Aeron driver receiving through Aeron's {@code DebugReceiveChannelEndpoint} (system
 * properties only; no Strider code knows): each UDP receive endpoint drops a seeded random {@value #DATA_LOSS} of the
 * data frames (and setup/RTT frames) that reach it, and {@value #CONTROL_LOSS} of the status messages and NAKs it
 * sends back. Every stream of the run goes through such an endpoint: transitions actor → shard, sample requests
 * learner → shard, sample replies shard → learner, weights learner → actors (multi-destination cast).
 *
 * <p>What must hold: the run reaches its steps and every node stops by itself with exit 0; Aeron's NAKs and
 * retransmits repaired every loss (the shard saw no sequence gap and rejected nothing, no receiver had to give up
 * on a gap: 0 loss-gap fills; an actor's published transitions are inserted but for what the run's end left in its
 * stream's window, as in {@link ActorKillTest}); and loss did happen: the drivers' system counters (read from their
 * CnC files while they run, {@link DriverCounters}) show NAKs sent by the receivers and retransmits sent by the
 * senders, so the test cannot pass on a loss-free network.
 */
@Tag("failures")
class DataPlaneLossTest {
    private static final Pattern FINISHED = Pattern.compile("learner finished \\(reached (\\d+) env steps\\)");
    private static final String DATA_LOSS = "0.1";
    private static final String CONTROL_LOSS = "0.05";
    private static final int STEPS = 2000;
    private static final int ROWS_PER_FRAME = 16;
    private static final String CLI = "org.strider.cli.StriderCli";

    @TempDir
    Path dir;

    /** The JVM options that make node {@code seed}'s driver lose frames on every receive endpoint. */
    private static List<String> lossy(final long seed) {
        return List.of(
            "-D" + Configuration.RECEIVE_CHANNEL_ENDPOINT_SUPPLIER_PROP_NAME + "="
                + DebugReceiveChannelEndpointSupplier.class.getName(),
            "-D" + DebugChannelEndpointConfiguration.RECEIVE_DATA_LOSS_RATE_PROP_NAME + "=" + DATA_LOSS,
            "-D" + DebugChannelEndpointConfiguration.RECEIVE_DATA_LOSS_SEED_PROP_NAME + "=" + seed,
            "-D" + DebugChannelEndpointConfiguration.RECEIVE_CONTROL_LOSS_RATE_PROP_NAME + "=" + CONTROL_LOSS,
            "-D" + DebugChannelEndpointConfiguration.RECEIVE_CONTROL_LOSS_SEED_PROP_NAME + "=" + (seed + 100));
    }

    @Test
    void shouldCompleteTheRunWithEveryTransitionRepairedWhenReceiversLoseFrames() throws Exception {
        try (NodeProcesses nodes = new NodeProcesses(dir, "data-plane-loss")) {
            final long started = System.nanoTime();
            final String seed = "127.0.0.1:" + NodeProcesses.freePort();
            nodes.startJvm("learner", lossy(91), CLI, "learner", "--bind", seed, "--data",
                "127.0.0.1:" + NodeProcesses.freePort(), "--env", "Pendulum-v1", "--steps", Integer.toString(STEPS),
                "--eval-every", Integer.toString(STEPS), "--eval-episodes", "1", "--seed", "13",
                "--rows-per-frame", Integer.toString(ROWS_PER_FRAME), "--updates-per-step", "1",
                "--set", "replay.warmup_steps=400", "--set", "networks.actor_hidden=16,16",
                "--set", "networks.critic_hidden=16,16", "--set", "replay.batch_size=16",
                "--out", dir.resolve("run").toString());
            nodes.startJvm("replay", lossy(92), CLI, "replay", "--bind", "127.0.0.1:0", "--seed-nodes", seed,
                "--data", "127.0.0.1:" + NodeProcesses.freePort());
            nodes.startJvm("a1", lossy(93), CLI, "actor", "--bind", "127.0.0.1:0", "--seed-nodes", seed, "--data",
                "127.0.0.1:0", "--name", "a1");
            nodes.startJvm("a2", lossy(94), CLI, "actor", "--bind", "127.0.0.1:0", "--seed-nodes", seed, "--data",
                "127.0.0.1:0", "--name", "a2");
            final Map<String, Process> all = new LinkedHashMap<>();
            for (final String name : new String[] {"learner", "replay", "a1", "a2"}) {
                all.put(name, nodes.process(name));
            }
            try (DriverCounters counters = new DriverCounters(all, List.of(NAK_MESSAGES_SENT, NAK_MESSAGES_RECEIVED,
                RETRANSMITS_SENT, RETRANSMITTED_BYTES, LOSS_GAP_FILLS))) {
                final Matcher finished = nodes.await("learner", FINISHED, 150_000);
                assertEquals(STEPS, Integer.parseInt(finished.group(1)));
                nodes.assertExitsCleanly("learner", 60);
                for (final String node : new String[] {"replay", "a1", "a2"}) {
                    nodes.assertExitsCleanly(node, 60);
                }
                final double seconds = (System.nanoTime() - started) / 1e9;

                final Matcher shard = nodes.shardClosed("replay");
                final Map<Integer, Long> inserted = NodeProcesses.byActor(shard.group(3));
                assertEquals(0, Long.parseLong(shard.group(4)), "sequence gaps: " + shard.group());
                assertEquals(0, Long.parseLong(shard.group(5)), "frames rejected: " + shard.group());
                assertEquals(Long.parseLong(shard.group(2)), inserted.values().stream().mapToLong(Long::longValue)
                    .sum());
                NodeProcesses.assertLimiterHeld("shard 0", shard);
                final long window = NodeProcesses.inFlightBound(ROWS_PER_FRAME, 1);
                final StringBuilder figures = new StringBuilder();
                for (final String node : new String[] {"a1", "a2"}) {
                    final long[] counts = nodes.actorLine(node);
                    final long in = inserted.getOrDefault(nodes.actorId(node), 0L);
                    assertEquals(counts[0], counts[1] + counts[2], node + ": produced = published + dropped");
                    assertTrue(in > 0, node + " contributed: " + in + " inserted");
                    assertTrue(counts[1] - in >= 0 && counts[1] - in <= window, node + ": published " + counts[1]
                        + ", inserted " + in + ", window " + window);
                    assertTrue(counts[4] > 0, node + " acted with weights it received over the lossy MDC stream");
                    figures.append(String.format(Locale.ROOT, "%s: produced %d, published %d, dropped %d, inserted "
                        + "%d, policy version %d; ", node, counts[0], counts[1], counts[2], in, counts[4]));
                }

                final String seen = counters.describe();
                for (final String node : all.keySet()) {
                    assertTrue(counters.seen(node), "read " + node + "'s driver counters: " + seen);
                    assertEquals(0, counters.value(node, LOSS_GAP_FILLS), "no receiver gave up on a gap: " + seen);
                }
                // Receivers that lost frames asked for them again; the senders of each stream sent them again.
                assertTrue(counters.value("replay", NAK_MESSAGES_SENT) > 0, "the shard NAKed lost transitions and "
                    + "requests: " + seen);
                assertTrue(counters.value("learner", NAK_MESSAGES_SENT) > 0, "the learner NAKed lost replies: " + seen);
                assertTrue(counters.value("a1", NAK_MESSAGES_SENT) + counters.value("a2", NAK_MESSAGES_SENT) > 0,
                    "the actors NAKed lost weight fragments: " + seen);
                assertTrue(counters.value("a1", RETRANSMITS_SENT) + counters.value("a2", RETRANSMITS_SENT) > 0,
                    "the actors retransmitted transitions: " + seen);
                assertTrue(counters.value("learner", RETRANSMITS_SENT) > 0, "the learner retransmitted: " + seen);
                assertTrue(counters.value("replay", RETRANSMITS_SENT) > 0, "the shard retransmitted replies: "
                    + seen);
                System.out.printf(Locale.ROOT, "data-plane loss (%s data, %s control at every receiver): %d steps in "
                    + "%.1f s; shard: %s inserted %s, 0 gaps, 0 rejected; %sin-flight window %d; driver counters: %s%n",
                    DATA_LOSS, CONTROL_LOSS, STEPS, seconds, shard.group(2), inserted, figures, window, seen);
            }
        }
    }
}
