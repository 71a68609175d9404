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
 * Issue 9, "an actor node dies": learner, one replay shard and two actors as separate JVMs on loopback; one actor is
 * killed with SIGKILL mid-run and a replacement started. The coordinator must remove the dead actor (Pekko's failure
 * detector marks it unreachable, the split-brain resolver downs it after {@code stable-after}, the watch fires), the
 * run must reach its step count with the replacement contributing, and every node left must stop by itself.
 *
 * <p>Reconciliation. A SIGKILLed actor sends no final count, so what it produced and published at its death is
 * unknown; what is known: its last report to the coordinator ({@code N_r} produced, {@code P_r} published, at most a
 * report period old) and what the shard inserted from it ({@code I_k}, the shard counts per actor id). Aeron is
 * reliable, so published frames are lost only from the windows of the dead actor's stream (unsent in its log, or
 * received and not yet polled while the limiter held inserts back) or with the run's end for the survivors:
 * <ul>
 *   <li>survivors: {@code produced = published + dropped}, and {@code 0 <= published - inserted <= window};</li>
 *   <li>the dead actor: {@code I_k >= P_r - window} and {@code I_k > 0}; its counted loss is {@code N_r - I_k}
 *       (a lower bound: it also produced during its last report period) when positive;</li>
 *   <li>the shard: no sequence gaps (no frame lost in the middle of a stream), no frame rejected, and its inserts are
 *       the sum of its per-actor counts.</li>
 * </ul>
 */
@Tag("failures")
class ActorKillTest {
    private static final Pattern ACTOR_LEFT = Pattern.compile("actor (\\d+) left \\((\\d+) actors\\); its last "
        + "report: (\\d+) produced, (\\d+) published, (\\d+) dropped");
    private static final Pattern FINISHED = Pattern.compile("learner finished \\(reached (\\d+) env steps\\)");
    private static final int STEPS = 6000;
    private static final int ROWS_PER_FRAME = 16;

    @TempDir
    Path dir;

    @Test
    void shouldFinishTheRunAndCountTheLossWhenAnActorIsKilledAndReplaced() throws Exception {
        try (NodeProcesses nodes = new NodeProcesses(dir, "actor-kill")) {
            final String seed = "127.0.0.1:" + NodeProcesses.freePort();
            nodes.start("learner", "learner", "--bind", seed, "--data", "127.0.0.1:" + NodeProcesses.freePort(),
                "--env", "Pendulum-v1", "--steps", Integer.toString(STEPS), "--eval-every", Integer.toString(STEPS), "--eval-episodes", "1", "--seed", "9",
                "--rows-per-frame", Integer.toString(ROWS_PER_FRAME), "--updates-per-step", "4",
                "--set", "replay.warmup_steps=400", "--set", "networks.actor_hidden=16,16",
                "--set", "networks.critic_hidden=16,16", "--set", "replay.batch_size=16",
                "--out", dir.resolve("run").toString());
            nodes.start("replay", "replay", "--bind", "127.0.0.1:0", "--seed-nodes", seed, "--data",
                "127.0.0.1:" + NodeProcesses.freePort());
            nodes.start("a1", "actor", "--bind", "127.0.0.1:0", "--seed-nodes", seed, "--data", "127.0.0.1:0",
                "--name", "a1");
            nodes.start("a2", "actor", "--bind", "127.0.0.1:0", "--seed-nodes", seed, "--data", "127.0.0.1:0",
                "--name", "a2");
            nodes.await("learner", Pattern.compile("actor node a1 joined"), 90_000);
            nodes.await("learner", Pattern.compile("actor node a2 joined"), 90_000);
            final int killed = nodes.actorId("a1");
            Thread.sleep(3_000); // a few report periods of both actors inserting

            final long killedAt = System.nanoTime();
            nodes.process("a1").destroyForcibly(); // SIGKILL
            nodes.start("a3", "actor", "--bind", "127.0.0.1:0", "--seed-nodes", seed, "--data", "127.0.0.1:0",
                "--name", "a3");
            final Matcher left = nodes.await("learner", Pattern.compile("actor " + killed + " left \\("), 60_000);
            final double removedAfterS = (System.nanoTime() - killedAt) / 1e9;
            final Matcher last = ACTOR_LEFT.matcher(nodes.log("learner"));
            assertTrue(last.find(left.start()), nodes.logs());
            final long reportedProduced = Long.parseLong(last.group(3));
            final long reportedPublished = Long.parseLong(last.group(4));
            assertTrue(reportedPublished > 0, "the killed actor had reported published transitions:" + nodes.logs());

            nodes.await("learner", FINISHED, 120_000);
            nodes.assertExitsCleanly("learner", 60);
            for (final String node : new String[] {"replay", "a2", "a3"}) {
                nodes.assertExitsCleanly(node, 60);
            }

            final Matcher shard = nodes.shardClosed("replay");
            final Map<Integer, Long> inserted = NodeProcesses.byActor(shard.group(3));
            assertEquals(0, Long.parseLong(shard.group(4)), "sequence gaps:" + nodes.logs());
            assertEquals(0, Long.parseLong(shard.group(5)), "frames rejected:" + nodes.logs());
            assertEquals(Long.parseLong(shard.group(2)), inserted.values().stream().mapToLong(Long::longValue).sum());
            final long window = NodeProcesses.inFlightBound(ROWS_PER_FRAME, 1);
            final StringBuilder figures = new StringBuilder();
            for (final String node : new String[] {"a2", "a3"}) {
                final long[] counts = nodes.actorLine(node);
                final int id = nodes.actorId(node);
                final long in = inserted.getOrDefault(id, 0L);
                assertEquals(counts[0], counts[1] + counts[2], node + ": produced = published + dropped");
                assertTrue(in > 0, node + " contributed: " + in + " inserted");
                assertTrue(counts[1] - in >= 0 && counts[1] - in <= window, node + ": published " + counts[1]
                    + ", inserted " + in + ", window " + window);
                figures.append(String.format(Locale.ROOT, "%s (actor %d): produced %d, published %d, dropped %d, "
                    + "inserted %d; ", node, id, counts[0], counts[1], counts[2], in));
            }
            final long killedInserted = inserted.getOrDefault(killed, 0L);
            assertTrue(killedInserted > 0, "the killed actor's transitions before its death were inserted");
            assertTrue(killedInserted >= reportedPublished - window, "killed actor: inserted " + killedInserted
                + ", last reported published " + reportedPublished + ", window " + window);
            System.out.printf(Locale.ROOT, "actor kill: removed %.1f s after SIGKILL; killed actor %d last reported "
                    + "%d produced / %d published, shard inserted %d from it (counted loss >= %d); %swindow %d%n",
                removedAfterS, killed, reportedProduced, reportedPublished, killedInserted,
                Math.max(0, reportedProduced - killedInserted), figures, window);
        }
    }
}
