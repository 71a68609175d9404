package org.strider.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, "a replay shard dies": learner, two replay shards and two actors (one feeding each shard) as separate JVMs
 * on loopback; the process of shard 1 is killed with SIGKILL mid-run. The coordinator must remove the shard (failure
 * detector, then the split-brain resolver's {@code stable-after}), the learner must go on sampling shard 0 alone,
 * the actor that fed shard 1 must be re-routed to shard 0, and a replay process started afterwards with the dead
 * one's name and snapshot directory must rejoin as shard 1, reload the snapshot the dead one wrote (every 0.5 s),
 * be fed and be sampled again. The run reaches its step count (a removed shard's inserts still
 * count), both surviving shards' limiters kept Reverb's bounds, and every node left stops by itself with exit 0.
 */
@Tag("failures")
class ShardKillTest {
    private static final Pattern FINISHED = Pattern.compile("learner finished \\(reached (\\d+) env steps\\)");
    private static final int STEPS = 7000;

    @TempDir
    Path dir;

    @Test
    void shouldKeepSamplingTheOtherShardAndTakeARestartedShardBackWhenAShardIsKilled() throws Exception {
        try (NodeProcesses nodes = new NodeProcesses(dir, "shard-kill")) {
            final String seed = "127.0.0.1:" + NodeProcesses.freePort();
            nodes.start("learner", "learner", "--bind", seed, "--data", "127.0.0.1:" + NodeProcesses.freePort(),
                "--env", "Pendulum-v1", "--steps", Integer.toString(STEPS), "--eval-every", Integer.toString(STEPS),
                "--eval-episodes", "1", "--seed", "11", "--rows-per-frame", "16", "--updates-per-step", "4",
                "--set", "replay.warmup_steps=400", "--set", "networks.actor_hidden=16,16",
                "--set", "networks.critic_hidden=16,16", "--set", "replay.batch_size=16",
                "--out", dir.resolve("run").toString(), "--metrics", "127.0.0.1:0");
            final int dataA = NodeProcesses.freePort();
            final int dataB = NodeProcesses.freePort();
            nodes.start("rA", "replay", "--bind", "127.0.0.1:0", "--seed-nodes", seed, "--data", "127.0.0.1:" + dataA,
                "--name", "rA", "--metrics", "127.0.0.1:0");
            nodes.await("learner", Pattern.compile("replay node rA joined as shard 0"), 90_000);
            final String snapshots = dir.resolve("snapshots").toString();
            nodes.start("rB", "replay", "--bind", "127.0.0.1:0", "--seed-nodes", seed, "--data", "127.0.0.1:" + dataB,
                "--name", "rB", "--metrics", "127.0.0.1:0", "--snapshot-dir", snapshots, "--snapshot-every", "0.5");
            nodes.await("learner", Pattern.compile("replay node rB joined as shard 1"), 90_000);
            nodes.start("a1", "actor", "--bind", "127.0.0.1:0", "--seed-nodes", seed, "--data", "127.0.0.1:0",
                "--name", "a1", "--metrics", "127.0.0.1:0");
            nodes.start("a2", "actor", "--bind", "127.0.0.1:0", "--seed-nodes", seed, "--data", "127.0.0.1:0",
                "--name", "a2", "--metrics", "127.0.0.1:0");
            nodes.await("learner", Pattern.compile("actor node a1 joined"), 90_000);
            nodes.await("learner", Pattern.compile("actor node a2 joined"), 90_000);
            Thread.sleep(3_000); // both shards fed and sampled for a while

            final long killedAt = System.nanoTime();
            nodes.process("rB").destroyForcibly(); // SIGKILL
            nodes.await("learner", Pattern.compile("shard 1 left \\(1 shards\\)"), 60_000);
            final double removedAfterS = (System.nanoTime() - killedAt) / 1e9;
            // A restarted pod: same data port and name, a new Pekko address; it takes the lowest free shard id, 1,
            // again, and reloads the shard's last snapshot.
            nodes.start("rB2", "replay", "--bind", "127.0.0.1:0", "--seed-nodes", seed, "--data",
                "127.0.0.1:" + dataB, "--name", "rB", "--metrics", "127.0.0.1:0", "--snapshot-dir", snapshots,
                "--snapshot-every", "0.5");
            nodes.await("learner", Pattern.compile("replay node rB joined as shard 1 \\(2 shards\\)"), 60_000);
            final Matcher reloaded = nodes.await("rB2", Pattern.compile("replay shard 1 restored (\\d+) transitions "
                + "\\((\\d+) inserted before\\) from \\S+rB\\.snap"), 30_000);
            assertTrue(Integer.parseInt(reloaded.group(1)) > 0, "the snapshot held the dead shard's rows: "
                + reloaded.group());
            final double rejoinedAfterS = (System.nanoTime() - killedAt) / 1e9;

            final Matcher finished = nodes.await("learner", FINISHED, 100_000);
            assertEquals(STEPS, Integer.parseInt(finished.group(1)));
            nodes.assertExitsCleanly("learner", 60);
            for (final String node : new String[] {"rA", "rB2", "a1", "a2"}) {
                nodes.assertExitsCleanly(node, 60);
            }

            final Matcher survivor = nodes.shardClosed("rA");
            final Matcher restarted = nodes.shardClosed("rB2");
            assertEquals("0", survivor.group(1));
            assertEquals("1", restarted.group(1));
            long droppedRows = 0;
            for (final String node : new String[] {"a1", "a2"}) {
                droppedRows += nodes.actorLine(node)[2];
            }
            for (final Matcher shard : new Matcher[] {survivor, restarted}) {
                // A gap is a frame the shard never got from an actor it kept hearing from: only frames the actors
                // dropped (counted) may leave one; none may go missing on the way.
                assertTrue(Long.parseLong(shard.group(4)) <= droppedRows, "sequence gaps beyond the " + droppedRows
                    + " rows the actors dropped: " + shard.group());
                assertEquals(0, Long.parseLong(shard.group(5)), "frames rejected: " + shard.group());
            }
            final double survivorDiff = NodeProcesses.assertLimiterHeld("shard 0", survivor);
            final double restartedDiff = NodeProcesses.assertLimiterHeld("restarted shard 1", restarted);
            final Map<Integer, Long> intoSurvivor = NodeProcesses.byActor(survivor.group(3));
            final Map<Integer, Long> intoRestarted = NodeProcesses.byActor(restarted.group(3));
            // Actor 1 fed shard 1 (id mod shards); while shard 1 was gone it was re-routed to shard 0.
            final int rerouted = 1;
            assertTrue(intoSurvivor.getOrDefault(rerouted, 0L) > 0, "the actor of the dead shard was re-routed to "
                + "shard 0: " + survivor.group());
            assertTrue(Long.parseLong(restarted.group(2)) > Long.parseLong(reloaded.group(2)),
                "the restarted shard was fed beyond what it reloaded: " + restarted.group());
            final StringBuilder figures = new StringBuilder();
            for (final String node : new String[] {"a1", "a2"}) {
                final long[] counts = nodes.actorLine(node);
                assertEquals(counts[0], counts[1] + counts[2], node + ": produced = published + dropped");
                assertTrue(counts[4] > 0, node + " acted with the learner's weights");
                figures.append(String.format(Locale.ROOT, "%s (actor %d): produced %d, published %d, dropped %d; ",
                    node, nodes.actorId(node), counts[0], counts[1], counts[2]));
            }
            System.out.printf(Locale.ROOT, "shard kill: shard 1 removed %.1f s after SIGKILL, restarted shard joined "
                    + "at %.1f s reloading %s transitions; shard 0 inserted %s by actor %s, %s samples, limiter diff %.0f; restarted shard 1 "
                    + "inserted %s by actor %s, %s samples, limiter diff %.0f; %s%n", removedAfterS, rejoinedAfterS,
                reloaded.group(1), survivor.group(2), intoSurvivor, survivor.group(6), survivorDiff, restarted.group(2), intoRestarted,
                restarted.group(6), restartedDiff, figures);
        }
    }
}
