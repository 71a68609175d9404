package org.strider.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strider.learner.checkpoint.Checkpoint;
import org.strider.learner.cluster.ResumePoint;
import org.strider.learner.cluster.RunMonitor;
import org.strider.learner.td3.Td3Metrics;
import org.strider.learner.td3.Td3Config;
import org.strider.learner.td3.Td3Presets;

/**
 * Stopping a run early the way Ctrl-C does: {@link LocalSession#interruptAndAwait} (what the shutdown hook calls)
 * from another thread, and for real, SIGINT to a child JVM running {@code strider local}.
 */
class LocalSessionTest {
    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void kill() {
        processes.forEach(Process::destroyForcibly);
    }

    private static Td3Config small() {
        return Td3Presets.forEnv("Pendulum-v1").toBuilder().hidden(32, 32).batchSize(32).warmupSteps(300)
            .capacity(20_000).build();
    }

    private static void await(final String what, final Duration timeout, final java.util.function.BooleanSupplier ok)
        throws InterruptedException {
        final long end = System.nanoTime() + timeout.toNanos();
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void shouldWriteTheCheckpointCsvsAndAnInterruptedSummaryWhenInterrupted() throws Exception {
        final Path out = dir.resolve("run");
        final RunPlan plan = new RunPlan("Pendulum-v1", small(), 5, 1, 2, 1, 1_000_000, 1.0, 16, 2, 0, 2);
        // No evaluation by env steps: only every 2 finished episodes (the actors' reports) and at the end.
        final OutputSettings settings = new OutputSettings(400, 2, Duration.ofSeconds(60), false);
        final AtomicBoolean hookDone = new AtomicBoolean();
        try (LocalSession session = LocalSession.start(plan, out, settings, null)) {
            await("updates", Duration.ofSeconds(60), () -> session.files().updates() > 250);
            await("an evaluation after 2 episodes", Duration.ofSeconds(30), () -> session.files().lastEvalRow() != null);
            await("a periodic latest.ckpt", Duration.ofSeconds(30),
                () -> Files.exists(out.resolve("checkpoints/latest.ckpt")));
            final Thread hook = new Thread(() -> hookDone.set(session.interruptAndAwait(Duration.ofSeconds(60))));
            hook.start();
            assertTrue(session.awaitFinished(Duration.ofSeconds(30)), "the learner stops when interrupted");
            assertTrue(hook.isAlive() || !hookDone.get(), "the hook waits for the files, not just the learner");
            final RunSummary summary = session.finish();
            hook.join(10_000);
            assertTrue(hookDone.get(), "the hook returned once the files were written");
            assertEquals("interrupted", summary.finishReason());
            final Checkpoint.Info latest = Checkpoint.inspect(out.resolve("checkpoints/latest.ckpt"));
            assertEquals(summary.envSteps(), latest.envSteps());
            assertTrue(latest.updates() > 250, "latest.ckpt holds the state at the stop: " + latest.updates());
            assertTrue(Files.readString(out.resolve("summary.json")).contains("\"finish_reason\": \"interrupted\""));
            assertTrue(Files.readAllLines(out.resolve("learner.csv")).size() >= 3, "learner.csv flushed");
            assertTrue(Files.exists(out.resolve("losses.png")), "plots drawn at the end");
            assertTrue(Files.readAllLines(out.resolve("eval.csv")).size() >= 3,
                "an evaluation on episodes and one at the end");
            assertEquals(summary.envSteps(), summary.lastEval().step(), "the final evaluation at the stop");
            assertTrue(Files.exists(out.resolve("checkpoints/best.ckpt")));
        }

        // Resumed from that latest.ckpt, the actors refill the empty shard acting with the restored actor: it has
        // weights before the learner's first update (a fresh run's actors act at random until then).
        final ResumePoint from = RunOutputs.resumePoint(out, plan);
        final AtomicReference<LocalRun> handle = new AtomicReference<>();
        final AtomicLong versionAtFirstUpdate = new AtomicLong(-1);
        final AtomicLong stepsAtFirstUpdate = new AtomicLong(-1);
        final RunMonitor monitor = new RunMonitor() {
            @Override
            public void onUpdate(final Td3Metrics m, final long envSteps) {
                if (stepsAtFirstUpdate.compareAndSet(-1, envSteps)) {
                    versionAtFirstUpdate.set(handle.get().actorStats(0).policyVersion());
                }
            }
        };
        final long resumedAt = from.state().envSteps();
        try (LocalRun resumed = LocalRun.resume(plan, from, monitor, null, settings, null)) {
            handle.set(resumed);
            await("the first update after resuming", Duration.ofSeconds(60), () -> stepsAtFirstUpdate.get() >= 0);
        }
        assertTrue(versionAtFirstUpdate.get() > 0, "the actor held the restored weights before the first update");
        assertTrue(stepsAtFirstUpdate.get() > resumedAt, "env steps count on from the checkpoint's "
            + resumedAt + ": " + stepsAtFirstUpdate.get());
    }

    @Test
    void shouldFinishTheRunFilesWhenAChildJvmGetsSigint() throws Exception {
        final Path out = dir.resolve("run");
        final List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Djava.awt.headless=true",
            "-Xmx512m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
            "org.strider.cli.StriderCli", "local", "--env", "Pendulum-v1", "--steps", "1000000", "--eval-every", "0",
            "--set", "replay.warmup_steps=300", "--set", "networks.actor_hidden=32,32", "--set",
            "networks.critic_hidden=32,32", "--set", "replay.batch_size=32", "--no-best-gif", "--out",
            out.toString()));
        final Path log = dir.resolve("local.log");
        final ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        final Process p = pb.start();
        processes.add(p);
        await("the first learner.csv row", Duration.ofSeconds(60), () -> lines(out.resolve("learner.csv")) >= 2);
        final Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the JVM exits after Ctrl-C:\n" + Files.readString(log));
        final String summary = Files.readString(out.resolve("summary.json"));
        assertTrue(summary.contains("\"finish_reason\": \"interrupted\""), summary);
        final Checkpoint.Info latest = Checkpoint.inspect(out.resolve("checkpoints/latest.ckpt"));
        assertTrue(latest.updates() >= 100, "latest.ckpt written at the stop: " + latest);
        assertTrue(summary.contains("\"updates\": " + latest.updates()), summary + " vs " + latest);
        assertTrue(Files.exists(out.resolve("returns.png")) && Files.exists(out.resolve("losses.png")),
            Files.readString(log));
    }

    private static int lines(final Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (final IOException e) {
            return 0;
        }
    }
}
