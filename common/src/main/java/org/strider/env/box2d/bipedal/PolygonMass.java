package org.strider.env.box2d.bipedal;

import org.jbox2d.collision.shapes.MassData;
import org.jbox2d.collision.shapes.PolygonShape;
import org.jbox2d.common.Vec2;
import org.jbox2d.dynamics.Body;

/**
 * Polygon mass properties as Box2D 2.3 (pybox2d) computes them. JBox2D 2.2.1.1's {@code PolygonShape.computeMass}
 * integrates about the vertex average but then shifts the inertia as if it had integrated about the shape's
 * origin (it lacks 2.3's {@code - dot(center, center)} term), so any polygon whose vertex average is not its
 * centroid gets a wrong moment of inertia: the walker's hull gets 2.0750 instead of pybox2d's 2.0017.
 * {@link #apply} overwrites a one-fixture body's mass data with the 2.3 values, in float32 and in 2.3's order.
 */
final class PolygonMass {
    private final MassData massData = new MassData();
    private final Vec2 s = new Vec2();
    private final Vec2 center = new Vec2();
    private final Vec2 e1 = new Vec2();
    private final Vec2 e2 = new Vec2();

    /** Sets {@code body}'s mass, centre and inertia to those of {@code shape} at {@code density} (its only fixture). */
    void apply(final Body body, final PolygonShape shape, final float density) {
        final int count = shape.getVertexCount();
        final Vec2[] v = shape.getVertices();
        s.setZero();
        for (int i = 0; i < count; i++) {
            s.addLocal(v[i]);
        }
        s.mulLocal(1.0f / count);

        final float inv3 = 1.0f / 3.0f;
        float area = 0.0f;
        float inertia = 0.0f;
        center.setZero();
        for (int i = 0; i < count; i++) {
            e1.set(v[i]).subLocal(s);
            e2.set(i + 1 < count ? v[i + 1] : v[0]).subLocal(s);
            final float d = Vec2.cross(e1, e2);
            final float triangleArea = 0.5f * d;
            area += triangleArea;
            final float w = triangleArea * inv3;
            center.x += w * (e1.x + e2.x);
            center.y += w * (e1.y + e2.y);
            final float intx2 = e1.x * e1.x + e2.x * e1.x + e2.x * e2.x;
            final float inty2 = e1.y * e1.y + e2.y * e1.y + e2.y * e2.y;
            inertia += (0.25f * inv3 * d) * (intx2 + inty2);
        }
        final float mass = density * area;
        center.mulLocal(1.0f / area);
        final float cx = center.x + s.x;
        final float cy = center.y + s.y;
        final float originInertia = density * inertia + mass * ((cx * cx + cy * cy) - Vec2.dot(center, center));

        // Box2D's ResetMassData then averages the (single) fixture's centre by mass before centring the inertia.
        final float invMass = 1.0f / mass;
        massData.mass = mass;
        massData.center.set(mass * cx * invMass, mass * cy * invMass);
        massData.I = originInertia;
        body.setMassData(massData);
    }
}
