package org.strider.env;

/**
 * A hand-written controller, such as Gymnasium's {@code heuristic} for LunarLander or the scripted gait of
 * BipedalWalker. It may keep state within an episode, so call {@link #reset()} at every episode start.
 */
public interface HeuristicPolicy {

    /** Clears per-episode state. */
    void reset();

    /**
     * Writes the action for {@code obs} into {@code actionOut}: the continuous action, or for a discrete space the
     * index in {@code actionOut[0]}.
     */
    void act(float[] obs, float[] actionOut);
}
