package org.strider.env.box2d;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import org.jbox2d.collision.AABB;
import org.jbox2d.collision.shapes.PolygonShape;
import org.jbox2d.common.Vec2;
import org.jbox2d.dynamics.Body;
import org.jbox2d.dynamics.BodyDef;
import org.jbox2d.dynamics.BodyType;
import org.jbox2d.dynamics.Fixture;
import org.jbox2d.dynamics.FixtureDef;
import org.jbox2d.dynamics.FixtureProxy;
import org.junit.jupiter.api.Test;

class Box2dWorldTest {
    private static final float DT = 1f / 50f;

    private static Body box(final Box2dWorld world, final float halfSize) {
        final BodyDef def = new BodyDef();
        def.type = BodyType.DYNAMIC;
        final Body body = world.createBody(def);
        final PolygonShape shape = new PolygonShape();
        shape.setAsBox(halfSize, halfSize);
        final FixtureDef fixture = new FixtureDef();
        fixture.shape = shape;
        fixture.density = 1f;
        body.createFixture(fixture);
        return body;
    }

    private static AABB fatBox(final Box2dWorld world, final Fixture fixture) throws ReflectiveOperationException {
        final Field id = FixtureProxy.class.getDeclaredField("proxyId");
        id.setAccessible(true);
        final AABB fat = world.getContactManager().m_broadPhase.getFatAABB(id.getInt(fixture.m_proxies[0]));
        return new AABB(fat);
    }

    private static boolean contains(final AABB outer, final AABB inner) {
        return outer.lowerBound.x <= inner.lowerBound.x && outer.lowerBound.y <= inner.lowerBound.y
            && inner.upperBound.x <= outer.upperBound.x && inner.upperBound.y <= outer.upperBound.y;
    }

    @Test
    void shouldKeepFatBoxWhileBodyStaysInsideIt() throws ReflectiveOperationException {
        // Box2D re-inserts a proxy only when its shape leaves the fattened box (JBox2D's own step re-inserts it
        // every step, re-centring the box on the body).
        final Box2dWorld world = new Box2dWorld(new Vec2(0f, 0f));
        final Body body = box(world, 0.5f);
        body.setLinearVelocity(new Vec2(0.5f, 0f));
        final AABB before = fatBox(world, body.getFixtureList());
        world.step(DT, 6, 2);
        final AABB after = fatBox(world, body.getFixtureList());
        assertEquals(before.lowerBound, after.lowerBound);
        assertEquals(before.upperBound, after.upperBound);
        assertTrue(body.getPosition().x > 0f);
    }

    @Test
    void shouldKeepShapeInsideFatBoxWhenItOutgrowsItOnEverySide() throws ReflectiveOperationException {
        // A large box spinning about its centre: its swept box grows past the fat margin on all four sides at once,
        // where JBox2D's moveProxy would keep the stale box.
        final Box2dWorld world = new Box2dWorld(new Vec2(0f, 0f));
        final Body body = box(world, 2f);
        body.setAngularVelocity(15f);
        for (int t = 0; t < 20; t++) {
            world.step(DT, 6, 2);
            final Fixture fixture = body.getFixtureList();
            assertTrue(contains(fatBox(world, fixture), fixture.getAABB(0)), "step " + t);
        }
    }

    @Test
    void shouldStepAsNewWorldWhenCleared() {
        final Box2dWorld used = new Box2dWorld(new Vec2(0f, -10f));
        for (int i = 0; i < 3; i++) {
            box(used, 0.3f + i).setAngularVelocity(i);
        }
        for (int t = 0; t < 30; t++) {
            used.step(DT, 6, 2);
        }
        used.clear();
        assertEquals(0, used.getBodyCount());
        final Box2dWorld fresh = new Box2dWorld(new Vec2(0f, -10f));
        final Body a = box(used, 0.5f);
        final Body b = box(fresh, 0.5f);
        a.setAngularVelocity(2f);
        b.setAngularVelocity(2f);
        for (int t = 0; t < 30; t++) {
            used.step(DT, 6, 2);
            fresh.step(DT, 6, 2);
        }
        assertEquals(b.getPosition(), a.getPosition());
        assertEquals(b.getAngle(), a.getAngle(), 0f);
    }
}
