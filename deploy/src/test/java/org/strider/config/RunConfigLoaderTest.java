package org.strider.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strider.learner.dqn.DqnPresets;
import org.strider.learner.td3.Td3Config;
import org.strider.learner.td3.Td3Presets;
import org.strider.run.RunPlan;

class RunConfigLoaderTest {
    @TempDir
    Path dir;

    private static LoadedConfig load(final Path file, final String... sets) {
        return RunConfigLoader.load(new ConfigRequest(file, List.of(sets), List.of(), null));
    }

    private static String error(final ConfigRequest request) {
        return assertThrows(ConfigError.class, () -> RunConfigLoader.load(request)).getMessage();
    }

    private static String error(final Path file, final String... sets) {
        return error(new ConfigRequest(file, List.of(sets), List.of(), null));
    }

    private Path file(final String text) throws IOException {
        final Path f = dir.resolve("run.conf");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void shouldResolveTheDefaultsToTodaysPendulumPlan() {
        final LoadedConfig c = RunConfigLoader.load(ConfigRequest.defaults());
        final RunPlan expected = new RunPlan("Pendulum-v1", Td3Presets.forEnv("Pendulum-v1"), 0, 1, 1, 1, 20_000, 1.0,
            16, 2, 5_000, 10);
        assertEquals(expected, c.plan().orElseThrow());
        assertEquals("td3", c.algorithm());
        assertEquals("Pendulum-v1", c.preset());
        final RunOutput out = c.output();
        assertEquals(5_000, out.checkpointEvery(), "checkpoint-every follows eval.every");
        assertEquals(0, out.evalEveryEpisodes());
        assertEquals(Duration.ofSeconds(30), out.plotsEvery());
        assertTrue(out.renderBestGif());
        assertTrue(out.stopAtReturn().isEmpty());
        assertEquals(100, out.stopWindow());
        assertEquals(Path.of("runs", "Pendulum-v1-20260102-030405"),
            out.runDir("Pendulum-v1", LocalDateTime.of(2026, 1, 2, 3, 4, 5)));
    }

    @Test
    void shouldApplyTheEnvsOwnPresetOrTheNamedOne() {
        final Td3Config walker = load(null, "env=BipedalWalker-v3").plan().orElseThrow().config();
        assertEquals(Td3Presets.forEnv("BipedalWalker-v3"), walker);
        assertEquals(Td3Presets.named("seed000-ddpg"),
            load(null, "preset=seed000-ddpg").plan().orElseThrow().config());
        assertEquals(Td3Config.defaults(), load(null, "env=Pendulum-v1", "preset=default").plan().orElseThrow()
            .config());
        final LoadedConfig cartPole = load(null, "env=CartPole-v1");
        assertEquals("dqn", cartPole.algorithm());
        assertEquals(DqnPresets.forEnv("CartPole-v1"), cartPole.dqn().orElseThrow());
        final RunPlan dqnPlan = cartPole.plan().orElseThrow();
        assertTrue(dqnPlan.isDqn() && !dqnPlan.apeX(), "the distributed run trains DQN too");
        assertEquals(128.0 / 256, dqnPlan.updatesPerStep(), "the preset's gradient_steps / train_every");
        assertTrue(load(null, "env=CartPole-v1", "per-actor-epsilon=true").plan().orElseThrow().apeX());
        assertEquals(0.5, load(null, "env=MountainCarContinuous-v0").plan().orElseThrow().config().exploration()
            .sigma());
    }

    @Test
    void shouldLayerSetOverFileOverPresetOverReferenceAndFlagsOverAll() throws IOException {
        final Path f = file("""
            strider {
              run { steps = 3000, seed = 7, shards = 2, actors = 2, eval.every = 1000 }
              learner { td3.tau = 0.01, td3.gamma = 0.9 }
            }
            """);
        final RunPlan fileOnly = load(f).plan().orElseThrow();
        assertEquals(3000, fileOnly.totalSteps());
        assertEquals(0.01, fileOnly.config().td3().tau(), "file beats reference");
        assertEquals(0.9, fileOnly.config().td3().gamma(), "file beats the preset's 0.98");
        assertEquals(1_000, fileOnly.config().replay().warmupSteps(), "the preset beats reference's 25000");
        assertEquals(1000, load(f).output().checkpointEvery(), "checkpoint-every follows the file's eval.every");

        final LoadedConfig set = load(f, "td3.tau=0.02", "strider.run.seed=8", "steps=4000");
        assertEquals(0.02, set.plan().orElseThrow().config().td3().tau(), "set beats file");
        assertEquals(8, set.plan().orElseThrow().seed());

        final LoadedConfig flags = RunConfigLoader.load(new ConfigRequest(f, List.of("steps=4000"), List.of(
            new ConfigRequest.Flag("strider.run.steps", 5000L, "--steps 5000")), null));
        assertEquals(5000, flags.plan().orElseThrow().totalSteps(), "flags beat all");
        assertEquals(7, flags.plan().orElseThrow().seed(), "an unset flag leaves the file's value");
        assertEquals(0, RunConfigLoader.load(new ConfigRequest(f, List.of(), List.of(), 0)).plan().orElseThrow()
            .actors(), "the learner plans no actors");
    }

    @Test
    void shouldTakeListsWithoutBracketsAndFullPaths() {
        final Td3Config c = load(null, "networks.actor_hidden=64,32", "strider.learner.networks.critic_hidden=[16]")
            .plan().orElseThrow().config();
        assertArrayEquals(new int[] {64, 32}, c.networks().actorHidden());
        assertArrayEquals(new int[] {16}, c.networks().criticHidden());
    }

    @Test
    void shouldNameUnknownKeysWithTheirPathAndAGuess() throws IOException {
        final String nested = error(file("strider.learner.td3 { gama = 0.9 }"));
        assertTrue(nested.startsWith("config strider.learner.td3.gama: unknown key (from "), nested);
        assertTrue(nested.contains("run.conf: 1"), nested);
        assertTrue(nested.contains("did you mean strider.learner.td3.gamma?"), nested);
        assertTrue(nested.contains("Keys in strider.learner.td3: gamma, policy_delay, target_noise, "
            + "target_noise_clip, tau"), nested);
        final String top = error(file("stryder.run.steps = 5"));
        assertTrue(top.startsWith("config stryder: unknown key at the top level (from "), top);
        assertTrue(top.endsWith("a run config holds one block, strider { cluster, dqn, learner, run }, and Pekko's "
            + "pekko.management and pekko.discovery"), top);
        final String moved = error(file("strider.learner.tau = 0.1"));
        assertTrue(moved.contains("did you mean strider.learner.td3.tau?"), moved);
        final String set = error(null, "td3.gama=0.9");
        assertTrue(set.startsWith("config td3.gama: unknown key (from --set td3.gama=0.9); did you mean td3.gamma?"),
            set);
        final String other = error(null, "dqn.double_q=true");
        assertTrue(other.contains("strider.dqn.dqn.double_q is a DQN key, but strider.learner.algorithm is td3"),
            other);
    }

    @Test
    void shouldNameWrongTypesWithPathAndExpectedType() throws IOException {
        assertEquals("config strider.run.steps must be an integer, got string \"many\" (from --set steps=many: 1)",
            error(null, "steps=many"));
        assertEquals("config strider.run.steps must be an integer, got number 1.5 (from --set steps=1.5: 1)",
            error(null, "steps=1.5"));
        final String list = error(file("strider.learner.networks.actor_hidden = 256"));
        assertTrue(list.startsWith("config strider.learner.networks.actor_hidden must be a list of integers, e.g. "
            + "[256, 256], got number 256 (from "), list);
        final String block = error(file("strider.run.eval = 5"));
        assertTrue(block.startsWith("config strider.run.eval must be a block { ... }, got number 5"), block);
        assertTrue(error(null, "render-best-gif=maybe").startsWith("config strider.run.render-best-gif must be true "
            + "or false, got string \"maybe\""));
    }

    @Test
    void shouldNameOutOfRangeValuesWithPathAndRange() {
        assertEquals("config strider.learner.td3.tau must be in (0.0, 1.0], got 2.0 (from --set td3.tau=2: 1)",
            error(null, "td3.tau=2"));
        assertEquals("config strider.run.steps must be >= 1, got 0 (from --steps 0)", error(new ConfigRequest(null,
            List.of(), List.of(new ConfigRequest.Flag("strider.run.steps", 0L, "--steps 0")), null)));
        assertEquals("config strider.run.envs-per-actor must be in [1, 4096], got 0 (from --set envs-per-actor=0: 1)",
            error(null, "envs-per-actor=0"));
        assertEquals("config strider.dqn.replay.batch_size must be in [1, 65536], got 0 (from --set "
            + "replay.batch_size=0: 1)", error(null, "env=CartPole-v1", "replay.batch_size=0"));
        final String ddpg = error(null, "algorithm=ddpg");
        assertTrue(ddpg.startsWith("config strider.learner.td3.policy_delay must be 1 for algorithm ddpg"), ddpg);
        assertTrue(error(null, "plots-every=0").startsWith("config strider.run.plots-every must be in (0, 86400]"));
        assertTrue(error(null, "shards=2").contains("fewer than strider.run.shards 2"));
    }

    @Test
    void shouldListPresetsWhenThePresetIsUnknownOrOfTheOtherFamily() {
        final String unknown = error(null, "preset=Hopper-v4");
        assertTrue(unknown.startsWith("config strider.run.preset: unknown preset 'Hopper-v4'; TD3/DDPG presets "
            + "(continuous actions): default, Pendulum-v1"), unknown);
        assertTrue(unknown.contains("DQN presets (discrete actions): default, CartPole-v1"), unknown);
        final String family = error(null, "env=CartPole-v1", "preset=seed000-td3");
        assertTrue(family.startsWith("config strider.run.preset: seed000-td3 is a TD3/DDPG preset, for continuous "
            + "actions, but CartPole-v1 has discrete actions"), family);
    }

    @Test
    void shouldRefuseAnAlgorithmThatDoesNotFitTheEnv() {
        final String dqn = error(null, "algorithm=dqn");
        assertTrue(dqn.startsWith("config strider.learner.algorithm = dqn needs discrete actions, but Pendulum-v1 "
            + "has continuous actions Box"), dqn);
        final String td3 = error(null, "env=CartPole-v1", "algorithm=td3");
        assertTrue(td3.startsWith("config strider.learner.algorithm = td3 needs continuous actions, but CartPole-v1 "
            + "has discrete actions"), td3);
        assertTrue(error(null, "algorithm=sac").startsWith("config strider.learner.algorithm has no value 'sac'"));
        assertTrue(error(null, "env=Pendulum-v9").startsWith("config strider.run.env: unknown env id 'Pendulum-v9'"));
    }

    @Test
    void shouldPassPekkoManagementAndDiscoveryBlocksToTheNodesButNoOtherPekkoKey() throws IOException {
        final Path f = file(String.join("\n",
            "strider.run.steps = 300",
            "strider.cluster { discovery = config, service-name = s1, required-contact-points = 2 }",
            "pekko.management.cluster.bootstrap.contact-point-discovery.stable-margin = 2s",
            "pekko.management.http.hostname = ${?STRIDER_TEST_UNSET_HOST}",
            "pekko.discovery.config.services.s1.endpoints = [{host = \"127.0.0.1\", port = 8558}]"));
        final LoadedConfig c = load(f);
        assertEquals(300, c.plan().orElseThrow().totalSteps());
        assertEquals("config", c.config().getString("strider.cluster.discovery"));
        assertEquals(2, c.config().getInt("strider.cluster.required-contact-points"));
        assertTrue(!c.config().hasPath("pekko") && !c.render().contains("pekko"), "config.conf holds strider only");
        final com.typesafe.config.Config pekko = RunConfigLoader.pekko(f);
        assertEquals(2, pekko.getDuration("pekko.management.cluster.bootstrap.contact-point-discovery.stable-margin")
            .toSeconds());
        assertEquals(1, pekko.getList("pekko.discovery.config.services.s1.endpoints").size());
        assertTrue(!pekko.hasPath("pekko.management.http.hostname"), "an unset ${?VAR} leaves the key out");
        assertTrue(!pekko.hasPath("strider"));
        assertTrue(RunConfigLoader.pekko(file("strider.run.steps = 5")).isEmpty());

        final String actor = error(file("pekko.actor.provider = local"));
        assertTrue(actor.startsWith("config pekko.actor: not allowed in a run config (from "), actor);
        assertTrue(actor.endsWith("of Pekko's settings a run config holds only pekko.management, pekko.discovery "
            + "(cluster bootstrap)"), actor);
        assertThrows(ConfigError.class, () -> RunConfigLoader.pekko(dir.resolve("run.conf")));
        final String cluster = error(file("strider.cluster.discovry = config"));
        assertTrue(cluster.contains("config strider.cluster.discovry: unknown key"), cluster);
        assertTrue(cluster.contains("did you mean strider.cluster.discovery?"), cluster);
    }

    @Test
    void shouldNameAMissingConfigFile() {
        final Path missing = dir.resolve("nope.conf");
        assertEquals("config file " + missing + " does not exist (--config)", error(missing));
    }

    @Test
    void shouldGiveTheSamePlanWhenItsRenderingIsReadBack() throws IOException {
        final LoadedConfig first = RunConfigLoader.load(new ConfigRequest(null, List.of("td3.tau=0.01",
            "networks.actor_hidden=64,64", "eval.every=700", "stop-at-average.return=-200", "preset=seed000-td3"),
            List.of(new ConfigRequest.Flag("strider.run.shards", 2, "--shards 2"),
                new ConfigRequest.Flag("strider.run.actors", 3, "--actors 3"),
                new ConfigRequest.Flag("strider.run.name", "r1", "--out runs/r1")), null));
        final Path written = first.write(dir.resolve("run"));
        assertEquals(dir.resolve("run").resolve("config.conf"), written);
        final LoadedConfig again = load(written);
        assertEquals(first.plan().orElseThrow(), again.plan().orElseThrow());
        assertEquals(first.output(), again.output());
        assertEquals(first.render(), again.render());
        assertEquals(-200.0, again.output().stopAtReturn().orElseThrow());
        assertTrue(!first.render().contains("#"), "no origin comments");
        assertTrue(first.render().contains("\n      actor_hidden = [64, 64]\n"), "plain keys, lists on one line, "
            + "two-space indents: " + first.render());
        assertTrue(!first.render().contains("dqn {"), "a TD3 run's file leaves the DQN block out");

        final LoadedConfig dqn = load(null, "env=LunarLander-v3", "dqn.double_q=true");
        final Path dqnFile = dqn.write(dir.resolve("dqn"));
        assertEquals(dqn.dqn().orElseThrow(), load(dqnFile).dqn().orElseThrow());
        assertTrue(dqn.dqn().orElseThrow().dqn().doubleQ());
        assertTrue(dqn.render().contains("  learner {\n    algorithm = \"dqn\"\n  }\n"), "a DQN run's file keeps only "
            + "the algorithm of strider.learner: " + dqn.render());
    }
}
