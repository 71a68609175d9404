package org.strider.env.box2d.bipedal;

import java.awt.image.BufferedImage;
import org.jbox2d.collision.shapes.EdgeShape;
import org.jbox2d.collision.shapes.MassData;
import org.jbox2d.collision.shapes.PolygonShape;
import org.jbox2d.common.Vec2;
import org.jbox2d.dynamics.Body;
import org.jbox2d.dynamics.BodyDef;
import org.jbox2d.dynamics.BodyType;
import org.jbox2d.dynamics.FixtureDef;
import org.jbox2d.dynamics.joints.RevoluteJoint;
import org.jbox2d.dynamics.joints.RevoluteJointDef;
import org.strider.env.AbstractEnv;
import org.strider.env.Box;
import org.strider.env.EnvSpec;
import org.strider.env.Step;
import org.strider.env.box2d.Box2dCompat;
import org.strider.env.box2d.Box2dWorld;
import org.strider.random.NumpyRandom;
import org.strider.render.Renderable;

/**
 * Gymnasium's {@code BipedalWalker} (v3) on JBox2D: a hull on two two-segment legs, four motor-driven joints, a
 * ten-ray lidar, walking over grass, or in hardcore mode over stumps, stairs and pits.
 *
 * <p>Observation (24 floats): hull angle, its angular velocity {@code 2ω/FPS}, the hull's velocity scaled by
 * {@code 0.3·(viewport/SCALE)/FPS}; per leg: hip angle, hip speed / 4, knee angle + 1, knee speed / 6, lower-leg
 * ground contact; then the ten lidar fractions. Action (4 floats in [-1, 1]): per joint, the sign picks the motor
 * direction at full speed and the magnitude the torque limit. Reward: progress {@code 130·x/SCALE} minus
 * {@code 5·|hull angle|} (as a difference of successive potentials), minus {@code 0.00035·80·|a|} per joint; -100
 * and termination when the hull touches the ground or the walker leaves the left edge; termination (no penalty)
 * when it reaches the far end.
 *
 * <p>Each reset rebuilds the scene in an emptied world with a new broad phase, so an episode depends only on its seed
 * and actions, not on what ran before. {@code step} allocates nothing in this class; see the package tests for what JBox2D itself allocates.
 */
public final class BipedalWalker extends AbstractEnv implements Renderable {
    static final double FPS = 50;
    static final double SCALE = 30.0;
    static final double MOTORS_TORQUE = 80;
    static final double SPEED_HIP = 4;
    static final double SPEED_KNEE = 6;
    static final double INITIAL_RANDOM = 5;
    static final int VIEWPORT_W = 600;
    static final int VIEWPORT_H = 400;

    static final double[] HULL_POLY = {-30, +9, +6, +9, +34, +1, +34, -8, -30, -8};
    static final double LEG_DOWN = -8 / SCALE;
    static final double LEG_W = 8 / SCALE;
    static final double LEG_H = 34 / SCALE;
    static final double FRICTION = 2.5;

    static final int CATEGORY_GROUND = 0x0001;
    static final int CATEGORY_WALKER = 0x0020;

    static final int OBS_SIZE = 24;
    private static final float TIME_STEP = (float) (1.0 / FPS);
    private static final int VELOCITY_ITERATIONS = 6 * 30;
    private static final int POSITION_ITERATIONS = 2 * 30;
    private static final double TORQUE_COST = 0.00035 * MOTORS_TORQUE;

    static {
        Box2dCompat.useExactTrigonometry();
    }

    private final boolean hardcore;
    private final NumpyRandom rng = new NumpyRandom(0);
    final BipedalTerrain terrain = new BipedalTerrain();
    final Lidar lidar = new Lidar();
    private final WalkerContacts contacts = new WalkerContacts();
    private final float[] zeroAction = new float[4];

    // Reset-time building blocks, reused across episodes.
    private final Vec2 gravity = new Vec2(0f, -10f);
    private final Vec2[] quad = {new Vec2(), new Vec2(), new Vec2(), new Vec2()};
    private final Vec2[] hullVertices = new Vec2[HULL_POLY.length / 2];
    private final Vec2 edgeStart = new Vec2();
    private final Vec2 edgeEnd = new Vec2();
    private final Vec2 force = new Vec2();
    private final PolygonShape obstacleShape = new PolygonShape();
    private final EdgeShape edgeShape = new EdgeShape();
    private final FixtureDef obstacleFixture = new FixtureDef();
    private final FixtureDef edgeFixture = new FixtureDef();
    private final FixtureDef hullFixture = new FixtureDef();
    private final FixtureDef upperLegFixture = new FixtureDef();
    private final FixtureDef lowerLegFixture = new FixtureDef();
    private final BodyDef groundDef = new BodyDef();
    private final BodyDef partDef = new BodyDef();
    private final RevoluteJointDef jointDef = new RevoluteJointDef();
    private final MassData massScratch = new MassData();
    private final MassData massResult = new MassData();

    Box2dWorld world;
    Body hull;
    /** Upper left, lower left, upper right, lower right: Gymnasium's {@code legs} order. */
    final Body[] legs = new Body[4];
    /** Hip left, knee left, hip right, knee right: Gymnasium's {@code joints} order. */
    final RevoluteJoint[] joints = new RevoluteJoint[4];
    final Body[] ground = new Body[BipedalTerrain.LENGTH - 1 + BipedalTerrain.MAX_POLYGONS];
    int groundCount;

    private double prevShaping;
    private boolean hasPrevShaping;
    private boolean terminated;
    double scroll;
    int lidarRender;
    private BipedalWalkerRenderer renderer;

    BipedalWalker(final EnvSpec spec, final boolean hardcore) {
        super(spec, observationBox(), Box.uniform(-1f, 1f, 4));
        this.hardcore = hardcore;

        for (int i = 0; i < hullVertices.length; i++) {
            hullVertices[i] = new Vec2((float) (HULL_POLY[2 * i] / SCALE), (float) (HULL_POLY[2 * i + 1] / SCALE));
        }
        final PolygonShape hullShape = new PolygonShape();
        hullShape.set(hullVertices, hullVertices.length);
        hullFixture.shape = hullShape;
        hullFixture.density = 5.0f;
        hullFixture.friction = 0.1f;
        hullFixture.restitution = 0.0f;
        hullFixture.filter.categoryBits = CATEGORY_WALKER;
        hullFixture.filter.maskBits = CATEGORY_GROUND;

        final PolygonShape upperShape = new PolygonShape();
        upperShape.setAsBox((float) (LEG_W / 2), (float) (LEG_H / 2));
        upperLegFixture.shape = upperShape;
        upperLegFixture.density = 1.0f;
        upperLegFixture.restitution = 0.0f;
        upperLegFixture.filter.categoryBits = CATEGORY_WALKER;
        upperLegFixture.filter.maskBits = CATEGORY_GROUND;

        final PolygonShape lowerShape = new PolygonShape();
        lowerShape.setAsBox((float) (0.8 * LEG_W / 2), (float) (LEG_H / 2));
        lowerLegFixture.shape = lowerShape;
        lowerLegFixture.density = 1.0f;
        lowerLegFixture.restitution = 0.0f;
        lowerLegFixture.filter.categoryBits = CATEGORY_WALKER;
        lowerLegFixture.filter.maskBits = CATEGORY_GROUND;

        obstacleFixture.shape = obstacleShape;
        obstacleFixture.friction = (float) FRICTION;
        edgeFixture.shape = edgeShape;
        edgeFixture.friction = (float) FRICTION;
        edgeFixture.filter.categoryBits = CATEGORY_GROUND;

        groundDef.type = BodyType.STATIC;
        partDef.type = BodyType.DYNAMIC;
    }

    private static Box observationBox() {
        final float pi = (float) Math.PI;
        final float[] low = new float[OBS_SIZE];
        final float[] high = new float[OBS_SIZE];
        final float[] lowHead = {-pi, -5f, -5f, -5f, -pi, -5f, -pi, -5f, -0f, -pi, -5f, -pi, -5f, -0f};
        final float[] highHead = {pi, 5f, 5f, 5f, pi, 5f, pi, 5f, 5f, pi, 5f, pi, 5f, 5f};
        System.arraycopy(lowHead, 0, low, 0, lowHead.length);
        System.arraycopy(highHead, 0, high, 0, highHead.length);
        for (int i = lowHead.length; i < OBS_SIZE; i++) {
            low[i] = -1f;
            high[i] = 1f;
        }
        return new Box(low, high, OBS_SIZE);
    }

    public boolean hardcore() {
        return hardcore;
    }

    @Override
    protected void resetEnv(final long seed, final float[] obsOut) {
        rng.seed(seed);
        terrain.generate(rng, hardcore);
        buildWorld();
        prevShaping = 0;
        hasPrevShaping = false;
        scroll = 0;
        lidarRender = 0;
        lidar.clear();
        // Gymnasium's reset returns the observation of one step with the zero action.
        advance(zeroAction, obsOut);
    }

    @Override
    protected void stepEnv(final float[] action, final Step out) {
        out.reward = advance(action, out.obs);
        out.terminated = terminated;
    }

    /** Drives the motors with {@code action}, steps the world, scans, writes the observation; returns the reward. */
    private double advance(final float[] action, final float[] obs) {
        for (int j = 0; j < 4; j++) {
            final double a = action[j];
            final double speed = (j % 2 == 0) ? SPEED_HIP : SPEED_KNEE;
            joints[j].setMotorSpeed((float) (speed * Math.signum(a)));
            joints[j].setMaxMotorTorque((float) (MOTORS_TORQUE * Math.min(Math.abs(a), 1.0)));
        }

        world.step(TIME_STEP, VELOCITY_ITERATIONS, POSITION_ITERATIONS);

        final Vec2 pos = hull.getPosition();
        final Vec2 vel = hull.getLinearVelocity();
        lidar.scan(world, pos);

        final double hullAngle = hull.getAngle();
        obs[0] = (float) hullAngle;
        obs[1] = (float) (2.0 * hull.getAngularVelocity() / FPS);
        obs[2] = (float) (0.3 * vel.x * (VIEWPORT_W / SCALE) / FPS);
        obs[3] = (float) (0.3 * vel.y * (VIEWPORT_H / SCALE) / FPS);
        obs[4] = joints[0].getJointAngle();
        obs[5] = (float) (joints[0].getJointSpeed() / SPEED_HIP);
        obs[6] = (float) (joints[1].getJointAngle() + 1.0);
        obs[7] = (float) (joints[1].getJointSpeed() / SPEED_KNEE);
        obs[8] = contacts.leftGroundContact ? 1f : 0f;
        obs[9] = joints[2].getJointAngle();
        obs[10] = (float) (joints[2].getJointSpeed() / SPEED_HIP);
        obs[11] = (float) (joints[3].getJointAngle() + 1.0);
        obs[12] = (float) (joints[3].getJointSpeed() / SPEED_KNEE);
        obs[13] = contacts.rightGroundContact ? 1f : 0f;
        System.arraycopy(lidar.fraction, 0, obs, 14, Lidar.RAYS);

        final double x = pos.x;
        scroll = x - VIEWPORT_W / SCALE / 5;

        double shaping = 130 * x / SCALE;
        shaping -= 5.0 * Math.abs(hullAngle);
        double reward = hasPrevShaping ? shaping - prevShaping : 0;
        prevShaping = shaping;
        hasPrevShaping = true;
        for (int j = 0; j < 4; j++) {
            reward -= TORQUE_COST * Math.min(Math.abs((double) action[j]), 1.0);
        }

        terminated = false;
        if (contacts.gameOver || x < 0) {
            reward = -100;
            terminated = true;
        }
        if (x > BipedalTerrain.finishX()) {
            terminated = true;
        }
        return reward;
    }

    private void buildWorld() {
        if (world == null) {
            world = new Box2dWorld(gravity);
            world.setContactListener(contacts);
        } else {
            world.clear();
        }
        groundCount = 0;

        final BipedalTerrain t = terrain;
        for (int p = 0; p < t.polygonCount; p++) {
            for (int v = 0; v < 4; v++) {
                quad[v].set((float) t.polygons[p * 8 + 2 * v], (float) t.polygons[p * 8 + 2 * v + 1]);
            }
            obstacleShape.set(quad, 4);
            addGround(obstacleFixture);
        }
        for (int i = 0; i < BipedalTerrain.LENGTH - 1; i++) {
            edgeStart.set((float) t.x[i], (float) t.y[i]);
            edgeEnd.set((float) t.x[i + 1], (float) t.y[i + 1]);
            edgeShape.set(edgeStart, edgeEnd);
            addGround(edgeFixture);
        }

        final double initX = BipedalTerrain.STEP * BipedalTerrain.STARTPAD / 2;
        final double initY = BipedalTerrain.HEIGHT + 2 * LEG_H;
        hull = addPart(initX, initY, 0f, hullFixture);
        force.set((float) rng.uniform(-INITIAL_RANDOM, INITIAL_RANDOM), 0f);
        hull.applyForceToCenter(force);

        for (int side = 0; side < 2; side++) {
            final int i = side == 0 ? -1 : +1;
            final float angle = (float) (i * 0.05);
            final Body upper = addPart(initX, initY - LEG_H / 2 - LEG_DOWN, angle, upperLegFixture);
            joints[2 * side] = addJoint(hull, upper, LEG_DOWN, i, -0.8f, 1.1f);
            legs[2 * side] = upper;
            final Body lower = addPart(initX, initY - LEG_H * 3 / 2 - LEG_DOWN, angle, lowerLegFixture);
            joints[2 * side + 1] = addJoint(upper, lower, -LEG_H / 2, 1, -1.6f, -0.1f);
            legs[2 * side + 1] = lower;
        }
        contacts.watch(hull, legs[1], legs[3]);
    }

    private void addGround(final FixtureDef fixture) {
        final Body body = world.createBody(groundDef);
        body.createFixture(fixture);
        ground[groundCount++] = body;
    }

    private Body addPart(final double x, final double y, final float angle, final FixtureDef fixture) {
        partDef.position.set((float) x, (float) y);
        partDef.angle = angle;
        final Body body = world.createBody(partDef);
        body.createFixture(fixture);
        Box2dCompat.resetMassData(body, massScratch, massResult);
        return body;
    }

    /**
     * A motorised, limited hinge from {@code a}'s point {@code (0, anchorA)} to the top of {@code b}. Like pybox2d's
     * {@code revoluteJointDef(bodyA=, bodyB=, ...)}, the reference angle is the bodies' angle difference at creation.
     */
    private RevoluteJoint addJoint(final Body a, final Body b, final double anchorA, final float motorSpeed,
                                   final float lower, final float upper) {
        final RevoluteJointDef def = jointDef;
        def.bodyA = a;
        def.bodyB = b;
        def.localAnchorA.set(0f, (float) anchorA);
        def.localAnchorB.set(0f, (float) (LEG_H / 2));
        def.referenceAngle = (float) ((double) b.getAngle() - (double) a.getAngle());
        def.enableMotor = true;
        def.enableLimit = true;
        def.maxMotorTorque = (float) MOTORS_TORQUE;
        def.motorSpeed = motorSpeed;
        def.lowerAngle = lower;
        def.upperAngle = upper;
        return (RevoluteJoint) world.createJoint(def);
    }

    /** The hull's x position (world units), for tests and tools. */
    public double hullX() {
        return hull.getPosition().x;
    }

    @Override
    public int renderWidth() {
        return VIEWPORT_W;
    }

    @Override
    public int renderHeight() {
        return VIEWPORT_H;
    }

    @Override
    public void render(final BufferedImage frame) {
        if (world == null) {
            throw new IllegalStateException(spec().id() + ": render() before the first reset()");
        }
        if (renderer == null) {
            renderer = new BipedalWalkerRenderer();
        }
        lidarRender = (lidarRender + 1) % 100;
        renderer.draw(this, frame);
    }
}
