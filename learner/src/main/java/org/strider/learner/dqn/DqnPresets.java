package org.strider.learner.dqn;

import com.typesafe.config.Config;
import java.util.List;
import org.strider.learner.preset.PresetFile;

/**
 * Named DQN configs, read from the HOCON file {@code strider/presets/dqn.conf} on the class path: one block per name
 * holding the {@code strider.dqn} keys it changes from {@link DqnConfig#defaults()} (SB3's DQN defaults), each
 * commented with its source (the env presets: RL Baselines3 Zoo's {@code hyperparams/dqn.yml} translated to this
 * config's units; the seed preset: seed 002's notebook).
 */
public final class DqnPresets {
    /** Where the presets live on the class path. */
    public static final String RESOURCE = "strider/presets/dqn.conf";

    private static final PresetFile FILE = PresetFile.load(RESOURCE, "DQN");

    private DqnPresets() {
    }

    /** Every preset name, in the file's order: {@code default}, the env ids, then the seed notebook's settings. */
    public static List<String> names() {
        return FILE.names();
    }

    /** Whether {@code name} is a preset. */
    public static boolean contains(final String name) {
        return FILE.contains(name);
    }

    /**
     * The preset called {@code name}: the defaults with the block's keys set.
     *
     * @throws IllegalArgumentException for an unknown name, listing the presets
     */
    public static DqnConfig named(final String name) {
        final DqnConfig.Builder b = DqnConfig.builder();
        FILE.settings(name).forEach(b::set);
        return b.build();
    }

    /** The env's tuned preset if there is one, else the defaults. */
    public static DqnConfig forEnv(final String envId) {
        return FILE.contains(envId) ? named(envId) : DqnConfig.defaults();
    }

    /** The keys preset {@code name} sets, relative to {@code strider.dqn} ({@code dqn.gamma}, ...). */
    public static Config hocon(final String name) {
        return FILE.block(name);
    }

    /** RL Zoo {@code CartPole-v1} with 64-64 hidden layers (see dqn.conf). */
    public static DqnConfig cartPole() {
        return named("CartPole-v1");
    }

    /** RL Zoo {@code LunarLander-v2} on v3 (see dqn.conf). */
    public static DqnConfig lunarLander() {
        return named("LunarLander-v3");
    }

    /** Seed 002's CartPole notebook (see dqn.conf). */
    public static DqnConfig seed002CartPole() {
        return named("seed002-cartpole");
    }
}
