package org.strider.config;

import org.strider.env.Discrete;
import org.strider.env.Env;
import org.strider.env.EnvRegistry;

/**
 * What kind of actions an env takes, which decides the algorithm family: discrete (DQN) or continuous (TD3/DDPG).
 *
 * @param discrete    whether the action space is {@link Discrete}
 * @param description the space as {@code strider envs} prints it ({@code Discrete(2)}, {@code Box(1,) [-2, 2]})
 */
record EnvActions(boolean discrete, String description) {
    /** @throws ConfigError naming {@code strider.run.env} and the known ids for an unknown env */
    static EnvActions of(final String envId) {
        try {
            EnvRegistry.spec(envId);
        } catch (final IllegalArgumentException e) {
            throw new ConfigError("config " + SetOverrides.RUN + ".env: " + e.getMessage(), e);
        }
        try (Env env = EnvRegistry.make(envId)) {
            final boolean discrete = env.actionSpace() instanceof Discrete;
            return new EnvActions(discrete, (discrete ? "discrete actions " : "continuous actions ")
                + env.actionSpace().describe());
        }
    }
}
