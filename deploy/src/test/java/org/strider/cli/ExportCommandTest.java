package org.strider.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strider.env.Box;
import org.strider.env.Discrete;
import org.strider.env.Env;
import org.strider.env.EnvRegistry;
import org.strider.learner.checkpoint.Checkpoint;
import org.strider.learner.dqn.DqnPresets;
import org.strider.learner.dqn.DqnState;
import org.strider.learner.td3.Td3Config;
import org.strider.learner.td3.Td3State;
import org.strider.nn.export.ExportedPolicy;
import org.strider.nn.export.PolicyExport;
import org.strider.nn.export.PolicyManifest;

/** {@code strider export} and {@code evaluate --checkpoint} on checkpoints written straight from learner states. */
class ExportCommandTest {
    @TempDir
    Path dir;

    /** A run directory with checkpoints/latest.ckpt and best.ckpt from two differently seeded Pendulum actors. */
    private Td3State[] pendulumRun(final Path run) throws Exception {
        final Td3Config config = Td3Config.builder().hidden(16, 16).capacity(10).build();
        final Td3State[] states = new Td3State[2];
        try (Env env = EnvRegistry.make("Pendulum-v1")) {
            for (int i = 0; i < 2; i++) {
                states[i] = Td3State.create(config, env.observationSpace().flatSize(), (Box) env.actionSpace(), 11 + i);
            }
        }
        Files.createDirectories(run.resolve("checkpoints"));
        Checkpoint.write(run.resolve("checkpoints/latest.ckpt"), "Pendulum-v1", states[0], false);
        Checkpoint.write(run.resolve("checkpoints/best.ckpt"), "Pendulum-v1", states[1], false);
        return states;
    }

    @Test
    void shouldExportTheChosenCheckpointsActorAsSafetensors() throws Exception {
        final Path run = dir.resolve("run");
        final Td3State[] states = pendulumRun(run);

        final StriderCliTest.Result best = StriderCliTest.run("export", run.toString(), "--checkpoint", "best");
        assertEquals(0, best.exitCode(), best::toString);
        assertTrue(best.out().contains("Pendulum-v1 actor"), best::toString);
        final ExportedPolicy exported = PolicyExport.load(run.resolve("export"));
        assertArrayEquals(states[1].actor().paramsToFloats(), exported.params(), "best.ckpt's actor, bit for bit");
        assertEquals(PolicyManifest.CONTINUOUS, exported.manifest().actionSelection());

        final Path latestOut = dir.resolve("latest-export");
        final StriderCliTest.Result latest = StriderCliTest.run("export", run.toString(), "--out",
            latestOut.toString());
        assertEquals(0, latest.exitCode(), latest::toString);
        assertArrayEquals(states[0].actor().paramsToFloats(), PolicyExport.load(latestOut).params(),
            "without --checkpoint: latest.ckpt");
    }

    @Test
    void shouldExportADqnQNetworkForArgmax() throws Exception {
        final Path file = dir.resolve("cartpole.ckpt");
        final DqnState state = DqnState.create(DqnPresets.forEnv("CartPole-v1").toBuilder().set("replay.capacity",
            "10").build(), 4, 2, 3);
        Checkpoint.write(file, "CartPole-v1", state, false);
        final StriderCliTest.Result r = StriderCliTest.run("export", file.toString());
        assertEquals(0, r.exitCode(), r::toString);
        final ExportedPolicy exported = PolicyExport.load(dir.resolve("export"));
        assertEquals(PolicyManifest.ARGMAX, exported.manifest().actionSelection());
        assertEquals(new Discrete(2), exported.manifest().actionSpace());
        assertArrayEquals(state.q().inferenceParams(), exported.params());
    }

    @Test
    void shouldEvaluateTheBestCheckpointWhenAsked() throws Exception {
        final Path run = dir.resolve("run");
        pendulumRun(run);
        final StriderCliTest.Result r = StriderCliTest.run("evaluate", run.toString(), "--checkpoint", "best",
            "--episodes", "1");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("from " + run.resolve("checkpoints/best.ckpt")), r::toString);
    }

    @Test
    void shouldNameWhatIsMissingOrWrongWithItsExitCode() throws Exception {
        final Path run = dir.resolve("run");
        pendulumRun(run);
        Files.delete(run.resolve("checkpoints/best.ckpt"));

        final StriderCliTest.Result noBest = StriderCliTest.run("export", run.toString(), "--checkpoint", "best");
        assertEquals(2, noBest.exitCode(), noBest::toString);
        assertTrue(noBest.err().contains("has no checkpoints/best.ckpt"), noBest::toString);

        final StriderCliTest.Result noFile = StriderCliTest.run("evaluate", run.toString(), "--checkpoint",
            "elsewhere.ckpt");
        assertEquals(2, noFile.exitCode(), noFile::toString);
        assertTrue(noFile.err().contains("--checkpoint elsewhere.ckpt: no such file"), noFile::toString);

        final StriderCliTest.Result format = StriderCliTest.run("export", run.toString(), "--format", "onnx");
        assertEquals(2, format.exitCode(), format::toString);
        assertTrue(format.err().contains("--format onnx is not supported; formats: safetensors"), format::toString);

        final Path latest = run.resolve("checkpoints/latest.ckpt");
        final byte[] bytes = Files.readAllBytes(latest);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(latest, bytes);
        final StriderCliTest.Result corrupt = StriderCliTest.run("export", run.toString());
        assertEquals(1, corrupt.exitCode(), corrupt::toString);
        assertTrue(corrupt.err().contains(latest.toString()), corrupt::toString);
        assertFalse(Files.exists(run.resolve("export")), "nothing written from a damaged checkpoint");
    }
}
