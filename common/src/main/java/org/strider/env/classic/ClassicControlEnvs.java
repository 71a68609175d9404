package org.strider.env.classic;

import java.util.List;
import java.util.Map;
import org.strider.env.EnvProvider;
import org.strider.env.EnvRegistration;
import org.strider.env.EnvSpec;

/**
 * Registers Pendulum-v1, CartPole-v1 and MountainCarContinuous-v0 with Gymnasium's time limits, reward thresholds
 * and {@code make} options. Gymnasium has no heuristic controller for these, so none is registered.
 */
public final class ClassicControlEnvs implements EnvProvider {
    public static final EnvSpec PENDULUM = new EnvSpec(PendulumEnv.ID, 200, Double.NaN,
        Map.of(PendulumEnv.OPTION_G, 10.0));
    public static final EnvSpec CART_POLE = new EnvSpec(CartPoleEnv.ID, 500, 475.0,
        Map.of(CartPoleEnv.OPTION_SUTTON_BARTO_REWARD, false));
    public static final EnvSpec MOUNTAIN_CAR_CONTINUOUS = new EnvSpec(MountainCarContinuousEnv.ID, 999, 90.0,
        Map.of(MountainCarContinuousEnv.OPTION_GOAL_VELOCITY, 0.0));

    @Override
    public List<EnvRegistration> registrations() {
        return List.of(
            EnvRegistration.of(PENDULUM, PendulumEnv::new),
            EnvRegistration.of(CART_POLE, CartPoleEnv::new),
            EnvRegistration.of(MOUNTAIN_CAR_CONTINUOUS, MountainCarContinuousEnv::new));
    }
}
