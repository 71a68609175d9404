package org.strider.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strider.learner.checkpoint.Checkpoint;

/** {@code strider local} through the CLI: a short real run and its files, and the usage errors. */
class LocalCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldTrainBrieflyAndWriteTheRunFiles() throws Exception {
        final Path out = dir.resolve("run");
        final StriderCliTest.Result r = StriderCliTest.run("local", "--env", "Pendulum-v1", "--steps", "1200",
            "--eval-every", "600", "--eval-episodes", "2", "--set", "replay.warmup_steps=300", "--set",
            "networks.actor_hidden=32,32", "--set", "networks.critic_hidden=32,32", "--set", "replay.batch_size=32",
            "--envs-per-actor", "2", "--out", out.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("done in") && r.out().contains(out.toString()), r::toString);
        assertTrue(r.err().contains("Pendulum-v1  step"), "progress lines on stderr: " + r);
        final List<String> returns = Files.readAllLines(out.resolve("returns.csv"));
        assertEquals("step,updates,eval_mean,eval_std,return_0,return_1", returns.get(0));
        assertTrue(returns.size() >= 3, "an evaluation at 600 and one at the end: " + returns);
        assertTrue(Files.readAllLines(out.resolve("episodes.csv")).size() > 1);
        assertTrue(Files.size(out.resolve("returns.png")) > 1000);
        final Checkpoint.Info info = Checkpoint.inspect(out.resolve("checkpoints/latest.ckpt"));
        assertEquals("Pendulum-v1", info.envId());
        assertTrue(info.updates() > 500, "the learner's state at the end: " + info.updates() + " updates");
        assertTrue(!info.hasReplay(), "the shards hold the replay, not the learner's checkpoint");

        // strider evaluate on the run it wrote: the learner's final actor on the fixed evaluation seeds.
        final Path gif = dir.resolve("eval.gif");
        final StriderCliTest.Result eval = StriderCliTest.run("evaluate", out.toString(), "--episodes", "2",
            "--render", gif.toString());
        assertEquals(0, eval.exitCode(), eval::toString);
        assertTrue(eval.out().contains("Pendulum-v1 from " + out.resolve("checkpoints/latest.ckpt")), eval::toString);
        assertTrue(eval.out().matches("(?s).*episodes 2  mean -?\\d+\\.\\d{2}.*"), eval::toString);
        assertTrue(Files.size(gif) > 1000, "the first evaluation episode drawn");

        // A damaged checkpoint is named, not half-loaded.
        final Path bad = dir.resolve("bad.ckpt");
        final byte[] bytes = Files.readAllBytes(out.resolve("checkpoints/latest.ckpt"));
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(bad, bytes);
        final StriderCliTest.Result corrupt = StriderCliTest.run("evaluate", bad.toString());
        assertEquals(1, corrupt.exitCode(), corrupt::toString);
        assertTrue(corrupt.err().contains(bad.toString()), corrupt::toString);
        final StriderCliTest.Result missing = StriderCliTest.run("evaluate", dir.resolve("nothing").toString());
        assertEquals(2, missing.exitCode(), missing::toString);
    }

    @Test
    void shouldNameTheBadKeyOrFlagWithExitTwo() {
        final StriderCliTest.Result key = StriderCliTest.run("local", "--set", "td3.gama=0.9", "--out",
            dir.resolve("x").toString());
        assertEquals(2, key.exitCode(), key::toString);
        assertTrue(key.err().contains("td3.gama"), key::toString);
        final StriderCliTest.Result env = StriderCliTest.run("local", "--env", "Pendulum-v9");
        assertEquals(2, env.exitCode(), env::toString);
        assertTrue(env.err().contains("Pendulum-v9"), env::toString);
        final StriderCliTest.Result shards = StriderCliTest.run("local", "--actors", "1", "--shards", "2");
        assertEquals(2, shards.exitCode(), shards::toString);
        assertTrue(shards.err().contains("fewer than --shards"), shards::toString);
        final StriderCliTest.Result node = StriderCliTest.run("replay", "--bind", "localhost");
        assertEquals(2, node.exitCode(), node::toString);
        assertTrue(node.err().contains("--bind must be HOST:PORT"), node::toString);
    }
}
