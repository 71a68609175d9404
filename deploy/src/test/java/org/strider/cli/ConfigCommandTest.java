package org.strider.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldPrintTheResolvedConfigThatReadsBackToTheSameConfig() throws IOException {
        final StriderCliTest.Result r = StriderCliTest.run("config", "--env", "LunarLanderContinuous-v3", "--set",
            "td3.tau=0.01", "--steps", "3000");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("# LunarLanderContinuous-v3, algorithm td3, preset LunarLanderContinuous-v3"),
            r::toString);
        assertTrue(r.out().contains("tau=0.01") || r.out().contains("tau = 0.01"), r::toString);
        final Path file = dir.resolve("resolved.conf");
        Files.writeString(file, r.out());
        final StriderCliTest.Result again = StriderCliTest.run("config", "--config", file.toString());
        assertEquals(0, again.exitCode(), again::toString);
        assertEquals(r.out(), again.out());
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldPrintParseableJson() {
        final StriderCliTest.Result r = StriderCliTest.run("config", "--env", "CartPole-v1", "--json");
        assertEquals(0, r.exitCode(), r::toString);
        final Map<String, Object> strider = (Map<String, Object>) ((Map<String, Object>) MiniJson.parse(r.out()))
            .get("strider");
        assertEquals("dqn", ((Map<String, Object>) strider.get("learner")).get("algorithm"));
        assertEquals("CartPole-v1", ((Map<String, Object>) strider.get("run")).get("env"));
    }

    @Test
    void shouldExitTwoNamingTheKeyOnConfigErrors() throws IOException {
        final StriderCliTest.Result unknown = StriderCliTest.run("config", "--set", "strider.run.stepz=5");
        assertEquals(2, unknown.exitCode(), unknown::toString);
        assertTrue(unknown.err().contains("config strider.run.stepz: unknown key (from --set strider.run.stepz=5"),
            unknown::toString);
        assertTrue(unknown.err().contains("did you mean strider.run.steps?"), unknown::toString);
        final StriderCliTest.Result type = StriderCliTest.run("config", "--set", "eval.every=often");
        assertEquals(2, type.exitCode(), type::toString);
        assertTrue(type.err().contains("config strider.run.eval.every must be an integer, got string \"often\""),
            type::toString);
        final StriderCliTest.Result preset = StriderCliTest.run("config", "--preset", "nope");
        assertEquals(2, preset.exitCode(), preset::toString);
        assertTrue(preset.err().contains("unknown preset 'nope'; TD3/DDPG presets"), preset::toString);
        final StriderCliTest.Result dqn = StriderCliTest.run("config", "--set", "algorithm=dqn");
        assertEquals(2, dqn.exitCode(), dqn::toString);
        assertTrue(dqn.err().contains("dqn needs discrete actions, but Pendulum-v1"), dqn::toString);
        final Path missing = dir.resolve("missing.conf");
        final StriderCliTest.Result file = StriderCliTest.run("config", "--config", missing.toString());
        assertEquals(2, file.exitCode(), file::toString);
        assertTrue(file.err().contains("config file " + missing + " does not exist"), file::toString);
        final Path bad = dir.resolve("bad.conf");
        Files.writeString(bad, "strider.run { steps = 0 }\n");
        final StriderCliTest.Result range = StriderCliTest.run("config", "--config", bad.toString());
        assertEquals(2, range.exitCode(), range::toString);
        assertTrue(range.err().contains("config strider.run.steps must be >= 1, got 0 (from " + bad), range::toString);
    }

    @Test
    void shouldShowReferenceDefaultsInHelpAndLetAnUnsetFlagKeepTheFilesValue() throws IOException {
        final StriderCliTest.Result help = StriderCliTest.run("local", "--help");
        assertEquals(0, help.exitCode(), help::toString);
        assertTrue(help.out().contains("strider.run.steps (default: 20000)"), help::toString);
        assertTrue(help.out().contains("strider.run.actors (default: 1)"), help::toString);
        final Path file = dir.resolve("run.conf");
        Files.writeString(file, "strider.run { steps = 1234, seed = 9 }\n");
        final StriderCliTest.Result r = StriderCliTest.run("config", "--config", file.toString(), "--seed", "3");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().matches("(?s).*steps\\s*=\\s*1234.*"), "no --steps: the file's value stays\n" + r);
        assertTrue(r.out().matches("(?s).*seed\\s*=\\s*3.*"), "--seed beats the file\n" + r);
    }
}
