package org.strider.env.box2d.lander;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.strider.env.EnvOptions;
import org.strider.env.EnvProvider;
import org.strider.env.EnvRegistration;
import org.strider.env.EnvSpec;
import org.strider.env.HeuristicPolicy;
import org.strider.env.box2d.Box2dCompat;

/**
 * Registers {@code LunarLander-v3} and {@code LunarLanderContinuous-v3} as Gymnasium does: 1000 steps, reward
 * threshold 200, the same options and defaults; the two ids differ only in the default of {@code continuous}.
 * Both have Gymnasium's heuristic controller, for whichever action space the options give.
 */
public final class LunarLanderEnvs implements EnvProvider {
    public static final String DISCRETE_ID = "LunarLander-v3";
    public static final String CONTINUOUS_ID = "LunarLanderContinuous-v3";

    /** Continuous engines ({@code Box(-1, 1, (2,))}) instead of {@code Discrete(4)}. */
    public static final String CONTINUOUS = "continuous";
    /** Vertical gravity, in (-12, 0). */
    public static final String GRAVITY = "gravity";
    /** Wind and turbulence while no leg touches the ground. */
    public static final String ENABLE_WIND = "enable_wind";
    /** Largest horizontal wind force; Gymnasium recommends [0, 20]. */
    public static final String WIND_POWER = "wind_power";
    /** Largest turbulence torque; Gymnasium recommends [0, 2]. */
    public static final String TURBULENCE_POWER = "turbulence_power";

    static {
        // JVM-wide JBox2D flags: set as soon as the registry loads this provider, before any env steps.
        Box2dCompat.useExactTrigonometry();
    }

    static final int MAX_EPISODE_STEPS = 1000;
    static final double REWARD_THRESHOLD = 200;

    @Override
    public List<EnvRegistration> registrations() {
        return List.of(registration(DISCRETE_ID, false), registration(CONTINUOUS_ID, true));
    }

    private static EnvRegistration registration(final String id, final boolean continuous) {
        final Map<String, Object> options = new LinkedHashMap<>();
        options.put(CONTINUOUS, continuous);
        options.put(GRAVITY, -10.0);
        options.put(ENABLE_WIND, false);
        options.put(WIND_POWER, 15.0);
        options.put(TURBULENCE_POWER, 1.5);
        final EnvSpec spec = new EnvSpec(id, MAX_EPISODE_STEPS, REWARD_THRESHOLD, options);
        return EnvRegistration.of(spec, LunarLander::create, LunarLanderEnvs::heuristic);
    }

    private static HeuristicPolicy heuristic(final EnvOptions options) {
        return new LunarLanderHeuristic(options.getBoolean(CONTINUOUS));
    }
}
