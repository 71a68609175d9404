package org.strider.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster bootstrap path of k8s/ (Pekko Management + Cluster Bootstrap), minus the Kubernetes API lookup: a
 * learner, a replay and an actor JVM on loopback with {@code strider.cluster.discovery = config} in a run config
 * that lists their three management addresses (127.0.0.1, distinct ports) under
 * {@code pekko.discovery.config.services}. No {@code --seed-nodes}: the cluster forms through bootstrap, each node's
 * {@code /ready} answers 200 once it is Up (503 before: the learner alone cannot form the cluster, since all three
 * contact points are required), {@code /alive} answers 200 while it runs, and a short run trains to its end.
 */
class ClusterBootstrapProcessesTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

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
            "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
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
        return Files.exists(dir.resolve(name + ".log")) ? Files.readString(dir.resolve(name + ".log")) : "";
    }

    private String logs() throws IOException {
        return "--- learner\n" + log("learner") + "--- replay\n" + log("replay") + "--- actor\n" + log("actor");
    }

    /** The status of GET {@code path} on a management port, or -1 while nothing answers. */
    private static int status(final int port, final String path) throws InterruptedException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (final IOException e) {
            return -1;
        }
    }

    private static String body(final int port, final String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private int awaitStatus(final int port, final String path, final int want, final long seconds)
        throws InterruptedException, IOException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = status(port, path);
            if (last == want) {
                return last;
            }
            for (final Process p : processes) {
                assertTrue(p.isAlive() || p.exitValue() == 0, "a node died:\n" + logs());
            }
            Thread.sleep(250);
        }
        throw new AssertionError("GET :" + port + path + " answered " + last + ", not " + want + " within " + seconds
            + " s\n" + logs());
    }

    @Test
    void shouldFormTheClusterThroughBootstrapAndTurnReadyWhenDiscoveryIsConfig() throws Exception {
        final int learnerManagement = freePort();
        final int replayManagement = freePort();
        final int actorManagement = freePort();
        final Path conf = dir.resolve("run.conf");
        Files.writeString(conf, String.join("\n",
            "strider.run { env = Pendulum-v1, steps = 600, seed = 3, eval.every = 0 }",
            "strider.learner.replay { warmup_steps = 200, batch_size = 32 }",
            "strider.learner.networks { actor_hidden = [32, 32], critic_hidden = [32, 32] }",
            "strider.cluster {",
            "  discovery = config",
            "  service-name = bootstrap-test",
            "  required-contact-points = 3",
            "}",
            "pekko.discovery.config.services.bootstrap-test.endpoints = [",
            "  {host = \"127.0.0.1\", port = " + learnerManagement + "},",
            "  {host = \"127.0.0.1\", port = " + replayManagement + "},",
            "  {host = \"127.0.0.1\", port = " + actorManagement + "}",
            "]",
            "pekko.management.cluster.bootstrap.contact-point-discovery.stable-margin = 2s",
            ""));
        final Process learner = start("learner", "learner", "--config", conf.toString(), "--bind", "127.0.0.1:0",
            "--management", "127.0.0.1:" + learnerManagement, "--data", "127.0.0.1:" + freePort(), "--out",
            dir.resolve("run").toString());

        awaitStatus(learnerManagement, "/alive", 200, 60);
        assertNotEquals(200, status(learnerManagement, "/ready"), "the learner alone is not Up yet:\n" + logs());

        final Process replay = start("replay", "replay", "--config", conf.toString(), "--bind", "127.0.0.1:0",
            "--management", "127.0.0.1:" + replayManagement, "--data", "127.0.0.1:" + freePort());
        // The flag gives the same discovery as the file: both ways must work.
        final Process actor = start("actor", "actor", "--config", conf.toString(), "--discovery", "config", "--bind",
            "127.0.0.1:0", "--management", "127.0.0.1:" + actorManagement, "--data", "127.0.0.1:0");
        for (final int port : List.of(learnerManagement, replayManagement, actorManagement)) {
            awaitStatus(port, "/ready", 200, 90);
            assertEquals(200, status(port, "/alive"));
        }
        final String seeds = body(actorManagement, "/bootstrap/seed-nodes");
        for (final String role : List.of("learner", "replay", "actor")) {
            assertTrue(seeds.contains("\"" + role + "\""), "bootstrap's contact point lists the " + role + ": " + seeds);
        }
        assertEquals(404, status(learnerManagement, "/cluster/members"), "the cluster HTTP routes are off");

        assertTrue(learner.waitFor(120, TimeUnit.SECONDS), "learner did not finish:\n" + logs());
        assertEquals(0, learner.exitValue(), logs());
        assertTrue(log("learner").contains("learner finished (reached 600 env steps)"), logs());
        for (final Process p : List.of(replay, actor)) {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "a node did not stop after the run:\n" + logs());
            assertEquals(0, p.exitValue(), logs());
        }
    }
}
