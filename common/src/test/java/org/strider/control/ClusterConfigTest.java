package org.strider.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterConfigTest {
    private static ClusterConfig.Settings read(final String text) {
        return ClusterConfig.Settings.read(ConfigFactory.parseString(text), "10.0.0.7");
    }

    private static String error(final String text) {
        return assertThrows(IllegalArgumentException.class, () -> read(text)).getMessage();
    }

    private static Config node(final ClusterConfig.Settings settings, final String runPekko) {
        return ClusterConfig.node("10.0.0.7", 25520, List.of(), EnumSet.of(NodeRole.REPLAY), settings,
            ConfigFactory.parseString(runPekko), ConfigFactory.load());
    }

    @Test
    void shouldJoinBySeedNodesWithoutManagementWhenNothingIsSet() {
        final ClusterConfig.Settings s = read("");
        assertEquals(ClusterConfig.Discovery.SEED_NODES, s.discovery());
        assertNull(s.management(), "management is off by default with seed nodes");
        assertEquals(1, s.requiredContactPoints());
        assertEquals("strider", s.serviceName());
        assertEquals(15, s.podAnnotationsEvery());
    }

    @Test
    void shouldStartManagementOnTheBindHostWhenDiscoveryIsABootstrapMethod() {
        final ClusterConfig.Settings config = read("strider.cluster.discovery = config");
        assertEquals(new ClusterConfig.Management("10.0.0.7", 8558), config.management());
        final ClusterConfig.Settings k8s = read("strider.cluster { discovery = kubernetes-api, management.hostname = "
            + "10.1.2.3, management.port = 9000, required-contact-points = 2, service-name = lr-t0 }");
        assertEquals(ClusterConfig.Discovery.KUBERNETES_API, k8s.discovery());
        assertEquals(new ClusterConfig.Management("10.1.2.3", 9000), k8s.management());
        assertEquals(2, k8s.requiredContactPoints());
        assertEquals("lr-t0", k8s.serviceName());
        assertEquals(new ClusterConfig.Management("10.0.0.7", 8558),
            read("strider.cluster.management.enabled = true").management(), "management may run with seed nodes");
    }

    @Test
    void shouldNameTheKeyWhenASettingIsWrong() {
        assertTrue(error("strider.cluster.discovery = dns").contains(
            "strider.cluster.discovery must be one of seed-nodes, config, kubernetes-api, got 'dns'"));
        assertTrue(error("strider.cluster { discovery = config, management.enabled = false }").contains(
            "strider.cluster.management.enabled must not be false"));
        assertTrue(error("strider.cluster.management.enabled = maybe").contains(
            "strider.cluster.management.enabled must be auto, true or false, got 'maybe'"));
        assertTrue(error("strider.cluster { discovery = config, management.port = 0 }").contains(
            "strider.cluster.management.port must be in 1..65535, got 0"));
        assertTrue(error("strider.cluster.required-contact-points = 0").contains(
            "strider.cluster.required-contact-points must be >= 1, got 0"));
        assertTrue(error("strider.cluster { discovery = kubernetes-api, service-name = \" \" }").contains(
            "strider.cluster.service-name must not be empty"));
        assertTrue(error("strider.cluster.management.port = many").contains("management.port"));
    }

    @Test
    void shouldBindManagementToItsHostOnlyWithBootstrapKeysWhenDiscoveryIsConfig() {
        final Config c = node(read("strider.cluster { discovery = config, service-name = test, "
            + "required-contact-points = 3 }"), "pekko.discovery.config.services.test.endpoints = "
            + "[{host = \"10.0.0.7\", port = 8558}]");
        assertEquals("10.0.0.7", c.getString("pekko.management.http.hostname"));
        assertEquals("10.0.0.7", c.getString("pekko.management.http.bind-hostname"), "not 0.0.0.0");
        assertEquals(8558, c.getInt("pekko.management.http.port"));
        assertEquals(8558, c.getInt("pekko.management.http.bind-port"));
        assertTrue(c.getBoolean("pekko.management.http.route-providers-read-only"));
        assertEquals("", c.getString("pekko.management.http.routes.cluster-management"), "cluster routes off");
        assertEquals("config", c.getString("pekko.management.cluster.bootstrap.contact-point-discovery.discovery-method"));
        assertEquals("test", c.getString("pekko.management.cluster.bootstrap.contact-point-discovery.service-name"));
        assertEquals(3, c.getInt(
            "pekko.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr"));
        assertFalse(c.getBoolean("pekko.management.cluster.bootstrap.contact-point.filter-on-fallback-port"),
            "contact points on one host differ by port only");
        assertEquals(1, c.getList("pekko.discovery.config.services.test.endpoints").size(), "the run's block passes");
        assertTrue(c.getList("pekko.cluster.seed-nodes").isEmpty());
        assertEquals("10.0.0.7", c.getString("pekko.remote.artery.canonical.hostname"));
    }

    @Test
    void shouldSelectTheRunsPodsByLabelWhenDiscoveryIsKubernetesApi() {
        final ClusterConfig.Settings s = read("strider.cluster { discovery = kubernetes-api, service-name = lr-t3 }");
        final Config c = node(s, "pekko.management.http.hostname = 1.2.3.4\n"
            + "pekko.management.cluster.bootstrap.contact-point-discovery.stable-margin = 7s");
        assertEquals("kubernetes-api",
            c.getString("pekko.management.cluster.bootstrap.contact-point-discovery.discovery-method"));
        assertEquals("management", c.getString("pekko.management.cluster.bootstrap.contact-point-discovery.port-name"));
        assertEquals("strider.io/run=%s", c.getString("pekko.discovery.kubernetes-api.pod-label-selector"));
        assertEquals("10.0.0.7", c.getString("pekko.management.http.hostname"), "strider.cluster wins over pekko");
        assertEquals(7, c.getDuration("pekko.management.cluster.bootstrap.contact-point-discovery.stable-margin")
            .toSeconds(), "other bootstrap keys pass");
        assertEquals("app=%s", node(s, "pekko.discovery.kubernetes-api.pod-label-selector = \"app=%s\"")
            .getString("pekko.discovery.kubernetes-api.pod-label-selector"), "a run config may select otherwise");
    }

    @Test
    void shouldLeaveManagementUnconfiguredWhenJoiningBySeedNodes() {
        final Config c = ClusterConfig.node("127.0.0.1", 0, List.of("127.0.0.1:25520"), EnumSet.of(NodeRole.ACTOR),
            ClusterConfig.Settings.seedNodes(), ConfigFactory.empty(), ConfigFactory.load());
        assertFalse(c.hasPath("pekko.management.http.bind-port"), "no management keys");
        assertFalse(c.hasPath("pekko.management.cluster.bootstrap.contact-point-discovery.discovery-method"));
        assertEquals(List.of("pekko://strider@127.0.0.1:25520"), c.getStringList("pekko.cluster.seed-nodes"));
    }

    @Test
    void shouldRefuseSeedNodesWhenBootstrapFindsTheCluster() {
        final ClusterConfig.Settings s = read("strider.cluster.discovery = config");
        final String message = assertThrows(IllegalArgumentException.class, () -> ClusterConfig.node("127.0.0.1", 0,
            List.of("127.0.0.1:25520"), EnumSet.of(NodeRole.ACTOR), s, ConfigFactory.empty(), ConfigFactory.load()))
            .getMessage();
        assertTrue(message.contains("exclude each other"), message);
    }
}
