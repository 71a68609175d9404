package org.strider.env.box2d.bipedal;

import java.util.List;
import java.util.Map;
import org.strider.env.EnvProvider;
import org.strider.env.box2d.Box2dCompat;
import org.strider.env.EnvRegistration;
import org.strider.env.EnvSpec;

/**
 * Registers BipedalWalker-v3 (1600 steps) and BipedalWalkerHardcore-v3 (2000 steps), both solved at 300, as
 * Gymnasium does. Both accept {@code hardcore}; the Hardcore id only changes its default to true. Both have the
 * scripted gait as their heuristic.
 */
public final class BipedalWalkerEnvs implements EnvProvider {
    public static final String WALKER = "BipedalWalker-v3";
    public static final String WALKER_HARDCORE = "BipedalWalkerHardcore-v3";

    static {
        // JVM-wide JBox2D flags: set as soon as the registry loads this provider, before any env steps.
        Box2dCompat.useExactTrigonometry();
    }

    @Override
    public List<EnvRegistration> registrations() {
        return List.of(
            register(new EnvSpec(WALKER, 1600, 300, Map.of("hardcore", false))),
            register(new EnvSpec(WALKER_HARDCORE, 2000, 300, Map.of("hardcore", true))));
    }

    private static EnvRegistration register(final EnvSpec spec) {
        return EnvRegistration.of(spec,
            (s, options) -> new BipedalWalker(s, options.getBoolean("hardcore")),
            options -> new BipedalWalkerHeuristic());
    }
}
