package org.strider.env.box2d.lander;

import org.strider.env.HeuristicPolicy;

/**
 * Gymnasium's {@code heuristic(env, s)} for the lunar lander, in both action modes: a PD controller that tilts
 * towards the pad and holds a hover height proportional to the horizontal offset; once a leg touches, it only
 * brakes the fall.
 *
 * <p>Arithmetic is in float32, as under NumPy 2 in Gymnasium 1.x (the observation is float32 and Python floats
 * do not widen it), so for the same observation this writes the same action bits as Gymnasium's function.
 */
public final class LunarLanderHeuristic implements HeuristicPolicy {
    private final boolean continuous;

    public LunarLanderHeuristic(final boolean continuous) {
        this.continuous = continuous;
    }

    @Override
    public void reset() {
    }

    @Override
    public void act(final float[] s, final float[] actionOut) {
        float angleTarg = s[0] * 0.5f + s[2] * 1.0f; // point towards the pad
        if (angleTarg > 0.4f) {
            angleTarg = 0.4f; // more than ~22 degrees is too much
        }
        if (angleTarg < -0.4f) {
            angleTarg = -0.4f;
        }
        final float hoverTarg = 0.55f * Math.abs(s[0]); // hover higher the further out

        float angleTodo = (angleTarg - s[4]) * 0.5f - s[5] * 1.0f;
        float hoverTodo = (hoverTarg - s[1]) * 0.5f - s[3] * 0.5f;

        final boolean legsDown = s[6] != 0f || s[7] != 0f;
        if (legsDown) {
            angleTodo = 0f;
            hoverTodo = -s[3] * 0.5f; // after touchdown only brake the fall
        }

        if (continuous) {
            actionOut[0] = clip(hoverTodo * 20f - 1f);
            // Gymnasium's integer 0 here gives +0.0, not -0.0.
            actionOut[1] = legsDown ? 0f : clip(-angleTodo * 20f);
        } else {
            int a = 0;
            if (hoverTodo > Math.abs(angleTodo) && hoverTodo > 0.05f) {
                a = 2;
            } else if (angleTodo < -0.05f) {
                a = 3;
            } else if (angleTodo > 0.05f) {
                a = 1;
            }
            actionOut[0] = a;
        }
    }

    private static float clip(final float v) {
        return Math.min(Math.max(v, -1f), 1f);
    }
}
