package org.strider.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strider.learner.checkpoint.Checkpoint;
import org.strider.learner.dqn.DqnState;

/**
 * {@code strider local} training DQN on CartPole-v1 through the same classes as TD3: every run file, a DQN
 * checkpoint that {@code strider evaluate} reads, and a resumed run that goes on from it.
 */
class LocalDqnCommandTest {
    @TempDir
    Path dir;

    private static List<String> rows(final Path csv) throws Exception {
        final List<String> lines = Files.readAllLines(csv);
        return lines.subList(1, lines.size());
    }

    @Test
    void shouldTrainDqnWriteEveryRunFileAndResumeWhenTheEnvIsDiscrete() throws Exception {
        final Path out = dir.resolve("run");
        final StriderCliTest.Result r = StriderCliTest.run("local", "--env", "CartPole-v1", "--steps", "1500",
            "--eval-every", "750", "--eval-episodes", "2", "--plots-every", "1", "--checkpoint-every", "750",
            "--set", "networks.hidden=32,32", "--set", "replay.warmup_steps=500", "--out", out.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("reached 1500 env steps"), r::toString);
        for (final String f : List.of("episodes.csv", "eval.csv", "learner.csv", "returns.png", "losses.png",
            "best.gif", "summary.json", "config.conf", "checkpoints/latest.ckpt", "checkpoints/best.ckpt",
            "checkpoints/best.json")) {
            assertTrue(Files.size(out.resolve(f)) > 40, f + " written");
        }
        final Map<String, Object> s = MiniJson.object(Files.readString(out.resolve("summary.json")));
        assertEquals("dqn", s.get("algorithm"));
        assertEquals("CartPole-v1", s.get("env_id"));
        assertEquals("update,env_steps,critic_loss,actor_loss,mean_q,td_error",
            Files.readAllLines(out.resolve("learner.csv")).get(0));
        final List<String> learner = rows(out.resolve("learner.csv"));
        assertTrue(learner.size() >= 3, "the preset's 0.5 updates per step past the warm-up: " + learner);
        final String[] row = learner.get(0).split(",", -1);
        assertTrue(Double.parseDouble(row[2]) >= 0 && Double.parseDouble(row[4]) != 0,
            "the Q loss in critic_loss, mean Q filled: " + learner.get(0));
        assertTrue(rows(out.resolve("episodes.csv")).size() > 15, "CartPole episodes from the actor");

        final Path latest = out.resolve("checkpoints/latest.ckpt");
        assertTrue(Checkpoint.isDqn(latest) && Checkpoint.isDqn(out.resolve("checkpoints/best.ckpt")));
        final DqnState state = Checkpoint.readDqn(latest, "CartPole-v1");
        assertTrue(state.envSteps() >= 1500 && state.updates() > 400, state.envSteps() + " / " + state.updates());

        final StriderCliTest.Result eval = StriderCliTest.run("evaluate", out.toString(), "--episodes", "2");
        assertEquals(0, eval.exitCode(), eval::toString);
        assertTrue(eval.out().contains("CartPole-v1 from " + latest) && eval.out().contains("episodes 2  mean"),
            eval::toString);

        final StriderCliTest.Result again = StriderCliTest.run("local", "--steps", "2500", "--resume",
            out.toString());
        assertEquals(0, again.exitCode(), again::toString);
        final DqnState resumed = Checkpoint.readDqn(latest, "CartPole-v1");
        assertTrue(resumed.envSteps() >= 2500 && resumed.envSteps() - state.envSteps() < 1500,
            "env steps go on from the checkpoint's: " + state.envSteps() + " -> " + resumed.envSteps());
        assertTrue(resumed.updates() > state.updates() + 100, "updates go on from the checkpoint's (the shard warms up "
            + "again): " + state.updates() + " -> " + resumed.updates());
        final Map<String, Object> s2 = MiniJson.object(Files.readString(out.resolve("summary.json")));
        assertEquals("reached 2500 env steps", s2.get("finish_reason"));
    }

    @Test
    void shouldRunTwoActorsWithApeXEpsilonsWhenPerActorEpsilonIsSet() throws Exception {
        final Path out = dir.resolve("apex");
        final StriderCliTest.Result r = StriderCliTest.run("local", "--env", "CartPole-v1", "--steps", "1200",
            "--actors", "2", "--eval-every", "0", "--plots-every", "1", "--set", "networks.hidden=16,16", "--set",
            "replay.warmup_steps=400", "--set", "per-actor-epsilon=true", "--set", "render-best-gif=false", "--out",
            out.toString());
        assertEquals(0, r.exitCode(), r::toString);
        final List<String> episodes = rows(out.resolve("episodes.csv"));
        assertTrue(episodes.stream().anyMatch(e -> e.endsWith(",0"))
            && episodes.stream().anyMatch(e -> e.endsWith(",1")), "episodes from both actor nodes: " + episodes.size());
        final String conf = Files.readString(out.resolve("config.conf"));
        assertTrue(conf.matches("(?s).*per-actor-epsilon\\s*[=:]\\s*true.*"), conf);
    }
}
