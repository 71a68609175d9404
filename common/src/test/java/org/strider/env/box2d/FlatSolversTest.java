package org.strider.env.box2d;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jbox2d.collision.shapes.CircleShape;
import org.jbox2d.collision.shapes.EdgeShape;
import org.jbox2d.collision.shapes.PolygonShape;
import org.jbox2d.collision.shapes.Shape;
import org.jbox2d.common.Vec2;
import org.jbox2d.dynamics.Body;
import org.jbox2d.dynamics.BodyDef;
import org.jbox2d.dynamics.BodyType;
import org.jbox2d.dynamics.FixtureDef;
import org.jbox2d.dynamics.joints.PrismaticJointDef;
import org.jbox2d.dynamics.joints.RevoluteJoint;
import org.jbox2d.dynamics.joints.RevoluteJointDef;
import org.junit.jupiter.api.Test;

/**
 * The flat solvers ({@link RevoluteJointSolver}, {@link ContactVelocitySolver}) against JBox2D's own solver methods
 * on a scene that exercises what the envs do and what they do not: motors that saturate and that do not, joints at
 * their lower and upper limits, a joint with equal limits and one without limit or motor, one- and two-point
 * contacts, circles, a time-of-impact sub-step, and an island with a prismatic joint (which keeps JBox2D's
 * solvers). Two worlds step the same scene with the same motor commands; every body's state must match bit for bit
 * after every step.
 */
class FlatSolversTest {
    private static final float DT = 1f / 50f;
    private static final int VELOCITY_ITERATIONS = 6 * 30;
    private static final int POSITION_ITERATIONS = 2 * 30;

    @Test
    void shouldMatchJBox2dSolversBitForBitWhenStepped() {
        final Scene flat = new Scene(new Box2dWorld(new Vec2(0f, -10f), true));
        final Scene reference = new Scene(new Box2dWorld(new Vec2(0f, -10f), false));
        final SplittableRandom random = new SplittableRandom(11);
        for (int t = 0; t < 300; t++) {
            for (int j = 0; j < flat.motors.size(); j++) {
                final float speed = (float) random.nextDouble(-6.0, 6.0);
                final float torque = (float) random.nextDouble(0.0, 120.0);
                flat.motors.get(j).setMotorSpeed(speed);
                flat.motors.get(j).setMaxMotorTorque(torque);
                reference.motors.get(j).setMotorSpeed(speed);
                reference.motors.get(j).setMaxMotorTorque(torque);
            }
            flat.world.step(DT, VELOCITY_ITERATIONS, POSITION_ITERATIONS);
            reference.world.step(DT, VELOCITY_ITERATIONS, POSITION_ITERATIONS);
            for (int b = 0; b < flat.bodies.size(); b++) {
                assertEquals(state(reference.bodies.get(b)), state(flat.bodies.get(b)), "step " + t + ", body " + b);
            }
        }
        assertTrue(flat.bodies.get(Scene.HULL).getPosition().y < 2.5f, "the ragdoll should have fallen over");
    }

    /** A body's position, angle and velocities as raw float bits. */
    private static List<Integer> state(final Body body) {
        return List.of(Float.floatToRawIntBits(body.getPosition().x), Float.floatToRawIntBits(body.getPosition().y),
            Float.floatToRawIntBits(body.getAngle()), Float.floatToRawIntBits(body.getLinearVelocity().x),
            Float.floatToRawIntBits(body.getLinearVelocity().y), Float.floatToRawIntBits(body.getAngularVelocity()));
    }

    /** The test scene, built the same way in each world. */
    private static final class Scene {
        static final int HULL = 0;

        final Box2dWorld world;
        final List<Body> bodies = new ArrayList<>();
        final List<RevoluteJoint> motors = new ArrayList<>();

        Scene(final Box2dWorld world) {
            this.world = world;
            final Body ground = world.createBody(new BodyDef());
            for (int i = -10; i < 10; i++) {
                final EdgeShape edge = new EdgeShape();
                edge.set(new Vec2(2f * i, 0.05f * (i % 3)), new Vec2(2f * i + 2f, 0.05f * ((i + 1) % 3)));
                ground.createFixture(fixture(edge, 0f));
            }

            // A two-legged ragdoll falling onto the ground: hips and knees with motors and limits.
            final Body hull = body(0f, 3f, box(0.8f, 0.3f));
            for (final float side : new float[] {-0.4f, 0.4f}) {
                final Body thigh = body(side, 2.2f, box(0.12f, 0.5f));
                final Body shin = body(side, 1.2f, box(0.1f, 0.5f));
                motors.add(revolute(hull, thigh, new Vec2(side, 2.7f), -0.8f, 1.1f));
                motors.add(revolute(thigh, shin, new Vec2(side, 1.7f), -1.6f, -0.1f));
            }
            // An arm welded by equal limits, and a free-swinging one with neither limit nor motor.
            final Body arm = body(1.1f, 3f, box(0.3f, 0.08f));
            motors.add(revolute(hull, arm, new Vec2(0.8f, 3f), 0.2f, 0.2f));
            final Body tail = body(-1.1f, 3f, box(0.3f, 0.08f));
            final RevoluteJointDef free = new RevoluteJointDef();
            free.initialize(hull, tail, new Vec2(-0.8f, 3f));
            world.createJoint(free);

            // A stack of boxes (two-point contacts), a ball, and a fast small box that needs a time of impact.
            body(-6f, 0.55f, box(0.5f, 0.5f));
            body(-6.1f, 1.6f, box(0.5f, 0.5f));
            final CircleShape ball = new CircleShape();
            ball.m_radius = 0.3f;
            body(4f, 2f, ball);
            final Body bullet = body(-3f, 6f, box(0.05f, 0.05f));
            bullet.setLinearVelocity(new Vec2(1f, -80f));

            // A separate island held by a prismatic joint, which JBox2D solves.
            final Body carriage = body(8f, 0.6f, box(0.6f, 0.3f));
            final Body slider = body(8f, 1.4f, box(0.2f, 0.2f));
            final PrismaticJointDef prismatic = new PrismaticJointDef();
            prismatic.initialize(carriage, slider, new Vec2(8f, 1f), new Vec2(0.3f, 1f));
            prismatic.enableLimit = true;
            prismatic.lowerTranslation = -0.3f;
            prismatic.upperTranslation = 0.5f;
            world.createJoint(prismatic);
            slider.setLinearVelocity(new Vec2(0f, 3f));
        }

        private RevoluteJoint revolute(final Body a, final Body b, final Vec2 anchor, final float lower,
                                       final float upper) {
            final RevoluteJointDef def = new RevoluteJointDef();
            def.initialize(a, b, anchor);
            def.enableMotor = true;
            def.enableLimit = true;
            def.lowerAngle = lower;
            def.upperAngle = upper;
            def.maxMotorTorque = 80f;
            return (RevoluteJoint) world.createJoint(def);
        }

        private Body body(final float x, final float y, final Shape shape) {
            final BodyDef def = new BodyDef();
            def.type = BodyType.DYNAMIC;
            def.position.set(x, y);
            final Body body = world.createBody(def);
            body.createFixture(fixture(shape, 1f));
            bodies.add(body);
            return body;
        }

        private static PolygonShape box(final float halfWidth, final float halfHeight) {
            final PolygonShape shape = new PolygonShape();
            shape.setAsBox(halfWidth, halfHeight);
            return shape;
        }

        private static FixtureDef fixture(final Shape shape, final float density) {
            final FixtureDef def = new FixtureDef();
            def.shape = shape;
            def.density = density;
            def.friction = 0.6f;
            return def;
        }
    }
}
