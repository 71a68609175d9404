package org.strider.learner.td3;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.strider.learner.td3.Td3Config.CriticArchitecture;

/**
 * Named configs. The env presets are RL Baselines3 Zoo's tuned TD3 entries ({@code hyperparams/td3.yml},
 * DLR-RM/rl-baselines3-zoo, checked at commit 22e3ff2 of April 2026); keys the entry leaves out take SB3's TD3
 * defaults ({@code stable_baselines3/td3/td3.py}: batch 256, tau 0.005, policy_delay 2, target_policy_noise 0.2,
 * target_noise_clip 0.5). SB3 adds noise in the [-1, 1] normalised action space, so its {@code noise_std} is a
 * fraction of the half-range, the unit used here.
 */
public final class Td3Presets {
    /** Name → preset, in the order {@link #names()} lists them. */
    private static final Map<String, Supplier<Td3Config>> PRESETS = new LinkedHashMap<>();

    static {
        PRESETS.put("default", Td3Config::defaults);
        PRESETS.put("Pendulum-v1", Td3Presets::pendulum);
        PRESETS.put("LunarLanderContinuous-v3", () -> rlZoo400x300().build());
        PRESETS.put("BipedalWalker-v3", () -> rlZoo400x300().build());
        PRESETS.put("seed000-td3", Td3Presets::seed000Td3);
        PRESETS.put("seed000-ddpg", Td3Presets::seed000Ddpg);
        PRESETS.put("seed001-ddpg-pendulum", Td3Presets::seed001DdpgPendulum);
    }

    private Td3Presets() {
    }

    /** Every preset name: {@code default}, the env ids, then the seed notebooks' settings. */
    public static List<String> names() {
        return List.copyOf(PRESETS.keySet());
    }

    /** The preset called {@code name} (an env id, {@code default}, or a seed preset). */
    public static Td3Config named(final String name) {
        final Supplier<Td3Config> preset = PRESETS.get(name);
        if (preset == null) {
            throw new IllegalArgumentException("unknown TD3 preset '" + name + "'; presets: "
                + String.join(", ", names()));
        }
        return preset.get();
    }

    /** The env's tuned preset if there is one, else the defaults. */
    public static Td3Config forEnv(final String envId) {
        return PRESETS.containsKey(envId) ? named(envId) : Td3Config.defaults();
    }

    /**
     * RL Zoo {@code Pendulum-v1}: net_arch [400, 300], learning_rate 1e-3, gamma 0.98, buffer_size 200000,
     * noise normal 0.1, train_freq 1 and gradient_steps 1 (one update per env step). The warm-up is shorter
     * than the Zoo's learning_starts 10000 (its 20k-step budget spends half on random actions): 1000, as the Zoo's
     * earlier Pendulum entry (learning_starts 1000) and seed 000's TD3 agent (warmup 1000).
     */
    public static Td3Config pendulum() {
        return rlZoo400x300().warmupSteps(1_000).build();
    }

    /**
     * RL Zoo's entry shared by {@code LunarLanderContinuous-v3} and {@code BipedalWalker-v3} (and Pendulum-v1):
     * net_arch [400, 300] for actor and critics, learning_rate 1e-3, gamma 0.98, buffer_size 200000,
     * learning_starts 10000, noise normal 0.1, one update per env step; the rest SB3 defaults (batch 256).
     */
    private static Td3Config.Builder rlZoo400x300() {
        return Td3Config.builder()
            .hidden(400, 300)
            .learningRate(1e-3)
            .gamma(0.98)
            .capacity(200_000)
            .warmupSteps(10_000)
            .sigma(0.1)
            .batchSize(256);
    }

    /**
     * Seed 000's TD3 {@code Agent} defaults: 400-300, critic joined by the action at its first two layers,
     * actor and critic lr 1e-3, tau 0.005, gamma 0.99, update_actor_interval 2, warmup 1000, max_size 1e6,
     * batch_size 100, target noise 0.2 clipped at 0.5 (both times max_action). Exploration σ 0.1 is ours (the
     * notebook passes it in from its main script).
     */
    public static Td3Config seed000Td3() {
        return Td3Config.builder()
            .hidden(400, 300)
            .critic(CriticArchitecture.ACTION_AT_FIRST_TWO_LAYERS)
            .learningRate(1e-3)
            .warmupSteps(1_000)
            .batchSize(100)
            .build();
    }

    /**
     * Seed 000's configurable DDPG: the LayerNorm state branch + action branch critic, learning rates from the
     * notebook's example command (critic 1e-5, actor 1e-4), batch 100 and warm-up 1000 as its TD3 agent;
     * hidden 400-300 is ours (the notebook leaves the list to the user).
     */
    public static Td3Config seed000Ddpg() {
        return Td3Config.builder()
            .ddpg()
            .hidden(400, 300)
            .critic(CriticArchitecture.STATE_BRANCH_LAYER_NORM)
            .actorLearningRate(1e-4)
            .criticLearningRate(1e-5)
            .warmupSteps(1_000)
            .batchSize(100)
            .build();
    }

    /**
     * Seed 001's DDPG on Pendulum: one hidden layer of 128, gamma 0.95, batch 64, lr 1e-4, buffer 1e5, polyak
     * 0.995 (tau 0.005), exploration ε·N(0, 1) with ε from 0.4 down to 0.1 linearly over 45 episodes of 200
     * steps (ε is absolute torque; on Pendulum's ±2 that is 0.2 → 0.05 of the half-range), learning from the
     * 11th episode (2200 steps; the seed acts with its noisy actor before that, here the actions are random).
     */
    public static Td3Config seed001DdpgPendulum() {
        return Td3Config.builder()
            .ddpg()
            .hidden(128)
            .gamma(0.95)
            .batchSize(64)
            .learningRate(1e-4)
            .capacity(100_000)
            .sigmaDecay(0.2, 0.05, 45 * 200)
            .warmupSteps(2_200)
            .build();
    }
}
