package org.strider.env.box2d.bipedal;

import org.jbox2d.common.Settings;

/**
 * JBox2D 2.2.1.1 ships with speed shortcuts that Box2D itself does not have: body rotations come from a sine
 * lookup table with a 0.00011 rad step and no interpolation ({@code SINCOS_LUT_ENABLED}), and {@code atan2} is an
 * approximation ({@code FAST_ATAN2}). pybox2d, which Gymnasium uses, calls {@code sinf}/{@code cosf}. Turning the
 * shortcuts off makes JBox2D compute rotations as Box2D does.
 *
 * <p>These are JVM-wide static flags of JBox2D: every env that uses JBox2D must see the same values, or its
 * trajectories would depend on which env class happened to load first. Call {@link #require()} from the static
 * initialiser of every JBox2D env.
 */
final class Box2dAccuracy {
    private Box2dAccuracy() {
    }

    static void require() {
        Settings.SINCOS_LUT_ENABLED = false;
        Settings.FAST_ATAN2 = false;
    }
}
