package org.strider.learner.td3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.strider.learner.td3.Td3Config.Algorithm;
import org.strider.learner.td3.Td3Config.CriticArchitecture;
import org.strider.learner.td3.Td3Config.NoiseType;
import org.strider.nn.Activation;

class Td3ConfigTest {
    @Test
    void shouldDefaultToTheTd3AuthorsSettings() {
        final Td3Config c = Td3Config.defaults();
        assertEquals(Algorithm.TD3, c.algorithm());
        assertArrayEquals(new int[] {256, 256}, c.networks().actorHidden());
        assertArrayEquals(new int[] {256, 256}, c.networks().criticHidden());
        assertEquals(Activation.RELU, c.networks().activation());
        assertEquals(CriticArchitecture.CONCAT, c.networks().critic());
        assertEquals(3e-4, c.optimiser().actorLearningRate());
        assertEquals(3e-4, c.optimiser().criticLearningRate());
        assertEquals(new Td3Config.Td3(0.99, 0.005, 2, 0.2, 0.5), c.td3());
        assertEquals(NoiseType.GAUSSIAN, c.exploration().type());
        assertEquals(0.1, c.exploration().sigma());
        assertEquals(0, c.exploration().decaySteps());
        assertEquals(new Td3Config.Replay(1_000_000, 256, 25_000), c.replay());
        assertTrue(c.twinCritics());
    }

    @Test
    void shouldFollowRlZooForThePendulumPresetWithAShortWarmup() {
        final Td3Config c = Td3Presets.named("Pendulum-v1");
        assertArrayEquals(new int[] {400, 300}, c.networks().actorHidden());
        assertArrayEquals(new int[] {400, 300}, c.networks().criticHidden());
        assertEquals(1e-3, c.optimiser().actorLearningRate());
        assertEquals(1e-3, c.optimiser().criticLearningRate());
        assertEquals(0.98, c.td3().gamma());
        assertEquals(200_000, c.replay().capacity());
        assertEquals(256, c.replay().batchSize());
        assertEquals(1_000, c.replay().warmupSteps());
        assertEquals(0.1, c.exploration().sigma());
        assertEquals(Td3Presets.forEnv("Pendulum-v1"), c);
    }

    @Test
    void shouldBuildEveryPreset() {
        for (final String name : Td3Presets.names()) {
            final Td3Config c = Td3Presets.named(name);
            assertEquals(c, c.toBuilder().build(), name);
        }
        assertEquals(Td3Config.defaults(), Td3Presets.forEnv("CartPole-v1"));
        assertEquals(Algorithm.DDPG, Td3Presets.named("seed000-ddpg").algorithm());
        assertEquals(CriticArchitecture.ACTION_AT_FIRST_TWO_LAYERS, Td3Presets.named("seed000-td3").networks().critic());
    }

    @Test
    void shouldNameTheFieldAndRangeWhenAValueIsOutOfRange() {
        assertMessage("config td3.gamma must be in [0.0, 1.0], got 1.5", Td3Config.builder().gamma(1.5));
        assertMessage("config td3.tau must be in (0.0, 1.0], got 0.0", Td3Config.builder().tau(0));
        assertMessage("config td3.policy_delay must be in [1, 1000], got 0", Td3Config.builder().policyDelay(0));
        assertMessage("config optimiser.critic_lr must be in (0.0, 1.0], got NaN",
            Td3Config.builder().criticLearningRate(Double.NaN));
        assertMessage("config replay.batch_size must be in [1, 65536], got 0", Td3Config.builder().batchSize(0));
        assertMessage("config networks.actor_hidden widths must be in [1, 65536], got 256,0",
            Td3Config.builder().actorHidden(256, 0));
        assertMessage("config networks.critic_hidden must have exactly 2 layers for critic action_at_first_two_layers,"
            + " got 256", Td3Config.builder().critic(CriticArchitecture.ACTION_AT_FIRST_TWO_LAYERS).criticHidden(256));
        assertMessage("config exploration.sigma must be in [0.0, 10.0], got -0.1", Td3Config.builder().sigma(-0.1));
        assertMessage("config td3.policy_delay must be 1 for algorithm ddpg (the actor learns every step), got 2",
            Td3Config.builder().ddpg().policyDelay(2));
        assertMessage("config td3.target_noise must be 0 for algorithm ddpg (no target policy smoothing), got 0.2",
            Td3Config.builder().algorithm(Algorithm.DDPG).policyDelay(1));
    }

    @Test
    void shouldRejectUnknownPresetsListingTheKnownOnes() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Td3Presets.named("Hopper-v4"));
        assertTrue(e.getMessage().startsWith("unknown TD3 preset 'Hopper-v4'; presets: default, Pendulum-v1"),
            e.getMessage());
    }

    @Test
    void shouldDescribeEveryKeySoThatConfigsDifferWhenAnyKeyDoes() {
        final Td3Config a = Td3Config.defaults();
        final Td3Config b = a.toBuilder().tau(0.01).build();
        assertNotEquals(a, b);
        assertTrue(b.describe().contains("td3.tau=0.01\n"));
        assertEquals(21, a.describe().lines().count());
        assertTrue(a.describe().startsWith("algorithm=td3\nnetworks.actor_hidden=256,256\n"), a.describe());
    }

    @Test
    void shouldNotShareTheHiddenArrays() {
        final int[] hidden = {64, 64};
        final Td3Config c = Td3Config.builder().hidden(hidden).build();
        hidden[0] = 1;
        c.networks().actorHidden()[1] = 2;
        assertArrayEquals(new int[] {64, 64}, c.networks().actorHidden());
    }

    private static void assertMessage(final String expected, final Td3Config.Builder builder) {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
        assertEquals(expected, e.getMessage());
    }

    @Test
    void shouldParseItsOwnDescriptionForEveryPreset() {
        for (final String name : Td3Presets.names()) {
            final Td3Config c = Td3Presets.named(name);
            assertEquals(c, Td3Config.parse(c.describe()), name);
        }
        assertEquals(Td3Config.KEYS, Td3Config.defaults().describe().lines().map(l -> l.split("=")[0]).toList());
    }

    @Test
    void shouldSetKeysByNameAndRejectUnknownKeysOrValues() {
        final Td3Config c = Td3Config.builder().set("td3.tau", "0.01").set("networks.actor_hidden", "64, 32")
            .set("exploration.type", "ornstein_uhlenbeck").build();
        assertEquals(0.01, c.td3().tau());
        assertArrayEquals(new int[] {64, 32}, c.networks().actorHidden());
        assertEquals(NoiseType.ORNSTEIN_UHLENBECK, c.exploration().type());
        final IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
            () -> Td3Config.builder().set("td3.tauu", "1"));
        assertTrue(unknown.getMessage().startsWith("unknown config key 'td3.tauu'; keys: algorithm, "),
            unknown.getMessage());
        assertEquals("config td3.gamma must be a number, got 'high'",
            assertThrows(IllegalArgumentException.class, () -> Td3Config.builder().set("td3.gamma", "high"))
                .getMessage());
        assertEquals("config exploration.type has no value 'pink'",
            assertThrows(IllegalArgumentException.class, () -> Td3Config.builder().set("exploration.type", "pink"))
                .getMessage());
        assertEquals("config description lacks keys: has 1 of 21",
            assertThrows(IllegalArgumentException.class, () -> Td3Config.parse("td3.tau=0.01\n")).getMessage());
    }
}
