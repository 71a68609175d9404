package org.strider.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.strider.wire.RunKey;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** The data-plane key on the command line: a run with signed frames, and bad keys named. */
class KeyOptionsTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void shouldTrainWithSignedFramesWhenGivenAKeyFile() throws Exception {
        final Path key = dir.resolve("run.key");
        Files.writeString(key, "hex:00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n");
        final Path out = dir.resolve("signed");
        // The run only reaches its steps if the shard accepts the actor's signed frames and the learner its replies.
        final StriderCliTest.Result r = StriderCliTest.run("local", "--env", "Pendulum-v1", "--steps", "700",
            "--set", "replay.warmup_steps=300", "--set", "networks.actor_hidden=16,16", "--set",
            "networks.critic_hidden=16,16", "--set", "replay.batch_size=16", "--eval-every", "0", "--no-best-gif",
            "--key-file", key.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("reached 700 env steps"), r::toString);
        final String fingerprint = RunKey.fromFile(key).fingerprint();
        assertTrue(r.err().contains("data plane: frames signed with run key") && r.err().contains(fingerprint),
            "the key's fingerprint (" + fingerprint + ") is logged: " + r);
        assertTrue(!r.err().contains("00112233445566778899"), "the key itself never is");
    }

    @Test
    void shouldNameABadKeyWithExitTwo() throws Exception {
        final Path shortKey = dir.resolve("short.key");
        Files.write(shortKey, new byte[10]);
        final StriderCliTest.Result r = StriderCliTest.run("local", "--steps", "100", "--key-file",
            shortKey.toString(), "--out", dir.resolve("x").toString());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("--key-file " + shortKey), r::toString);

        final StriderCliTest.Result missing = StriderCliTest.run("replay", "--key-file",
            dir.resolve("none.key").toString());
        assertEquals(2, missing.exitCode(), missing::toString);
        assertTrue(missing.err().contains("does not exist"), missing::toString);
    }

    @Test
    void shouldTakeTheKeyFromTheEnvironmentWhenNoFileIsGiven() {
        final KeyOptions options = new KeyOptions();
        final CommandLine cmd = new CommandLine(options);
        assertNull(options.key(cmd.getCommandSpec(), Map.of()), "no key: unsigned frames");
        final RunKey fromEnv = options.key(cmd.getCommandSpec(),
            Map.of(KeyOptions.ENV, "00112233445566778899aabbccddeeff"));
        assertEquals(RunKey.fromHex("00112233445566778899aabbccddeeff").fingerprint(), fromEnv.fingerprint());
        final ParameterException bad = assertThrows(ParameterException.class,
            () -> options.key(cmd.getCommandSpec(), Map.of(KeyOptions.ENV, "abc")));
        assertTrue(bad.getMessage().startsWith("$STRIDER_RUN_KEY: "), bad.getMessage());
    }
}
