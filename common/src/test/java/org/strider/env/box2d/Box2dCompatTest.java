package org.strider.env.box2d;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jbox2d.collision.shapes.MassData;
import org.jbox2d.collision.shapes.PolygonShape;
import org.jbox2d.common.Vec2;
import org.jbox2d.dynamics.Body;
import org.jbox2d.dynamics.BodyDef;
import org.jbox2d.dynamics.BodyType;
import org.jbox2d.dynamics.FixtureDef;
import org.jbox2d.dynamics.World;
import org.junit.jupiter.api.Test;

class Box2dCompatTest {

    /** Gymnasium's LANDER_POLY, in pixels, over its SCALE of 30. */
    private static final int[][] LANDER_POLY = {{-14, 17}, {-17, 0}, {-17, -10}, {17, -10}, {17, 0}, {14, 17}};

    private static PolygonShape landerHull() {
        final Vec2[] vertices = new Vec2[LANDER_POLY.length];
        for (int i = 0; i < vertices.length; i++) {
            vertices[i] = new Vec2((float) (LANDER_POLY[i][0] / 30.0), (float) (LANDER_POLY[i][1] / 30.0));
        }
        final PolygonShape shape = new PolygonShape();
        shape.set(vertices, vertices.length);
        return shape;
    }

    @Test
    void shouldGiveLanderBox2d23MassProperties() {
        final World world = new World(new Vec2(0f, -10f));
        final BodyDef def = new BodyDef();
        def.type = BodyType.DYNAMIC;
        final Body body = world.createBody(def);
        final FixtureDef fixture = new FixtureDef();
        fixture.shape = landerHull();
        fixture.density = 5f;
        body.createFixture(fixture);
        assertEquals(0.8359815f, body.getInertia(), 1e-7f); // JBox2D 2.2.1.1's own, 0.3 % too large

        Box2dCompat.resetMassData(body, new MassData(), new MassData());
        // pybox2d 2.3.10, Gymnasium's lander: mass 4.816666603088379, inertia about the origin 0.8333148956298828,
        // local centre (0, 0.101307).
        assertEquals(4.816666603088379, body.getMass(), 0.0);
        assertEquals(0.8333148956298828, body.getInertia(), 0.0);
        assertEquals(0f, body.getLocalCenter().x, 0f);
        assertEquals(0.101307f, body.getLocalCenter().y, 1e-6f);
    }

    @Test
    void shouldAgreeWithJbox2dOnSymmetricBoxes() {
        final PolygonShape box = new PolygonShape();
        box.setAsBox(2f / 30f, 8f / 30f);
        final MassData ours = new MassData();
        final MassData theirs = new MassData();
        Box2dCompat.polygonMass(box, 1f, ours);
        box.computeMass(theirs, 1f);
        assertEquals(theirs.mass, ours.mass, 0f);
        assertEquals(theirs.I, ours.I, 1e-9f);
    }
}
