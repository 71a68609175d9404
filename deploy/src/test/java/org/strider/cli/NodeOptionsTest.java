package org.strider.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strider.cli.StriderCliTest.Result;
import org.strider.control.ClusterConfig;
import org.strider.run.ClusterProcess;
import picocli.CommandLine;

/** How the cluster roles' flags and run config become a node's joining settings; bad ones exit 2 naming the flag. */
class NodeOptionsTest {
    @TempDir
    Path dir;

    /** The address {@code strider replay ARGS} would run with (parsed, not run). */
    private static ClusterProcess.Address replay(final String... args) {
        final ReplayCommand command = new ReplayCommand();
        final CommandLine cl = new CommandLine(command);
        cl.parseArgs(args);
        return command.node.address(cl.getCommandSpec(), ReplayCommand.DATA_PORT,
            NodeOptions.RunConfig.read(cl.getCommandSpec(), command.config));
    }

    @Test
    void shouldJoinBySeedNodesWithoutManagementByDefault() {
        final ClusterProcess.Address at = replay("--bind", "10.0.0.2:25520", "--seed-nodes", "10.0.0.1:25520");
        assertEquals(ClusterConfig.Discovery.SEED_NODES, at.cluster().discovery());
        assertNull(at.cluster().management());
        assertEquals(ReplayCommand.DATA_PORT, at.dataPort());
    }

    @Test
    void shouldTakeDiscoveryFromTheRunConfigAndLetTheFlagsWin() throws Exception {
        final Path conf = dir.resolve("run.conf");
        Files.writeString(conf, "strider.cluster { discovery = kubernetes-api, service-name = lr-t1 }\n"
            + "pekko.discovery.kubernetes-api.pod-namespace = rl\n");
        final ClusterProcess.Address k8s = replay("--config", conf.toString(), "--bind", "10.0.0.2:25520");
        assertEquals(ClusterConfig.Discovery.KUBERNETES_API, k8s.cluster().discovery());
        assertEquals(new ClusterConfig.Management("10.0.0.2", 8558), k8s.cluster().management(), "the --bind host");
        assertEquals("lr-t1", k8s.cluster().serviceName());
        assertEquals("rl", k8s.pekko().getString("pekko.discovery.kubernetes-api.pod-namespace"));
        final ClusterProcess.Address flags = replay("--config", conf.toString(), "--discovery", "config",
            "--management", "10.9.9.9:9001");
        assertEquals(ClusterConfig.Discovery.CONFIG, flags.cluster().discovery());
        assertEquals(new ClusterConfig.Management("10.9.9.9", 9001), flags.cluster().management());
        assertEquals(new ClusterConfig.Management("127.0.0.1", 9002), replay("--seed-nodes", "127.0.0.1:25520",
            "--management", "127.0.0.1:9002").cluster().management(), "--management alone starts it with seed nodes");
    }

    @Test
    void shouldExitTwoNamingTheFlagWhenJoiningIsMisconfigured() throws Exception {
        final Result unknown = StriderCliTest.run("replay", "--discovery", "dns");
        assertEquals(2, unknown.exitCode(), unknown::toString);
        assertTrue(unknown.err().contains("--discovery must be one of seed-nodes, config, kubernetes-api, got 'dns'"),
            unknown::toString);
        final Result both = StriderCliTest.run("actor", "--discovery", "config", "--seed-nodes", "127.0.0.1:25520");
        assertEquals(2, both.exitCode(), both::toString);
        assertTrue(both.err().contains("--seed-nodes and strider.cluster.discovery = config exclude each other"),
            both::toString);
        final Result port = StriderCliTest.run("actor", "--discovery", "config", "--management", "127.0.0.1:0");
        assertEquals(2, port.exitCode(), port::toString);
        assertTrue(port.err().contains("--management needs a port in 1..65535"), port::toString);
        final Path conf = dir.resolve("bad.conf");
        Files.writeString(conf, "strider.cluster { discovery = config, management.enabled = false }\n");
        final Result off = StriderCliTest.run("replay", "--config", conf.toString());
        assertEquals(2, off.exitCode(), off::toString);
        assertTrue(off.err().contains("strider.cluster.management.enabled must not be false"), off::toString);
        Files.writeString(conf, "pekko.remote.artery.canonical.port = 1\n");
        final Result pekko = StriderCliTest.run("actor", "--config", conf.toString());
        assertEquals(2, pekko.exitCode(), pekko::toString);
        assertTrue(pekko.err().contains("config pekko.remote: not allowed in a run config"), pekko::toString);
    }

    @Test
    void shouldExitTwoNamingTheTlsFileWhenTheTlsDirIsIncomplete() throws Exception {
        final Path tls = Files.createDirectories(dir.resolve("tls"));
        final Result missing = StriderCliTest.run("replay", "--tls-dir", tls.toString(), "--seed-nodes",
            "127.0.0.1:25520");
        assertEquals(2, missing.exitCode(), missing::toString);
        assertTrue(missing.err().contains("--tls-dir " + tls + ": strider.cluster.tls.ca-cert-file "
            + tls.toAbsolutePath().resolve("ca.crt") + ": no such file"), missing::toString);
        Files.writeString(tls.resolve("ca.crt"), "not a certificate\n");
        final Result learner = StriderCliTest.run("learner", "--env", "Pendulum-v1", "--tls-dir", tls.toString(),
            "--out", dir.resolve("run").toString());
        assertEquals(2, learner.exitCode(), learner::toString);
        assertTrue(learner.err().contains("strider.cluster.tls.ca-cert-file " + tls.toAbsolutePath().resolve("ca.crt")
            + ": not a PEM X.509 certificate"), learner::toString);
        assertFalse(Files.exists(dir.resolve("run")), "nothing started");

        final ReplayCommand command = new ReplayCommand();
        final CommandLine cl = new CommandLine(command);
        cl.parseArgs("--bind", "127.0.0.1:0");
        final Path none = dir.resolve("none");
        final String env = assertThrows(CommandLine.ParameterException.class, () -> command.node.address(
            cl.getCommandSpec(), ReplayCommand.DATA_PORT, NodeOptions.RunConfig.none(),
            Map.of(NodeOptions.TLS_DIR_ENV, none.toString()))).getMessage();
        assertTrue(env.startsWith("$STRIDER_TLS_DIR " + none + ": strider.cluster.tls.ca-cert-file "), env);
        assertNull(command.node.address(cl.getCommandSpec(), ReplayCommand.DATA_PORT, NodeOptions.RunConfig.none(),
            Map.of(NodeOptions.TLS_DIR_ENV, " ")).cluster().tls(), "a blank variable is no TLS");

        final Path conf = dir.resolve("tls.conf");
        Files.writeString(conf, "strider.cluster.tls.enabled = true\n");
        final Result noDir = StriderCliTest.run("actor", "--config", conf.toString(), "--seed-nodes",
            "127.0.0.1:25520");
        assertEquals(2, noDir.exitCode(), noDir::toString);
        assertTrue(noDir.err().contains("strider.cluster.tls.enabled = true needs strider.cluster.tls.dir"),
            noDir::toString);
    }
}
