package org.strider.learner.td3;

import com.typesafe.config.Config;
import java.util.List;
import org.strider.learner.preset.PresetFile;

/**
 * Named TD3/DDPG configs, read from the HOCON file {@code strider/presets/td3.conf} on the class path: one block per
 * name holding the {@code strider.learner} keys it changes from {@link Td3Config#defaults()}, each block commented
 * with where its numbers come from (the env presets: RL Baselines3 Zoo's {@code hyperparams/td3.yml}; the seed
 * presets: the seed notebooks). Names: {@code default}, one per continuous env id, then the seeds' settings.
 *
 * <pre>{@code
 * Td3Config c = Td3Presets.forEnv("BipedalWalker-v3");   // RL Zoo's 400-300 entry
 * Config block = Td3Presets.hocon("seed000-ddpg");       // the keys it sets, for a config loader
 * }</pre>
 */
public final class Td3Presets {
    /** Where the presets live on the class path. */
    public static final String RESOURCE = "strider/presets/td3.conf";

    private static final PresetFile FILE = PresetFile.load(RESOURCE, "TD3");

    private Td3Presets() {
    }

    /** Every preset name, in the file's order: {@code default}, the env ids, then the seed notebooks' settings. */
    public static List<String> names() {
        return FILE.names();
    }

    /** Whether {@code name} is a preset. */
    public static boolean contains(final String name) {
        return FILE.contains(name);
    }

    /**
     * The preset called {@code name} (an env id, {@code default}, or a seed preset): the defaults with the block's
     * keys set.
     *
     * @throws IllegalArgumentException for an unknown name, listing the presets
     */
    public static Td3Config named(final String name) {
        final Td3Config.Builder b = Td3Config.builder();
        FILE.settings(name).forEach(b::set);
        return b.build();
    }

    /** The env's tuned preset if there is one, else the defaults. */
    public static Td3Config forEnv(final String envId) {
        return FILE.contains(envId) ? named(envId) : Td3Config.defaults();
    }

    /** The keys preset {@code name} sets, relative to {@code strider.learner} ({@code td3.gamma}, ...). */
    public static Config hocon(final String name) {
        return FILE.block(name);
    }

    /** RL Zoo {@code Pendulum-v1} with a 1000-step warm-up (see td3.conf). */
    public static Td3Config pendulum() {
        return named("Pendulum-v1");
    }

    /** Seed 000's TD3 agent (see td3.conf). */
    public static Td3Config seed000Td3() {
        return named("seed000-td3");
    }

    /** Seed 000's configurable DDPG (see td3.conf). */
    public static Td3Config seed000Ddpg() {
        return named("seed000-ddpg");
    }

    /** Seed 001's DDPG on Pendulum (see td3.conf). */
    public static Td3Config seed001DdpgPendulum() {
        return named("seed001-ddpg-pendulum");
    }
}
