package org.strider.learner.preset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.strider.learner.dqn.DqnConfig;
import org.strider.learner.dqn.DqnPresets;
import org.strider.learner.td3.Td3Config;
import org.strider.learner.td3.Td3Config.CriticArchitecture;
import org.strider.learner.td3.Td3Config.NoiseType;
import org.strider.learner.td3.Td3Presets;

/** The HOCON presets give exactly the configs the Java presets built before them (written out here). */
class PresetFileTest {
    private static Td3Config.Builder rlZoo400x300() {
        return Td3Config.builder().hidden(400, 300).learningRate(1e-3).gamma(0.98).capacity(200_000)
            .warmupSteps(10_000).sigma(0.1).batchSize(256);
    }

    @Test
    void shouldKeepTheValuesOfTheFormerJavaTd3Presets() {
        assertEquals(Td3Config.defaults(), Td3Presets.named("default"));
        assertEquals(rlZoo400x300().warmupSteps(1_000).build(), Td3Presets.named("Pendulum-v1"));
        assertEquals(rlZoo400x300().build(), Td3Presets.named("LunarLanderContinuous-v3"));
        assertEquals(rlZoo400x300().build(), Td3Presets.named("BipedalWalker-v3"));
        assertEquals(Td3Config.builder().hidden(400, 300).critic(CriticArchitecture.ACTION_AT_FIRST_TWO_LAYERS)
            .learningRate(1e-3).warmupSteps(1_000).batchSize(100).build(), Td3Presets.named("seed000-td3"));
        assertEquals(Td3Config.builder().ddpg().hidden(400, 300).critic(CriticArchitecture.STATE_BRANCH_LAYER_NORM)
            .actorLearningRate(1e-4).criticLearningRate(1e-5).warmupSteps(1_000).batchSize(100).build(),
            Td3Presets.named("seed000-ddpg"));
        assertEquals(Td3Config.builder().ddpg().hidden(128).gamma(0.95).batchSize(64).learningRate(1e-4)
            .capacity(100_000).sigmaDecay(0.2, 0.05, 45 * 200).warmupSteps(2_200).build(),
            Td3Presets.named("seed001-ddpg-pendulum"));
    }

    @Test
    void shouldFollowRlZooForTheNewContinuousEnvPresets() {
        final Td3Config car = Td3Presets.forEnv("MountainCarContinuous-v0");
        assertEquals(NoiseType.ORNSTEIN_UHLENBECK, car.exploration().type());
        assertEquals(0.5, car.exploration().sigma());
        assertEquals(0.5, car.exploration().sigmaFinal());
        assertEquals(0.15, car.exploration().ouTheta());
        assertEquals(0.01, car.exploration().ouDt());
        assertArrayEquals(new int[] {400, 300}, car.networks().criticHidden());
        assertEquals(new Td3Config.Optimiser(1e-3, 1e-3), car.optimiser());
        assertEquals(new Td3Config.Td3(0.99, 0.005, 2, 0.2, 0.5), car.td3());
        assertEquals(new Td3Config.Replay(1_000_000, 256, 100), car.replay());

        final Td3Config hardcore = Td3Presets.forEnv("BipedalWalkerHardcore-v3");
        assertEquals(new Td3Config.Optimiser(7e-4, 7e-4), hardcore.optimiser());
        assertEquals(0.99, hardcore.td3().gamma());
        assertEquals(new Td3Config.Replay(1_000_000, 256, 10_000), hardcore.replay());
        assertEquals(NoiseType.GAUSSIAN, hardcore.exploration().type());
        assertEquals(0.1, hardcore.exploration().sigma());
        assertArrayEquals(new int[] {400, 300}, hardcore.networks().actorHidden());
    }

    @Test
    void shouldListEveryContinuousEnvAndKeepTheFileOrder() {
        assertEquals(List.of("default", "Pendulum-v1", "MountainCarContinuous-v0", "LunarLanderContinuous-v3",
            "BipedalWalker-v3", "BipedalWalkerHardcore-v3", "seed000-td3", "seed000-ddpg", "seed001-ddpg-pendulum"),
            Td3Presets.names());
        assertEquals(List.of("default", "CartPole-v1", "LunarLander-v3", "seed002-cartpole"), DqnPresets.names());
    }

    @Test
    void shouldKeepTheValuesOfTheFormerJavaDqnPresets() {
        assertEquals(DqnConfig.defaults(), DqnPresets.named("default"));
        assertEquals(DqnConfig.builder().hidden(64, 64).learningRate(2.3e-3).batchSize(64).capacity(100_000)
            .warmupSteps(1_000).gamma(0.99).trainEvery(256, 128).hardTargetUpdate(128).linearEpsilon(1.0, 0.04, 8_000)
            .build(), DqnPresets.named("CartPole-v1"));
        assertEquals(DqnConfig.builder().hidden(256, 256).learningRate(6.3e-4).batchSize(128).capacity(50_000)
            .warmupSteps(0).gamma(0.99).trainEvery(4, 4).hardTargetUpdate(250).linearEpsilon(1.0, 0.1, 12_000)
            .build(), DqnPresets.named("LunarLander-v3"));
        assertEquals(DqnConfig.builder().hidden(32, 32).batchNorm(true).learningRate(1e-3).maxGradNorm(0).gamma(1.0)
            .batchSize(128).capacity(10_000).warmupSteps(128).trainEvery(1, 1).hardTargetUpdate(500)
            .exponentialEpsilon(0.9, 0.01, 500, DqnConfig.DecayUnit.EPISODES).build(),
            DqnPresets.named("seed002-cartpole"));
    }

    @Test
    void shouldGiveTheBlockAsHoconAndRejectUnknownNamesListingTheKnownOnes() {
        assertEquals(0.98, Td3Presets.hocon("Pendulum-v1").getDouble("td3.gamma"));
        assertEquals(List.of(400, 300), Td3Presets.hocon("Pendulum-v1").getIntList("networks.actor_hidden"));
        assertTrue(Td3Presets.hocon("default").isEmpty());
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> DqnPresets.hocon("Acrobot-v1"));
        assertEquals("unknown DQN preset 'Acrobot-v1'; presets: default, CartPole-v1, LunarLander-v3, "
            + "seed002-cartpole", e.getMessage());
    }
}
