package org.strider.learner.dqn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DqnConfigTest {
    @Test
    void shouldRoundTripEveryPresetThroughDescribeAndParse() {
        for (final String name : DqnPresets.names()) {
            final DqnConfig config = DqnPresets.named(name);
            assertEquals(config, DqnConfig.parse(config.describe()), name);
            assertEquals(DqnConfig.KEYS.size(), config.describe().lines().count(), name);
            assertEquals(DqnConfig.KEYS, config.describe().lines().map(l -> l.substring(0, l.indexOf('='))).toList());
        }
        assertTrue(DqnPresets.named("seed002-cartpole").networks().batchNorm());
        assertFalse(DqnPresets.forEnv("CartPole-v1").networks().batchNorm());
        assertEquals(DqnConfig.defaults(), DqnPresets.forEnv("Acrobot-v1"));
    }

    @Test
    void shouldSetKeysByName() {
        final DqnConfig c = DqnConfig.builder().set("dqn.double_q", "true").set("networks.hidden", "128, 64")
            .set("exploration.schedule", "EXPONENTIAL").set("exploration.decay_unit", "episodes")
            .set("dqn.tau", "0.005").set("algorithm", "dqn").build();
        assertTrue(c.dqn().doubleQ());
        assertEquals(64, c.networks().hidden()[1]);
        assertEquals(DqnConfig.Schedule.EXPONENTIAL, c.exploration().schedule());
        assertEquals(DqnConfig.DecayUnit.EPISODES, c.exploration().unit());
        assertEquals(0.005, c.dqn().tau());
    }

    @Test
    void shouldNameTheKeyAndWhatIsAllowedOnBadInput() {
        assertEquals("config exploration.schedule has no value 'cosine'; values: linear, exponential",
            assertThrows(IllegalArgumentException.class,
                () -> DqnConfig.builder().set("exploration.schedule", "cosine")).getMessage());
        assertEquals("config dqn.double_q must be true or false, got 'yes'",
            assertThrows(IllegalArgumentException.class, () -> DqnConfig.builder().set("dqn.double_q", "yes"))
                .getMessage());
        assertEquals("config dqn.gamma must be a number, got 'high'",
            assertThrows(IllegalArgumentException.class, () -> DqnConfig.builder().set("dqn.gamma", "high"))
                .getMessage());
        assertEquals("config dqn.tau must be in (0.0, 1.0], got 0.0",
            assertThrows(IllegalArgumentException.class, () -> DqnConfig.builder().set("dqn.tau", "0").build())
                .getMessage());
        assertEquals("config exploration.eps_final must be in [0.0, 1.0], got 1.5",
            assertThrows(IllegalArgumentException.class,
                () -> DqnConfig.builder().set("exploration.eps_final", "1.5").build()).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DqnConfig.builder().set("td3.tau", "1"))
            .getMessage().startsWith("unknown config key 'td3.tau'; keys: algorithm, networks.hidden"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DqnConfig.builder().set("algorithm", "td3"))
            .getMessage().contains("td3 and ddpg are TD3 configs"));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> DqnConfig.parse(DqnConfig.defaults().describe().replace("dqn.tau=1.0\n", "")))
            .getMessage().endsWith("lacks keys: dqn.tau"));
    }
}
