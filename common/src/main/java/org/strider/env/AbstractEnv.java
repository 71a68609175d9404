package org.strider.env;

/**
 * Base of every built-in env: does what Gymnasium's {@code make} wrappers do around an env's own step, so
 * each env only writes its dynamics. It checks actions (length, finiteness, discrete range) with errors that
 * name the env, clips continuous actions to the action space, refuses {@code step} after the episode ended,
 * and applies the time limit as truncation ({@code TimeLimit}: truncated once {@code maxEpisodeSteps} steps are
 * taken, whether or not the env also terminated).
 *
 * <p>Subclasses implement {@link #resetEnv}, and {@link #stepEnv(float[], Step)} for a {@link Box} action space
 * or {@link #stepEnv(int, Step)} for {@link Discrete}; they set {@code obs}, {@code reward} and
 * {@code terminated} and leave {@code truncated} to this class.
 */
public abstract class AbstractEnv implements Env {
    private final EnvSpec spec;
    private final Box observationSpace;
    private final Space actionSpace;
    private final float[] clippedAction;
    private int elapsedSteps;
    private boolean needsReset = true;

    protected AbstractEnv(final EnvSpec spec, final Box observationSpace, final Space actionSpace) {
        this.spec = spec;
        this.observationSpace = observationSpace;
        this.actionSpace = actionSpace;
        this.clippedAction = new float[actionSpace.flatSize()];
    }

    @Override
    public final EnvSpec spec() {
        return spec;
    }

    @Override
    public final Box observationSpace() {
        return observationSpace;
    }

    @Override
    public final Space actionSpace() {
        return actionSpace;
    }

    @Override
    public final int elapsedSteps() {
        return elapsedSteps;
    }

    @Override
    public final void reset(final long seed, final float[] obsOut) {
        checkObsBuffer(obsOut);
        resetEnv(seed, obsOut);
        elapsedSteps = 0;
        needsReset = false;
    }

    @Override
    public final void step(final float[] action, final Step out) {
        checkObsBuffer(out.obs);
        if (actionSpace instanceof Discrete d) {
            if (action.length != 1) {
                throw new IllegalArgumentException(spec.id() + ": discrete action must be one value (the index in "
                    + d.describe() + "), got " + action.length + " values");
            }
            final float a = action[0];
            if (a != Math.rint(a) || Float.isInfinite(a)) {
                throw new IllegalArgumentException(spec.id() + ": discrete action must be an integer in [0, "
                    + (d.n() - 1) + "], got " + a);
            }
            step((int) a, out);
            return;
        }
        final Box box = (Box) actionSpace;
        if (action.length != box.flatSize()) {
            throw new IllegalArgumentException(spec.id() + ": action must have " + box.flatSize()
                + " values for " + box.describe() + ", got " + action.length);
        }
        for (int i = 0; i < action.length; i++) {
            if (!Float.isFinite(action[i])) {
                throw new IllegalArgumentException(spec.id() + ": action[" + i + "] is " + action[i]
                    + "; actions must be finite");
            }
        }
        checkStarted();
        System.arraycopy(action, 0, clippedAction, 0, action.length);
        if (clipsActions()) {
            box.clip(clippedAction);
        }
        stepEnv(clippedAction, out);
        finishStep(out);
    }

    @Override
    public final void step(final int action, final Step out) {
        checkObsBuffer(out.obs);
        if (!(actionSpace instanceof Discrete d)) {
            throw new IllegalArgumentException(spec.id() + ": has a continuous action space "
                + actionSpace.describe() + "; pass a float[] action");
        }
        if (!d.contains(action)) {
            throw new IllegalArgumentException(spec.id() + ": discrete action " + action + " is outside "
                + d.describe() + " (allowed 0.." + (d.n() - 1) + ")");
        }
        checkStarted();
        stepEnv(action, out);
        finishStep(out);
    }

    private void finishStep(final Step out) {
        elapsedSteps++;
        out.truncated = elapsedSteps >= spec.maxEpisodeSteps();
        needsReset = out.terminated || out.truncated;
    }

    private void checkStarted() {
        if (needsReset) {
            throw new IllegalStateException(spec.id() + ": step() called "
                + (elapsedSteps == 0 ? "before the first reset()" : "after the episode ended (at step "
                + elapsedSteps + ")") + "; call reset(seed) first");
        }
    }

    private void checkObsBuffer(final float[] obs) {
        if (obs.length != observationSpace.flatSize()) {
            throw new IllegalArgumentException(spec.id() + ": observation buffer has " + obs.length
                + " floats, the observation space " + observationSpace.describe() + " needs "
                + observationSpace.flatSize());
        }
    }

    /** Starts an episode from {@code seed} and writes the first observation. */
    protected abstract void resetEnv(long seed, float[] obsOut);

    /**
     * Whether continuous actions are clipped to the action space before {@link #stepEnv(float[], Step)}; true
     * unless an env overrides it. An env whose Gymnasium original uses the raw action somewhere (such as
     * MountainCarContinuous, which clips the force but charges the reward on the unclipped action) returns
     * false and clips where the original does.
     */
    protected boolean clipsActions() {
        return true;
    }

    /**
     * One step with an action already checked (length, finite) and, unless {@link #clipsActions()} says
     * otherwise, clipped to the action space.
     */
    protected void stepEnv(final float[] action, final Step out) {
        throw new UnsupportedOperationException(spec.id() + " has no continuous action space");
    }

    /** One step with an action already checked to be in range. */
    protected void stepEnv(final int action, final Step out) {
        throw new UnsupportedOperationException(spec.id() + " has no discrete action space");
    }
}
