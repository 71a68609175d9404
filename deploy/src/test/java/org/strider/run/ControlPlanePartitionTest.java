package org.strider.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, "a partition of the control plane": learner, one replay shard and two actors as separate JVMs on loopback;
 * mid-run, actor a2's Pekko remoting is cut off from the three other nodes in both directions (Artery's test-mode
 * blackhole, {@link PartitionableNode}) while every process keeps running and the data plane stays up. The cluster
 * downs with Pekko's split-brain resolver as {@code ClusterConfig} sets it: the default strategy keep-majority,
 * {@code stable-after = 5s} (down-all-when-unstable then 4 s); Pekko's default failure detector (heartbeat every 1 s,
 * acceptable pause 3 s, threshold 8) decides unreachability. Nothing is shortened for the test.
 *
 * <p>What must hold: each side decides alone and they agree. The majority (3 of 4) downs a2 and only a2; the
 * coordinator removes the actor and the run goes on to its steps with a1 alone (the removal comes before the run's
 * end); a2's own resolver downs a2 ("including myself"), its actor system shuts down and the process ends by itself
 * with exit code {@value #DOWNED_EXIT} (a downed node ends like a node told to stop: {@code strider actor} prints its
 * final counters and returns 0). The majority's nodes all end with exit 0, the shard saw no sequence gap and rejected
 * nothing, and each actor's published transitions reconcile with the shard's inserts as in {@link ActorKillTest}.
 * Resolution times are printed: partition to the coordinator's removal, and to a2's exit; both are bounded by
 * failure detection (about 3-5 s) + stable-after (5 s) + a gossip round or two.
 */
@Tag("failures")
class ControlPlanePartitionTest {
    /** The exit code of a node downed by the split-brain resolver (what {@code strider actor} returns today). */
    static final int DOWNED_EXIT = 0;
    private static final Pattern FINISHED = Pattern.compile("learner finished \\(reached (\\d+) env steps\\)");
    private static final Pattern RUN_OVER = Pattern.compile("run finished: reached");
    private static final int STEPS = 5000;
    private static final int ROWS_PER_FRAME = 16;

    @TempDir
    Path dir;

    @Test
    void shouldDownTheMinorityAndFinishTheRunWhenAnActorIsPartitionedFromTheCluster() throws Exception {
        try (NodeProcesses nodes = new NodeProcesses(dir, "control-plane-partition")) {
            final int learnerPort = NodeProcesses.freePort();
            final int replayPort = NodeProcesses.freePort();
            final int a1Port = NodeProcesses.freePort();
            final int a2Port = NodeProcesses.freePort();
            final String seed = "127.0.0.1:" + learnerPort;
            nodes.start("learner", "learner", "--bind", seed, "--data", "127.0.0.1:" + NodeProcesses.freePort(),
                "--env", "Pendulum-v1", "--steps", Integer.toString(STEPS), "--eval-every", Integer.toString(STEPS),
                "--eval-episodes", "1", "--seed", "17", "--rows-per-frame", Integer.toString(ROWS_PER_FRAME),
                "--updates-per-step", "2", "--set", "replay.warmup_steps=400", "--set", "networks.actor_hidden=16,16",
                "--set", "networks.critic_hidden=16,16", "--set", "replay.batch_size=16",
                "--out", dir.resolve("run").toString());
            nodes.start("replay", "replay", "--bind", "127.0.0.1:" + replayPort, "--seed-nodes", seed, "--data",
                "127.0.0.1:" + NodeProcesses.freePort());
            nodes.start("a1", "actor", "--bind", "127.0.0.1:" + a1Port, "--seed-nodes", seed, "--data",
                "127.0.0.1:0", "--name", "a1");
            final Process a2 = nodes.startJvm("a2", List.of(), PartitionableNode.class.getName(), "actor", "--bind",
                "127.0.0.1:" + a2Port, "--seed-nodes", seed, "--data", "127.0.0.1:0", "--name", "a2");
            nodes.await("learner", Pattern.compile("actor node a1 joined"), 90_000);
            nodes.await("learner", Pattern.compile("actor node a2 joined"), 90_000);
            nodes.await("learner", Pattern.compile("replay node replay joined"), 90_000);
            final int cut = nodes.actorId("a2");
            Thread.sleep(3_000); // both actors inserting, the learner updating

            final long partitionedAt = System.nanoTime();
            final OutputStream commands = a2.getOutputStream();
            for (final int peer : new int[] {learnerPort, replayPort, a1Port}) {
                commands.write(("blackhole 127.0.0.1:" + peer + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            commands.flush();
            for (final int peer : new int[] {learnerPort, replayPort, a1Port}) {
                nodes.await("a2", Pattern.compile("partition: blackhole 127\\.0\\.0\\.1:" + peer + " done \\(true\\)"),
                    10_000);
            }

            final Matcher left = nodes.await("learner", Pattern.compile("actor " + cut + " left \\("), 60_000);
            final double removedAfterS = (System.nanoTime() - partitionedAt) / 1e9;
            assertTrue(a2.waitFor(60, TimeUnit.SECONDS), "the partitioned actor did not end by itself:" + nodes.logs());
            final double endedAfterS = (System.nanoTime() - partitionedAt) / 1e9;
            assertEquals(DOWNED_EXIT, a2.exitValue(), "exit code of the downed node:" + nodes.logs());

            final String a2Address = "pekko://strider@127.0.0.1:" + a2Port;
            // The majority's resolver downed a2, and nothing but a2.
            final Matcher majority = Pattern.compile("SBR took decision (\\w+) and is downing \\[([^\\]]*)\\]")
                .matcher(nodes.log("learner"));
            assertTrue(majority.find(), "the learner's SBR decision:" + nodes.logs());
            assertEquals("DownUnreachable", majority.group(1), majority.group());
            assertEquals(a2Address, majority.group(2), majority.group());
            // a2's resolver, alone on its side, downed a2 itself.
            final Matcher minority = Pattern.compile("SBR took decision (\\w+) and is downing \\[([^\\]]*)\\] "
                + "including myself").matcher(nodes.log("a2"));
            assertTrue(minority.find(), "a2's SBR decision:" + nodes.logs());
            assertEquals("DownReachable", minority.group(1), minority.group());
            assertEquals(a2Address, minority.group(2), minority.group());

            final Matcher finished = nodes.await("learner", FINISHED, 120_000);
            assertEquals(STEPS, Integer.parseInt(finished.group(1)));
            final Matcher over = RUN_OVER.matcher(nodes.log("learner"));
            assertTrue(over.find() && left.start() < over.start(), "a2 was removed while the run went on:"
                + nodes.logs());
            nodes.assertExitsCleanly("learner", 60);
            for (final String node : new String[] {"replay", "a1"}) {
                nodes.assertExitsCleanly(node, 60);
            }
            for (final String node : new String[] {"learner", "replay", "a1"}) {
                assertFalse(nodes.log(node).contains("including myself"), node + " downed itself:" + nodes.logs());
            }

            final Matcher shard = nodes.shardClosed("replay");
            final Map<Integer, Long> inserted = NodeProcesses.byActor(shard.group(3));
            assertEquals(0, Long.parseLong(shard.group(4)), "sequence gaps: " + shard.group());
            assertEquals(0, Long.parseLong(shard.group(5)), "frames rejected: " + shard.group());
            final long window = NodeProcesses.inFlightBound(ROWS_PER_FRAME, 1);
            final StringBuilder figures = new StringBuilder();
            for (final String node : new String[] {"a1", "a2"}) {
                final long[] counts = nodes.actorLine(node);
                final long in = inserted.getOrDefault(nodes.actorId(node), 0L);
                assertEquals(counts[0], counts[1] + counts[2], node + ": produced = published + dropped");
                assertTrue(in > 0, node + " contributed: " + in + " inserted");
                assertTrue(counts[1] - in >= 0 && counts[1] - in <= window, node + ": published " + counts[1]
                    + ", inserted " + in + ", window " + window);
                figures.append(String.format(Locale.ROOT, "%s: produced %d, published %d, inserted %d; ", node,
                    counts[0], counts[1], in));
            }
            System.out.printf(Locale.ROOT, "control-plane partition: a2 (actor %d) cut off; removed by the majority "
                    + "%.1f s after the cut, its process ended (exit %d) at %.1f s; %sshard inserted %s, window %d%n",
                cut, removedAfterS, a2.exitValue(), endedAfterS, figures, shard.group(2), window);
        }
    }
}
