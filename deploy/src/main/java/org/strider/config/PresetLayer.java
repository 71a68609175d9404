package org.strider.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import org.strider.learner.dqn.DqnPresets;
import org.strider.learner.td3.Td3Presets;

/**
 * The preset layer of a run config: a TD3/DDPG preset's keys under {@code strider.learner} (continuous envs) or a
 * DQN preset's under {@code strider.dqn} with {@code strider.learner.algorithm = dqn} (discrete envs). No name
 * ({@code ""}) means the env's own preset, or {@code default}.
 *
 * @param name the preset applied
 * @param dqn  whether it is a DQN preset
 * @param layer its keys, from the root ({@code strider.learner.td3.gamma})
 */
record PresetLayer(String name, boolean dqn, Config layer) {
    /** Presets on offer, for messages and help. */
    static String catalogue() {
        return "TD3/DDPG presets (continuous actions): " + String.join(", ", Td3Presets.names())
            + "; DQN presets (discrete actions): " + String.join(", ", DqnPresets.names());
    }

    /**
     * @param env     the env id
     * @param name    the preset asked for, "" for the env's own
     * @param actions the env's action space: discrete (DQN presets) or continuous (TD3 presets)
     * @throws ConfigError for an unknown name, or a preset of the other family than the env's actions
     */
    static PresetLayer choose(final String env, final String name, final EnvActions actions) {
        final boolean discrete = actions.discrete();
        if (name.isEmpty() || name.equals("default")) {
            final String own = name.isEmpty() && (discrete ? DqnPresets.contains(env) : Td3Presets.contains(env))
                ? env : "default";
            return discrete ? dqn(own) : td3(own);
        }
        if (Td3Presets.contains(name)) {
            if (discrete) {
                throw new ConfigError("config " + SetOverrides.RUN + ".preset: " + name + " is a TD3/DDPG preset, for "
                    + "continuous actions, but " + env + " has " + actions.description() + "; DQN presets: "
                    + String.join(", ", DqnPresets.names()));
            }
            return td3(name);
        }
        if (DqnPresets.contains(name)) {
            if (!discrete) {
                throw new ConfigError("config " + SetOverrides.RUN + ".preset: " + name + " is a DQN preset, for "
                    + "discrete actions, but " + env + " has " + actions.description() + "; TD3/DDPG presets: "
                    + String.join(", ", Td3Presets.names()));
            }
            return dqn(name);
        }
        throw new ConfigError("config " + SetOverrides.RUN + ".preset: unknown preset '" + name + "'; "
            + catalogue());
    }

    private static PresetLayer td3(final String name) {
        return new PresetLayer(name, false, Td3Presets.hocon(name).atPath(SetOverrides.LEARNER));
    }

    private static PresetLayer dqn(final String name) {
        return new PresetLayer(name, true, DqnPresets.hocon(name).atPath(SetOverrides.DQN)
            .withValue(SetOverrides.ALGORITHM, ConfigValueFactory.fromAnyRef("dqn", DqnPresets.RESOURCE)));
    }
}
