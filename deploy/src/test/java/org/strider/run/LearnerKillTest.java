package org.strider.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, "the learner dies": learner, one replay shard and two actors as separate JVMs on loopback; the learner is
 * killed with SIGKILL mid-run and a new learner process started with {@code --resume RUN_DIR}, joining the surviving
 * shard and actors through the shard's Pekko address ({@code --seed-nodes}) and taking the same {@code --data}
 * address (the shard replies there, the actors' weight subscription listens to it). The survivors must run on
 * through the outage (the split-brain resolver downs the learner, not them), join the new coordinator under their
 * old ids, and the run must end at its configured step count with every node stopping by itself.
 *
 * <p>What is checked:
 * <ul>
 *   <li>counters: the new learner resumes at the env steps and updates of {@code checkpoints/latest.ckpt} (not 0),
 *       and ends with more updates; {@code summary.json} says where it resumed;</li>
 *   <li>env steps reconcile with the shard, which outlived the learner: its inserts up to the checkpoint are in the
 *       checkpoint's env steps ({@code latest.shards} marks them), so the learner finishes when the shard has
 *       inserted the configured steps in all (not earlier, as it would counting the shard's inserts twice), and the
 *       shard inserts at most one limiter window past that;</li>
 *   <li>weights: each actor rejoins holding the last version of the dead learner and ends with a higher one (the new
 *       learner numbers its versions above what the actors hold);</li>
 *   <li>no loss in the outage: the actors' frames waited on back-pressure and went into the shard afterwards (no
 *       sequence gap, no rejected frame, published - inserted within the end-of-run window per actor).</li>
 * </ul>
 */
@Tag("failures")
@DisabledIfEnvironmentVariable(named = "CI", matches = "true", disabledReason = "flaky under CI load (2 of 3 "
    + "clean-clone CI runs, 0 of 5 standalone runs failed): the resumed learner can wait forever for its first sample "
    + "when the shard's reply lands before the new learner's Aeron image joins its session; run it locally with "
    + "./mvnw -pl deploy -am test -Dtest=LearnerKillTest until the reply stream is reopened per coordinator")
class LearnerKillTest {
    private static final Pattern FINISHED = Pattern.compile("learner finished \\(reached (\\d+) env steps\\)");
    private static final Pattern RESUMED = Pattern.compile("learner resumes from its checkpoint at (\\d+) env steps "
        + "and (\\d+) updates \\((\\d+) shard marks\\)");
    private static final Pattern SHARD_SERVES_AGAIN = Pattern.compile("replay node r serves shard 0 for the run's new "
        + "coordinator \\((\\d+) inserted so far\\)");
    private static final Pattern MARKS = Pattern.compile("env_steps (\\d+)\\n(?:next_actor \\d+\\n)?shard 0 (\\d+) ");
    private static final Pattern SUMMARY_FIELD = Pattern.compile("\"(env_steps|updates|resumed_from_step)\"\\s*:\\s*"
        + "(\\d+)");
    private static final int STEPS = 7000;
    private static final int ROWS_PER_FRAME = 16;
    private static final int CHECKPOINT_EVERY = 1000;

    @TempDir
    Path dir;

    @Test
    void shouldResumeFromTheCheckpointAndFinishTheRunWithTheSurvivorsWhenTheLearnerIsKilled() throws Exception {
        try (NodeProcesses nodes = new NodeProcesses(dir, "learner-kill")) {
            final Path run = dir.resolve("run");
            final String learnerSeed = "127.0.0.1:" + NodeProcesses.freePort();
            final String replaySeed = "127.0.0.1:" + NodeProcesses.freePort();
            final String learnerData = "127.0.0.1:" + NodeProcesses.freePort();
            nodes.start("learner", "learner", "--bind", learnerSeed, "--data", learnerData,
                "--env", "Pendulum-v1", "--steps", Integer.toString(STEPS), "--eval-every", Integer.toString(STEPS),
                "--eval-episodes", "1", "--seed", "13", "--rows-per-frame", Integer.toString(ROWS_PER_FRAME),
                "--updates-per-step", "2", "--checkpoint-every", Integer.toString(CHECKPOINT_EVERY),
                "--set", "replay.warmup_steps=400", "--set", "networks.actor_hidden=16,16",
                "--set", "networks.critic_hidden=16,16", "--set", "replay.batch_size=16", "--out", run.toString());
            nodes.start("r", "replay", "--bind", replaySeed, "--seed-nodes", learnerSeed, "--data",
                "127.0.0.1:" + NodeProcesses.freePort(), "--name", "r");
            nodes.start("a1", "actor", "--bind", "127.0.0.1:0", "--seed-nodes", learnerSeed, "--data", "127.0.0.1:0",
                "--name", "a1");
            nodes.start("a2", "actor", "--bind", "127.0.0.1:0", "--seed-nodes", learnerSeed, "--data", "127.0.0.1:0",
                "--name", "a2");
            nodes.await("learner", Pattern.compile("replay node r joined as shard 0"), 90_000);
            nodes.await("learner", Pattern.compile("actor node a1 joined"), 90_000);
            nodes.await("learner", Pattern.compile("actor node a2 joined"), 90_000);
            final int a1 = nodes.actorId("a1");
            final int a2 = nodes.actorId("a2");
            // Kill between two checkpoints, so that the shard holds inserts the checkpoint does not count.
            awaitCheckpoint(run, 2 * CHECKPOINT_EVERY, nodes);
            Thread.sleep(1_000);

            final long killedAt = System.nanoTime();
            nodes.process("learner").destroyForcibly(); // SIGKILL
            assertTrue(nodes.process("learner").waitFor(10, TimeUnit.SECONDS));
            final Matcher marks = MARKS.matcher(Files.readString(run.resolve("checkpoints/latest.shards")));
            assertTrue(marks.find(), "latest.shards marks shard 0");
            final long checkpointSteps = Long.parseLong(marks.group(1));
            final long shardAtCheckpoint = Long.parseLong(marks.group(2));
            // One shard since the start: the checkpoint's env steps are exactly its inserts then.
            assertEquals(checkpointSteps, shardAtCheckpoint, "checkpoint env steps vs the shard's inserts then");

            // A restarted pod: a new Pekko address, the same data address; it finds the cluster through the shard.
            nodes.start("learner2", "learner", "--resume", run.toString(), "--bind",
                "127.0.0.1:" + NodeProcesses.freePort(), "--seed-nodes", replaySeed, "--data", learnerData);
            final Matcher resumed = nodes.await("learner2", RESUMED, 90_000);
            assertEquals(checkpointSteps, Long.parseLong(resumed.group(1)), "resumed env steps");
            final long resumedUpdates = Long.parseLong(resumed.group(2));
            assertTrue(resumedUpdates > 0, "the checkpoint holds updates: " + resumed.group());
            assertEquals("1", resumed.group(3), "one shard marked");
            nodes.await("learner2", Pattern.compile("replay node r rejoined as shard 0"), 90_000);
            final Matcher held1 = nodes.await("learner2", heldVersion("a1", a1), 90_000);
            final Matcher held2 = nodes.await("learner2", heldVersion("a2", a2), 90_000);
            final double outageS = (System.nanoTime() - killedAt) / 1e9;
            for (final String node : new String[] {"r", "a1", "a2"}) {
                assertTrue(nodes.process(node).isAlive(), node + " ran through the outage:" + nodes.logs());
            }
            final long shardAtRejoin = Long.parseLong(nodes.await("r", SHARD_SERVES_AGAIN, 10_000).group(1));
            final long heldVersion1 = Long.parseLong(held1.group(1));
            final long heldVersion2 = Long.parseLong(held2.group(1));
            assertTrue(heldVersion1 > 0 && heldVersion2 > 0, "the actors held the dead learner's weights");

            final Matcher finished = nodes.await("learner2", FINISHED, 120_000);
            assertEquals(STEPS, Integer.parseInt(finished.group(1)));
            nodes.assertExitsCleanly("learner2", 60);
            for (final String node : new String[] {"r", "a1", "a2"}) {
                nodes.assertExitsCleanly(node, 60);
            }

            final Map<String, Long> summary = summary(run);
            assertEquals(checkpointSteps, summary.get("resumed_from_step"), "summary: resumed_from_step");
            assertTrue(summary.get("updates") > resumedUpdates, "updates go on from the checkpoint's " + resumedUpdates
                + ": " + summary);
            final long learnerSteps = summary.get("env_steps");
            assertTrue(learnerSteps >= STEPS, "the learner counted the configured steps: " + summary);

            final Matcher shard = nodes.shardClosed("r");
            final long inserted = Long.parseLong(shard.group(2));
            final Map<Integer, Long> byActor = NodeProcesses.byActor(shard.group(3));
            assertEquals(0, Long.parseLong(shard.group(4)), "sequence gaps:" + nodes.logs());
            assertEquals(0, Long.parseLong(shard.group(5)), "frames rejected:" + nodes.logs());
            assertEquals(inserted, byActor.values().stream().mapToLong(Long::longValue).sum());
            assertEquals(2, byActor.size(), "only the two actors' ids, kept across the restart: " + byActor);
            final double limiterDiff = NodeProcesses.assertLimiterHeld("shard 0", shard);
            // The learner stops sampling at STEPS; the limiter lets the shard take at most its error window more
            // (plus the frame that crossed it) before back-pressure stops the actors for good.
            final double spi = Double.parseDouble(shard.group(8));
            final long beyond = (long) Math.ceil((Double.parseDouble(shard.group(11)) - Double.parseDouble(
                shard.group(10))) / spi) + ROWS_PER_FRAME + 1;
            // Counting the shard's inserts up to the checkpoint twice, the learner would stop with the shard at
            // about STEPS - checkpointSteps.
            assertTrue(inserted >= STEPS && inserted >= learnerSteps && inserted <= learnerSteps + beyond,
                "the shard inserted " + inserted + " in all, the learner counted " + learnerSteps + " (window "
                    + beyond + "): each insert counted once");
            assertTrue(shardAtRejoin >= shardAtCheckpoint, "the shard kept its inserts through the outage: "
                + shardAtCheckpoint + " at the checkpoint, " + shardAtRejoin + " when it rejoined");

            final long window = NodeProcesses.inFlightBound(ROWS_PER_FRAME, 1);
            final StringBuilder figures = new StringBuilder();
            for (final String node : new String[] {"a1", "a2"}) {
                final long[] counts = nodes.actorLine(node);
                final int id = nodes.actorId(node);
                final long in = byActor.getOrDefault(id, 0L);
                final long held = node.equals("a1") ? heldVersion1 : heldVersion2;
                assertEquals(counts[0], counts[1] + counts[2], node + ": produced = published + dropped");
                assertTrue(counts[1] - in >= 0 && counts[1] - in <= window, node + ": published " + counts[1]
                    + ", inserted " + in + ", window " + window);
                assertTrue(counts[4] > held, node + " acted with the new learner's weights: last version "
                    + counts[4] + ", held " + held + " when it rejoined");
                figures.append(String.format(Locale.ROOT, "%s (actor %d): produced %d, published %d, dropped %d, "
                    + "inserted %d, version %d at rejoin -> %d at the end; ", node, id, counts[0], counts[1],
                    counts[2], in, held, counts[4]));
            }
            System.out.printf(Locale.ROOT, "learner kill: survivors readmitted %.1f s after SIGKILL; checkpoint at %d "
                    + "env steps / %d updates; shard inserted %d at the checkpoint, %d when it rejoined, %d in all "
                    + "(limiter diff %.0f); learner counted %d env steps, %d updates; %s%n", outageS, checkpointSteps,
                resumedUpdates, shardAtCheckpoint, shardAtRejoin, inserted, limiterDiff, learnerSteps,
                summary.get("updates"), figures);
        }
    }

    private static Pattern heldVersion(final String node, final int id) {
        return Pattern.compile("actor node " + node + " rejoined as actor " + id + " \\(\\d+ actors\\), holding "
            + "weights version (\\d+)");
    }

    /** Waits until {@code latest.shards} marks a checkpoint at {@code atLeast} env steps or more. */
    private static void awaitCheckpoint(final Path run, final long atLeast, final NodeProcesses nodes)
        throws IOException, InterruptedException {
        final Path file = run.resolve("checkpoints/latest.shards");
        final long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                final Matcher m = MARKS.matcher(Files.readString(file));
                if (m.find() && Long.parseLong(m.group(1)) >= atLeast) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no checkpoint at " + atLeast + " env steps within 120 s:" + nodes.logs());
    }

    private static Map<String, Long> summary(final Path run) throws IOException {
        final String text = Files.readString(run.resolve(RunSummary.NAME));
        final Map<String, Long> fields = new TreeMap<>();
        final Matcher m = SUMMARY_FIELD.matcher(text);
        while (m.find()) {
            fields.putIfAbsent(m.group(1), Long.parseLong(m.group(2)));
        }
        assertEquals(3, fields.size(), "summary.json fields: " + text);
        return fields;
    }
}
