package org.strider.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strider.learner.checkpoint.Checkpoint;
import org.strider.learner.td3.Td3State;

/** {@code strider local} through the CLI: a short real run, every file it writes, resuming it, and usage errors. */
class LocalCommandTest {
    private static final String[] SMALL = {"--env", "Pendulum-v1", "--eval-every", "500", "--eval-episodes", "2",
        "--set", "replay.warmup_steps=500", "--set", "networks.actor_hidden=32,32", "--set",
        "networks.critic_hidden=32,32", "--set", "replay.batch_size=32", "--envs-per-actor", "2", "--plots-every", "1",
        "--checkpoint-every", "1000"};

    @TempDir
    Path dir;

    private static String[] local(final String... more) {
        final List<String> args = new ArrayList<>(List.of("local"));
        args.addAll(List.of(SMALL));
        args.addAll(List.of(more));
        return args.toArray(new String[0]);
    }

    private static List<String> rows(final Path csv) throws Exception {
        final List<String> lines = Files.readAllLines(csv);
        return lines.subList(1, lines.size());
    }

    private static double number(final Map<String, Object> m, final String key) {
        return ((Number) m.get(key)).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(final Map<String, Object> m, final String key) {
        return (Map<String, Object>) m.get(key);
    }

    @Test
    void shouldWriteEveryRunFileAndResumeWhereTheRunStopped() throws Exception {
        final Path out = dir.resolve("run");
        final StriderCliTest.Result r = StriderCliTest.run(local("--steps", "1500", "--out", out.toString()));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("reached 1500 env steps in") && r.out().contains(out.toString()), r::toString);
        assertTrue(r.err().contains("Pendulum-v1  step") && r.err().contains("best "), "progress on stderr: " + r);
        for (final String f : List.of("episodes.csv", "eval.csv", "learner.csv", "returns.png", "losses.png",
            "best.gif", "summary.json", "config.conf", "checkpoints/latest.ckpt", "checkpoints/best.ckpt", "checkpoints/best.json")) {
            assertTrue(Files.size(out.resolve(f)) > 40, f + " written");
        }
        assertFalse(Files.exists(out.resolve("returns.csv")), "eval.csv replaces returns.csv");

        final List<String> evals = rows(out.resolve("eval.csv"));
        assertEquals("step,updates,eval_mean,eval_std,return_0,return_1",
            Files.readAllLines(out.resolve("eval.csv")).get(0));
        assertTrue(evals.size() >= 3, "evaluations at 500, 1000 and the end: " + evals);
        assertEquals("update,env_steps,critic_loss,actor_loss,mean_q,td_error",
            Files.readAllLines(out.resolve("learner.csv")).get(0));
        final List<String> learner = rows(out.resolve("learner.csv"));
        assertTrue(learner.size() >= 5, "a row per 100 updates: " + learner.size());
        assertEquals("100", learner.get(0).split(",")[0], "the first row closes update 100");

        final Map<String, Object> s = MiniJson.object(Files.readString(out.resolve("summary.json")));
        assertEquals("Pendulum-v1", s.get("env_id"));
        assertEquals("td3", s.get("algorithm"));
        assertEquals("reached 1500 env steps", s.get("finish_reason"));
        final Checkpoint.Info latest = Checkpoint.inspect(out.resolve("checkpoints/latest.ckpt"));
        assertEquals(latest.envSteps(), (long) number(s, "env_steps"), "summary and latest.ckpt agree on steps");
        assertEquals(latest.updates(), (long) number(s, "updates"), "and on updates");
        assertTrue(latest.envSteps() >= 1500 && latest.updates() > 500, latest.toString());
        final String[] lastEval = evals.get(evals.size() - 1).split(",");
        assertEquals(Double.parseDouble(lastEval[2]), number(map(s, "last_eval"), "mean"), 1e-3);
        assertEquals(Long.parseLong(lastEval[0]), (long) number(map(s, "last_eval"), "step"));
        double bestMean = Double.NEGATIVE_INFINITY;
        long bestStep = -1;
        for (final String e : evals) {
            final String[] f = e.split(",");
            if (Double.parseDouble(f[2]) > bestMean) {
                bestMean = Double.parseDouble(f[2]);
                bestStep = Long.parseLong(f[0]);
            }
        }
        assertEquals(bestMean, number(map(s, "best_eval"), "mean"), 1e-3, "best = the highest eval.csv mean");
        assertEquals(bestStep, (long) number(map(s, "best_eval"), "step"));
        assertEquals(number(s, "env_steps") / number(s, "wall_seconds"), number(s, "steps_per_second"), 1.0);
        assertTrue(((List<?>) s.get("files")).contains("checkpoints/best.ckpt"), s.toString());

        final Td3State best = Checkpoint.read(out.resolve("checkpoints/best.ckpt"), "Pendulum-v1");
        assertEquals(bestStep, best.envSteps(), "best.ckpt holds the state of the best evaluation");
        assertNotNull(Checkpoint.read(out.resolve("checkpoints/latest.ckpt"), "Pendulum-v1"));
        assertTrue(Files.readString(out.resolve("checkpoints/best.json")).contains("\"step\": " + bestStep));

        // Resume to 3000: steps go on from the checkpoint's, the CSVs grow, the summary is rewritten.
        final int episodesBefore = rows(out.resolve("episodes.csv")).size();
        final int learnerBefore = learner.size();
        // Only --steps: the nets, warm-up and evaluation period come from the run's own config.conf.
        final StriderCliTest.Result again = StriderCliTest.run("local", "--steps", "3000", "--resume", out.toString());
        assertEquals(0, again.exitCode(), again::toString);
        final Map<String, Object> s2 = MiniJson.object(Files.readString(out.resolve("summary.json")));
        assertEquals("reached 3000 env steps", s2.get("finish_reason"));
        assertEquals(latest.envSteps(), (long) number(s2, "resumed_from_step"));
        final Checkpoint.Info latest2 = Checkpoint.inspect(out.resolve("checkpoints/latest.ckpt"));
        assertTrue(latest2.envSteps() >= 3000, "env steps continued: " + latest2.envSteps());
        assertTrue(latest2.envSteps() - latest.envSteps() < 1700,
            "only the steps still to go were taken (no restart from 0): " + latest.envSteps() + " -> "
                + latest2.envSteps());
        assertTrue(latest2.updates() > latest.updates(), "updates go on from the checkpoint's");
        assertTrue(number(s2, "env_steps") / number(s2, "wall_seconds") > number(s2, "steps_per_second"),
            "rates count this process's steps only");
        final List<String> evals2 = rows(out.resolve("eval.csv"));
        assertEquals(evals, evals2.subList(0, evals.size()), "eval.csv appended, not truncated");
        assertTrue(Long.parseLong(evals2.get(evals.size()).split(",")[0]) > latest.envSteps(),
            "the first new evaluation comes after the checkpoint's steps: " + evals2);
        assertEquals(1, Files.readAllLines(out.resolve("eval.csv")).stream().filter(l -> l.startsWith("step,"))
            .count(), "one header");
        assertTrue(rows(out.resolve("episodes.csv")).size() > episodesBefore);
        assertEquals(String.valueOf(episodesBefore), rows(out.resolve("episodes.csv")).get(episodesBefore)
            .split(",")[0], "episodes numbered on");
        final List<String> learner2 = rows(out.resolve("learner.csv"));
        assertTrue(learner2.size() > learnerBefore);
        assertTrue(Long.parseLong(learner2.get(learnerBefore).split(",")[0]) > latest.updates(),
            "learner.csv rows go on from the checkpoint's updates");
        assertTrue(number(map(s2, "best_eval"), "mean") >= bestMean - 1e-3, "the best so far is kept (eval.csv "
            + "rounds to 4 decimals): " + s2.get("best_eval") + " vs " + bestMean);

        // strider evaluate on the run it wrote (its latest.ckpt).
        final StriderCliTest.Result eval = StriderCliTest.run("evaluate", out.toString(), "--episodes", "2");
        assertEquals(0, eval.exitCode(), eval::toString);

        // strider learner --resume-if-present (a restarted learner pod): --out holds a run with a checkpoint, so it
        // resumes that run from its own config.conf; here it stops at once since --steps is not more than it has.
        final StriderCliTest.Result inPlace = StriderCliTest.run("learner", "--bind", "127.0.0.1:0", "--out",
            out.toString(), "--resume-if-present", "--steps", "2000");
        assertEquals(2, inPlace.exitCode(), inPlace::toString);
        assertTrue(inPlace.err().contains("holds a run with a checkpoint; resuming it (--resume-if-present)")
            && inPlace.err().contains("already has " + latest2.envSteps() + " env steps"), inPlace::toString);
        final StriderCliTest.Result noOut = StriderCliTest.run("learner", "--resume-if-present");
        assertEquals(2, noOut.exitCode(), noOut::toString);
        assertTrue(noOut.err().contains("--resume-if-present needs --out DIR"), noOut::toString);
        final StriderCliTest.Result both = StriderCliTest.run("learner", "--resume-if-present", "--resume",
            out.toString());
        assertEquals(2, both.exitCode(), both::toString);
        assertTrue(both.err().contains("give one of them"), both::toString);

        // A damaged latest.ckpt: resuming names it and exits 1.
        final Path ckpt = out.resolve("checkpoints/latest.ckpt");
        final byte[] bytes = Files.readAllBytes(ckpt);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(ckpt, bytes);
        final StriderCliTest.Result corrupt = StriderCliTest.run(local("--steps", "4000", "--resume",
            out.toString()));
        assertEquals(1, corrupt.exitCode(), corrupt::toString);
        assertTrue(corrupt.err().contains(ckpt.toString()), corrupt::toString);
        final StriderCliTest.Result done = StriderCliTest.run(local("--steps", "4000", "--resume",
            dir.resolve("nothing").toString()));
        assertEquals(2, done.exitCode(), done::toString);
        assertTrue(done.err().contains("not a run directory"), done::toString);
        Files.delete(out.resolve("config.conf"));
        final StriderCliTest.Result noConfig = StriderCliTest.run("local", "--steps", "4000", "--resume",
            out.toString());
        assertEquals(2, noConfig.exitCode(), noConfig::toString);
        assertTrue(noConfig.err().contains("config.conf"), noConfig::toString);
    }

    @Test
    void shouldStopOnceTheTrainingEpisodesAverageReachesTheBar() throws Exception {
        // Every Pendulum-v1 episode returns more than -3300 (200 steps of at most 16.3 cost), so the bar is met as
        // soon as the window holds 3 episodes: the run ends long before its 20,000 steps.
        final Path out = dir.resolve("stop");
        final StriderCliTest.Result r = StriderCliTest.run(local("--steps", "20000", "--stop-at-average", "-3300",
            "--stop-window", "3", "--out", out.toString(), "--no-best-gif"));
        assertEquals(0, r.exitCode(), r::toString);
        final Map<String, Object> s = MiniJson.object(Files.readString(out.resolve("summary.json")));
        assertTrue(((String) s.get("finish_reason")).matches("average return -\\d+\\.\\d over the last 3 episodes "
            + "reached -3300\\.0"), () -> "finish reason: " + s);
        assertTrue(number(s, "env_steps") < 20_000, "stopped early: " + s);
        assertFalse(Files.exists(out.resolve("best.gif")), "--no-best-gif");
        assertTrue(Files.readString(out.resolve("config.conf")).matches("(?s).*return\"?\\s*[=:]\\s*-3300.*"),
            "the bar is in the run's config");
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
        final StriderCliTest.Result plots = StriderCliTest.run("local", "--plots-every", "0");
        assertEquals(2, plots.exitCode(), plots::toString);
        assertTrue(plots.err().contains("--plots-every"), plots::toString);
    }
}
