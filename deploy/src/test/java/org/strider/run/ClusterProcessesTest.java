package org.strider.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster as separate JVMs on loopback: {@code strider learner}, one {@code strider replay} and two
 * {@code strider actor} processes, real Pekko (Artery TCP) and real Aeron (UDP, MDC weights), a short Pendulum run
 * with small networks. Every process must end by itself when the run is over.
 */
class ClusterProcessesTest {
    private static final Pattern ACTOR_LINE = Pattern.compile(
        "(\\d+) transitions produced, (\\d+) published, (\\d+) dropped, (\\d+) episodes, last policy version (\\d+)");

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void kill() {
        processes.forEach(Process::destroyForcibly);
    }

    private Process start(final String name, final String... args) throws IOException {
        final List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Djava.awt.headless=true",
            "-Xmx512m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
            "org.strider.cli.StriderCli"));
        cmd.addAll(List.of(args));
        final ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        final Process p = pb.start();
        processes.add(p);
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private String log(final String name) throws IOException {
        return Files.readString(dir.resolve(name + ".log"));
    }

    @Test
    void shouldTrainWithLearnerReplayAndTwoActorsInSeparateJvms() throws Exception {
        final int pekko = freePort();
        final int learnerData = freePort();
        final int replayData = freePort();
        final String seed = "127.0.0.1:" + pekko;
        final Process learner = start("learner", "learner", "--bind", seed, "--data", "127.0.0.1:" + learnerData,
            "--env", "Pendulum-v1", "--steps", "1500", "--eval-every", "1000", "--eval-episodes", "2",
            "--set", "replay.warmup_steps=400", "--set", "networks.actor_hidden=32,32",
            "--set", "networks.critic_hidden=32,32", "--set", "replay.batch_size=32", "--out",
            dir.resolve("run").toString());
        final Process replay = start("replay", "replay", "--bind", "127.0.0.1:0", "--seed-nodes", seed, "--data",
            "127.0.0.1:" + replayData);
        final Process a1 = start("a1", "actor", "--bind", "127.0.0.1:0", "--seed-nodes", seed, "--data",
            "127.0.0.1:0", "--name", "a1");
        final Process a2 = start("a2", "actor", "--bind", "127.0.0.1:0", "--seed-nodes", seed, "--data",
            "127.0.0.1:0", "--name", "a2");

        assertTrue(learner.waitFor(240, TimeUnit.SECONDS), "learner did not finish:\n" + log("learner"));
        assertEquals(0, learner.exitValue(), log("learner"));
        assertTrue(log("learner").contains("learner finished (reached 1500 env steps)"), log("learner"));
        for (final Process p : List.of(replay, a1, a2)) {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "a node did not stop after the run:\n" + log("replay")
                + log("a1") + log("a2"));
            assertEquals(0, p.exitValue());
        }
        assertTrue(log("replay").contains("replay node replay stopped"), log("replay"));
        long produced = 0;
        for (final String actor : List.of("a1", "a2")) {
            final Matcher m = ACTOR_LINE.matcher(log(actor));
            assertTrue(m.find(), log(actor));
            produced += Long.parseLong(m.group(1));
            assertEquals(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)) + Long.parseLong(m.group(3)),
                actor + ": produced = published + dropped");
            assertTrue(Long.parseLong(m.group(5)) > 0, actor + " got weights over UDP multi-destination-cast");
        }
        assertTrue(produced >= 1500, "the actors produced the run's steps: " + produced);
        final List<String> evals = Files.readAllLines(dir.resolve("run/eval.csv"));
        assertTrue(evals.size() >= 2, "an evaluation row: " + evals);
        assertTrue(Files.size(dir.resolve("run/returns.png")) > 1000);
        assertTrue(new File(dir.toFile(), "run/episodes.csv").length() > 40);
        assertTrue(Files.readAllLines(dir.resolve("run/learner.csv")).size() > 1, "learner.csv rows");
        assertTrue(Files.readString(dir.resolve("run/summary.json")).contains(
            "\"finish_reason\": \"reached 1500 env steps\""), "the learner writes summary.json too");
        assertTrue(Files.exists(dir.resolve("run/checkpoints/best.ckpt")) && Files.exists(dir.resolve(
            "run/losses.png")));
    }
}
