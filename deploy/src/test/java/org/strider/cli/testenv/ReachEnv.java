package org.strider.cli.testenv;

import java.util.SplittableRandom;
import org.strider.env.AbstractEnv;
import org.strider.env.Box;
import org.strider.env.Discrete;
import org.strider.env.EnvOptions;
import org.strider.env.EnvSpec;
import org.strider.env.Step;

/**
 * A one-dimensional test env: a point starts uniformly in [-1, 1] (from the seed) and must reach {@code target}.
 * Each step moves it by {@code step_size * a} (a in [-1, 1], or a discrete left/stay/right) and rewards the
 * negative distance left; reaching within 0.05 ends the episode with +1. Option {@code fail_at_step} makes a step
 * throw, to test how the CLI reports failures.
 */
public class ReachEnv extends AbstractEnv {
    static final float REACHED = 0.05f;

    private final float target;
    private final float stepSize;
    private final int failAtStep;
    private float x;

    public ReachEnv(final EnvSpec spec, final EnvOptions options, final boolean discrete) {
        super(spec,
            new Box(new float[] {-1f, Float.NEGATIVE_INFINITY}, new float[] {1f, Float.POSITIVE_INFINITY}, 2),
            discrete ? new Discrete(3) : Box.uniform(-1f, 1f, 1));
        this.target = (float) options.getDouble("target");
        this.stepSize = (float) options.getDouble("step_size");
        this.failAtStep = options.getInt("fail_at_step");
    }

    public float position() {
        return x;
    }

    public float target() {
        return target;
    }

    @Override
    protected void resetEnv(final long seed, final float[] obsOut) {
        x = (float) (new SplittableRandom(seed).nextDouble() * 2 - 1);
        observe(obsOut);
    }

    @Override
    protected void stepEnv(final float[] action, final Step out) {
        move(action[0], out);
    }

    @Override
    protected void stepEnv(final int action, final Step out) {
        move(action - 1, out);
    }

    private void move(final float u, final Step out) {
        if (elapsedSteps() == failAtStep) {
            throw new IllegalStateException("Reach: failing at step " + failAtStep + " as asked by fail_at_step");
        }
        x = Math.max(-1f, Math.min(1f, x + stepSize * u));
        final float distance = Math.abs(target - x);
        out.terminated = distance < REACHED;
        out.reward = -distance + (out.terminated ? 1 : 0);
        observe(out.obs);
    }

    private void observe(final float[] obs) {
        obs[0] = x;
        obs[1] = target - x;
    }
}
