package org.strider.env.box2d;

import org.jbox2d.collision.shapes.MassData;
import org.jbox2d.collision.shapes.PolygonShape;
import org.jbox2d.collision.shapes.ShapeType;
import org.jbox2d.common.Settings;
import org.jbox2d.dynamics.Body;
import org.jbox2d.dynamics.Fixture;

/**
 * Where JBox2D 2.2.1.1 computes differently from Box2D 2.3 (pybox2d, which Gymnasium uses), and the fixes that
 * bring it back. Both matter for a faithful port of a Gymnasium Box2D env.
 *
 * <ul>
 * <li>Body rotations use a sine/cosine look-up table by default (steps of 1.1e-4 rad, no interpolation) and
 * {@code atan2} is an approximation; Box2D calls {@code sinf}/{@code cosf}/{@code atan2f}.
 * {@link #useExactTrigonometry()} switches JBox2D to exact values. glibc's {@code sinf}/{@code cosf}, which
 * pybox2d calls, are not correctly rounded (about 1 result in 40 is one ulp off), so these are the closest Java's
 * own functions come but not the same bits; that rounding is what remains between {@link Box2dWorld} and Box2D.</li>
 * <li>{@code PolygonShape.computeMass} forgets a term when it moves the inertia from its reference point (the
 * vertex average) to the body origin: it adds {@code m |c|^2} but does not subtract {@code m |c - s|^2}. Symmetric
 * boxes come out right; any other polygon gets too large a moment of inertia (the lander's by 0.3 %).
 * {@link #resetMassData(Body, MassData, MassData)} recomputes a body's mass as Box2D 2.3 does, to the float.</li>
 * </ul>
 * Stepping differences (contact creation, TOI, block solver, broad phase) are corrected in {@link Box2dWorld}.
 */
public final class Box2dCompat {
    private Box2dCompat() {
    }

    /**
     * Makes JBox2D use exact sine, cosine and atan2, as Box2D does. These are JVM-wide static flags of JBox2D:
     * every JBox2D env calls this from its static initialiser, so that no env's trajectories depend on which env
     * class happened to load first.
     */
    public static void useExactTrigonometry() {
        Settings.SINCOS_LUT_ENABLED = false;
        Settings.FAST_ATAN2 = false;
    }

    /**
     * Box2D 2.3's {@code b2Body::ResetMassData} with polygon mass from {@code b2PolygonShape::ComputeMass}, same
     * operations in the same order. Call after a dynamic body's fixtures are created. {@code scratch} and
     * {@code result} are caller-owned, so nothing is allocated.
     */
    public static void resetMassData(final Body body, final MassData scratch, final MassData result) {
        float mass = 0f;
        float centerX = 0f;
        float centerY = 0f;
        float inertia = 0f;
        for (Fixture f = body.getFixtureList(); f != null; f = f.getNext()) {
            if (f.getDensity() == 0f) {
                continue;
            }
            if (f.getType() == ShapeType.POLYGON) {
                polygonMass((PolygonShape) f.getShape(), f.getDensity(), scratch);
            } else {
                f.getMassData(scratch);
            }
            mass += scratch.mass;
            centerX += scratch.mass * scratch.center.x;
            centerY += scratch.mass * scratch.center.y;
            inertia += scratch.I;
        }
        if (mass > 0f) {
            final float invMass = 1f / mass;
            centerX *= invMass;
            centerY *= invMass;
        }
        // Body.setMassData then takes mass * |center|^2 off the inertia, as ResetMassData does.
        result.mass = mass;
        result.center.set(centerX, centerY);
        result.I = inertia;
        body.setMassData(result);
    }

    /** {@code b2PolygonShape::ComputeMass} of Box2D 2.3. */
    static void polygonMass(final PolygonShape shape, final float density, final MassData out) {
        final int count = shape.m_count;
        float sx = 0f;
        float sy = 0f;
        for (int i = 0; i < count; i++) {
            sx += shape.m_vertices[i].x;
            sy += shape.m_vertices[i].y;
        }
        final float invCount = 1f / count;
        sx *= invCount;
        sy *= invCount;

        final float kInv3 = 1f / 3f;
        float area = 0f;
        float cx = 0f;
        float cy = 0f;
        float inertia = 0f;
        for (int i = 0; i < count; i++) {
            final int j = i + 1 < count ? i + 1 : 0;
            final float ex1 = shape.m_vertices[i].x - sx;
            final float ey1 = shape.m_vertices[i].y - sy;
            final float ex2 = shape.m_vertices[j].x - sx;
            final float ey2 = shape.m_vertices[j].y - sy;
            final float d = ex1 * ey2 - ey1 * ex2;
            final float triangleArea = 0.5f * d;
            area += triangleArea;
            final float w = triangleArea * kInv3;
            cx += w * (ex1 + ex2);
            cy += w * (ey1 + ey2);
            final float intx2 = ex1 * ex1 + ex2 * ex1 + ex2 * ex2;
            final float inty2 = ey1 * ey1 + ey2 * ey1 + ey2 * ey2;
            inertia += (0.25f * kInv3 * d) * (intx2 + inty2);
        }
        out.mass = density * area;
        final float invArea = 1f / area;
        cx *= invArea;
        cy *= invArea;
        out.center.set(cx + sx, cy + sy);
        out.I = density * inertia;
        out.I += out.mass * ((out.center.x * out.center.x + out.center.y * out.center.y) - (cx * cx + cy * cy));
    }
}
