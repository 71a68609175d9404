package org.strider.env.box2d.bipedal;

import org.strider.env.HeuristicPolicy;

/**
 * The scripted gait of Gymnasium's {@code bipedal_walker.py} demo ({@code BipedalWalkerHeuristics} driven by its
 * {@code __main__} loop): a three-state machine (stand on one leg, put the other down, push off) that sets hip and
 * knee targets and drives each joint with a PD term, plus a hull-levelling term on the hips and vertical-speed
 * damping on the knees; the result is halved and clipped to [-1, 1].
 *
 * <p>As in the demo, the first action of an episode is zero (the demo steps once before it consults the
 * controller), and each later action comes from the latest observation. The arithmetic follows what NumPy 2 does
 * in the demo: expressions mixing a float32 observation element with Python floats are evaluated in float32
 * (NEP 50), the supporting-knee target stays a Python double until it is taken from an observation, and a target
 * of exactly 0 is skipped like a missing one (the demo tests targets for truth). Actions match Gymnasium's class
 * bit for bit on the same observations.
 */
public final class BipedalWalkerHeuristic implements HeuristicPolicy {
    private static final int STAY_ON_ONE_LEG = 1;
    private static final int PUT_OTHER_DOWN = 2;
    private static final int PUSH_OFF = 3;
    private static final float SPEED = 0.29f;
    private static final float FAST = (float) (1.2 * 0.29);
    private static final double SUPPORT_KNEE_ANGLE = 0.1;
    private static final double NONE = Double.NaN;

    private boolean started;
    private int state;
    private int movingLeg;
    private int supportingLeg;
    private double supportingKneeAngle;
    /** True once the supporting-knee target came from an observation (a NumPy float32), false while a double. */
    private boolean kneeAngleIsFloat32;

    private final double[] hipTarget = new double[2];
    private final double[] kneeTarget = new double[2];
    private final float[] hipOut = new float[2];
    private final float[] kneeOut = new float[2];

    public BipedalWalkerHeuristic() {
        reset();
    }

    @Override
    public void reset() {
        started = false;
        state = STAY_ON_ONE_LEG;
        movingLeg = 0;
        supportingLeg = 1;
        supportingKneeAngle = SUPPORT_KNEE_ANGLE;
        kneeAngleIsFloat32 = false;
    }

    @Override
    public void act(final float[] s, final float[] actionOut) {
        if (!started) {
            started = true;
            for (int i = 0; i < 4; i++) {
                actionOut[i] = 0f;
            }
            return;
        }
        final int movingBase = 4 + 5 * movingLeg;
        final int supportingBase = 4 + 5 * supportingLeg;
        hipTarget[0] = NONE;
        hipTarget[1] = NONE;
        kneeTarget[0] = NONE;
        kneeTarget[1] = NONE;

        if (state == STAY_ON_ONE_LEG) {
            hipTarget[movingLeg] = 1.1;
            kneeTarget[movingLeg] = -0.6;
            addToKneeAngle();
            if (s[2] > SPEED) {
                addToKneeAngle();
            }
            capKneeAngle();
            kneeTarget[supportingLeg] = supportingKneeAngle;
            if (s[supportingBase] < 0.1f) {
                state = PUT_OTHER_DOWN;
            }
        }
        if (state == PUT_OTHER_DOWN) {
            hipTarget[movingLeg] = 0.1;
            kneeTarget[movingLeg] = SUPPORT_KNEE_ANGLE;
            kneeTarget[supportingLeg] = supportingKneeAngle;
            if (s[movingBase + 4] != 0f) {
                state = PUSH_OFF;
                // min(observation, 0.1): keeps the float32 observation unless 0.1 (compared in float32) is smaller.
                final float knee = s[movingBase + 2];
                if (0.1f < knee) {
                    supportingKneeAngle = SUPPORT_KNEE_ANGLE;
                    kneeAngleIsFloat32 = false;
                } else {
                    supportingKneeAngle = knee;
                    kneeAngleIsFloat32 = true;
                }
            }
        }
        if (state == PUSH_OFF) {
            kneeTarget[movingLeg] = supportingKneeAngle;
            kneeTarget[supportingLeg] = 1.0;
            if (s[supportingBase + 2] > 0.88f || s[2] > FAST) {
                state = STAY_ON_ONE_LEG;
                movingLeg = 1 - movingLeg;
                supportingLeg = 1 - movingLeg;
            }
        }

        for (int leg = 0; leg < 2; leg++) {
            final int base = 4 + 5 * leg;
            hipOut[leg] = 0f;
            kneeOut[leg] = 0f;
            if (isSet(hipTarget[leg])) {
                hipOut[leg] = 0.9f * ((float) hipTarget[leg] - s[base]) - 0.25f * s[base + 1];
            }
            if (isSet(kneeTarget[leg])) {
                kneeOut[leg] = 4.0f * ((float) kneeTarget[leg] - s[base + 2]) - 0.25f * s[base + 3];
            }
        }
        for (int leg = 0; leg < 2; leg++) {
            hipOut[leg] -= 0.9f * (0f - s[0]) - 1.5f * s[1];
            kneeOut[leg] -= 15.0f * s[3];
        }

        actionOut[0] = halveAndClip(hipOut[0]);
        actionOut[1] = halveAndClip(kneeOut[0]);
        actionOut[2] = halveAndClip(hipOut[1]);
        actionOut[3] = halveAndClip(kneeOut[1]);
    }

    private void addToKneeAngle() {
        if (kneeAngleIsFloat32) {
            supportingKneeAngle = (float) supportingKneeAngle + 0.03f;
        } else {
            supportingKneeAngle += 0.03;
        }
    }

    /** {@code min(angle, 0.1)}: Python returns the first argument unless the second is smaller. */
    private void capKneeAngle() {
        final boolean capped = kneeAngleIsFloat32
            ? 0.1f < (float) supportingKneeAngle
            : SUPPORT_KNEE_ANGLE < supportingKneeAngle;
        if (capped) {
            supportingKneeAngle = SUPPORT_KNEE_ANGLE;
            kneeAngleIsFloat32 = false;
        }
    }

    private static boolean isSet(final double target) {
        return !Double.isNaN(target) && target != 0.0;
    }

    private static float halveAndClip(final float value) {
        return Math.max(-1f, Math.min(1f, 0.5f * value));
    }
}
