package org.strider.env;

import java.util.List;
import java.util.Map;
import org.strider.random.NumpyRandom;

/**
 * A tiny test env on a line, registered through this module's test META-INF/services like a user's jar would:
 * the position starts at uniform(0, 1) from the seed and moves by the action (continuous, clipped to ±1) or by
 * -1/+1 (discrete); reaching 3 terminates with reward 10, every other step costs 1. Time limit 5 steps.
 */
public final class LineWalkEnv extends AbstractEnv {
    public static final String ID = "LineWalk-v0";
    public static final String DISCRETE_ID = "LineWalkDiscrete-v0";

    private final NumpyRandom random = new NumpyRandom(0);
    private final double goal;
    private double position;

    LineWalkEnv(final EnvSpec spec, final EnvOptions options, final Space actionSpace) {
        super(spec, Box.uniform(Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, 1), actionSpace);
        this.goal = options.getDouble("goal");
    }

    @Override
    protected void resetEnv(final long seed, final float[] obsOut) {
        random.seed(seed);
        position = random.uniform(0, 1);
        obsOut[0] = (float) position;
    }

    @Override
    protected void stepEnv(final float[] action, final Step out) {
        move(action[0], out);
    }

    @Override
    protected void stepEnv(final int action, final Step out) {
        move(action == 0 ? -1 : 1, out);
    }

    private void move(final double delta, final Step out) {
        position += delta;
        out.obs[0] = (float) position;
        out.terminated = position >= goal;
        out.reward = out.terminated ? 10 : -1;
    }

    /** The provider a user's jar would ship. */
    public static final class Provider implements EnvProvider {
        @Override
        public List<EnvRegistration> registrations() {
            final EnvSpec box = new EnvSpec(ID, 5, 5.0, Map.of("goal", 3.0));
            final EnvSpec discrete = new EnvSpec(DISCRETE_ID, 5, Double.NaN, Map.of("goal", 3.0));
            return List.of(
                EnvRegistration.of(box, (spec, opts) -> new LineWalkEnv(spec, opts, Box.uniform(-1, 1, 1)),
                    opts -> new HeuristicPolicy() {
                        @Override
                        public void reset() {
                        }

                        @Override
                        public void act(final float[] obs, final float[] actionOut) {
                            actionOut[0] = 1;
                        }
                    }),
                EnvRegistration.of(discrete, (spec, opts) -> new LineWalkEnv(spec, opts, new Discrete(2))));
        }
    }
}
