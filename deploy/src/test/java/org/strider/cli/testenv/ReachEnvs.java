package org.strider.cli.testenv;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.strider.env.EnvProvider;
import org.strider.env.EnvRegistration;
import org.strider.env.EnvSpec;
import org.strider.env.HeuristicPolicy;

/**
 * Registers the test envs through ServiceLoader, as a user's own jar would (see
 * {@code src/test/resources/META-INF/services/org.strider.env.EnvProvider}):
 * <ul>
 *   <li>{@code Reach-v0}: Box action, reward threshold -3, heuristic, renders;</li>
 *   <li>{@code ReachDiscrete-v0}: Discrete(3) action, no threshold, heuristic, renders;</li>
 *   <li>{@code ReachBlind-v0}: Box action, no heuristic, does not render.</li>
 * </ul>
 */
public final class ReachEnvs implements EnvProvider {
    public static final String REACH = "Reach-v0";
    public static final String REACH_DISCRETE = "ReachDiscrete-v0";
    public static final String REACH_BLIND = "ReachBlind-v0";
    public static final int MAX_STEPS = 50;
    public static final double THRESHOLD = -3.0;

    @Override
    public List<EnvRegistration> registrations() {
        final Map<String, Object> options = new LinkedHashMap<>();
        options.put("target", 0.5);
        options.put("step_size", 0.1);
        options.put("fail_at_step", -1);
        return List.of(
            EnvRegistration.of(new EnvSpec(REACH, MAX_STEPS, THRESHOLD, options),
                (spec, o) -> new RenderableReachEnv(spec, o, false),
                o -> continuousHeuristic(o.getDouble("step_size"))),
            EnvRegistration.of(new EnvSpec(REACH_DISCRETE, MAX_STEPS, Double.NaN, options),
                (spec, o) -> new RenderableReachEnv(spec, o, true), o -> discreteHeuristic()),
            EnvRegistration.of(new EnvSpec(REACH_BLIND, MAX_STEPS, Double.NaN, options),
                (spec, o) -> new ReachEnv(spec, o, false)));
    }

    /** Moves straight at the target: a = clip((target - x) / step_size, -1, 1). */
    public static HeuristicPolicy continuousHeuristic(final double stepSize) {
        return new HeuristicPolicy() {
            @Override
            public void reset() {
            }

            @Override
            public void act(final float[] obs, final float[] actionOut) {
                actionOut[0] = (float) Math.max(-1, Math.min(1, obs[1] / stepSize));
            }
        };
    }

    /** Left, stay or right towards the target. */
    public static HeuristicPolicy discreteHeuristic() {
        return new HeuristicPolicy() {
            @Override
            public void reset() {
            }

            @Override
            public void act(final float[] obs, final float[] actionOut) {
                actionOut[0] = obs[1] > 0 ? 2 : obs[1] < 0 ? 0 : 1;
            }
        };
    }
}
