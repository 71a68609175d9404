package org.strider.env.box2d.lander;

import java.awt.image.BufferedImage;
import java.util.ArrayDeque;
import org.jbox2d.callbacks.ContactImpulse;
import org.jbox2d.callbacks.ContactListener;
import org.jbox2d.collision.Manifold;
import org.jbox2d.collision.shapes.CircleShape;
import org.jbox2d.collision.shapes.EdgeShape;
import org.jbox2d.collision.shapes.MassData;
import org.jbox2d.collision.shapes.PolygonShape;
import org.jbox2d.collision.shapes.Shape;
import org.jbox2d.common.Vec2;
import org.jbox2d.dynamics.Body;
import org.jbox2d.dynamics.BodyDef;
import org.jbox2d.dynamics.BodyType;
import org.jbox2d.dynamics.FixtureDef;
import org.jbox2d.dynamics.contacts.Contact;
import org.jbox2d.dynamics.joints.RevoluteJointDef;
import org.strider.env.AbstractEnv;
import org.strider.env.Box;
import org.strider.env.Discrete;
import org.strider.env.EnvOptions;
import org.strider.env.EnvSpec;
import org.strider.env.Step;
import org.strider.env.box2d.Box2dCompat;
import org.strider.env.box2d.Box2dWorld;
import org.strider.random.NumpyRandom;
import org.strider.render.Renderable;

/**
 * Port of Gymnasium 1.x {@code LunarLander} ({@code gymnasium/envs/box2d/lunar_lander.py}) onto JBox2D 2.2.1.1.
 *
 * <p>Same constants, terrain, bodies, joints, contact rules, wind and turbulence, observation scaling, reward
 * shaping and termination. Random draws come from a {@link NumpyRandom} reseeded at every reset and are made in
 * Gymnasium's order: 12 terrain heights, the two components of the initial push, the wind and torque phases
 * (only when wind is on), then two dispersion draws per step, including the no-op step that {@code reset}
 * takes to produce the first observation (Gymnasium does the same).
 *
 * <p>The world is a {@link Box2dWorld}, which steps as Box2D 2.3 does. Heuristic episodes then agree with
 * Gymnasium's bit for bit except where glibc's {@code sinf}/{@code cosf} round differently from Java's (see
 * {@link Box2dCompat}); after such a difference, trajectories drift apart, most often by less than 0.01 in return.
 *
 * <p>Actions. Discrete: 0 no-op, 1 left engine, 2 main engine, 3 right engine. Continuous ({@code Box(-1, 1, (2,))}):
 * the main engine fires only for {@code action[0] > 0} at throttle {@code (clip(action[0], 0, 1) + 1) / 2};
 * a side engine fires only for {@code |action[1]| > 0.5}, left for negative values, at
 * {@code clip(|action[1]|, 0.5, 1)}.
 *
 * <p>Particles (engine flames) are drawing only and have no effect on the lander. Gymnasium creates them only
 * when a render mode is set; here they are created once this env has drawn a frame ({@link #render}) or after
 * {@link #renderParticles(boolean) renderParticles(true)}. Without them, {@code step} allocates nothing.
 *
 * <p>Options {@code wind_power} outside [0, 20] and {@code turbulence_power} outside [0, 2] are accepted as given:
 * Gymnasium only warns about them, and this code base has no logger to warn through.
 */
public final class LunarLander extends AbstractEnv implements Renderable {
    static {
        // JBox2D rotates bodies with a coarse sine table by default; Box2D uses sinf/cosf (see Box2dCompat).
        Box2dCompat.useExactTrigonometry();
    }

    static final int FPS = 50;
    static final double SCALE = 30.0;
    static final double MAIN_ENGINE_POWER = 13.0;
    static final double SIDE_ENGINE_POWER = 0.6;
    static final double INITIAL_RANDOM = 1000.0;
    static final int[][] LANDER_POLY = {{-14, 17}, {-17, 0}, {-17, -10}, {17, -10}, {17, 0}, {14, 17}};
    static final int LEG_AWAY = 20;
    static final int LEG_DOWN = 18;
    static final int LEG_W = 2;
    static final int LEG_H = 8;
    static final int LEG_SPRING_TORQUE = 40;
    static final int SIDE_ENGINE_HEIGHT = 14;
    static final int SIDE_ENGINE_AWAY = 12;
    static final int MAIN_ENGINE_Y_LOCATION = 4;
    static final int VIEWPORT_W = 600;
    static final int VIEWPORT_H = 400;
    static final int CHUNKS = 11;

    static final double W = VIEWPORT_W / SCALE;
    static final double H = VIEWPORT_H / SCALE;

    private static final float TIME_STEP = (float) (1.0 / FPS);
    private static final int VELOCITY_ITERATIONS = 6 * 30;
    private static final int POSITION_ITERATIONS = 2 * 30;
    private static final int GROUND_CATEGORY = 0x0001;
    private static final int LANDER_CATEGORY = 0x0010;
    private static final int LEG_CATEGORY = 0x0020;
    private static final int PARTICLE_CATEGORY = 0x0100;

    private final boolean continuous;
    private final float gravity;
    private final boolean enableWind;
    private final double windPower;
    private final double turbulencePower;

    private final NumpyRandom random = new NumpyRandom(0);
    private final ContactListener contactDetector = new ContactDetector();

    // Terrain of the current episode, in world units.
    final double[] height = new double[CHUNKS + 1];
    final double[] chunkX = new double[CHUNKS];
    final double[] smoothY = new double[CHUNKS];
    double helipadX1;
    double helipadX2;
    double helipadY;

    Box2dWorld world;
    Body lander;
    final Body[] legs = new Body[2];
    final boolean[] legContact = new boolean[2];
    private boolean gameOver;
    private boolean hasPrevShaping;
    private double prevShaping;
    private long windIdx;
    private long torqueIdx;

    private boolean particlesEnabled;
    final ArrayDeque<Particle> particles = new ArrayDeque<>();

    // Preallocated scratch for reset and step.
    private final Vec2 gravityVec = new Vec2();
    private final Vec2 force = new Vec2();
    private final Vec2 impulse = new Vec2();
    private final Vec2 impulsePoint = new Vec2();
    private final Vec2 edgeStart = new Vec2();
    private final Vec2 edgeEnd = new Vec2();
    private final Vec2[] landerVertices = new Vec2[LANDER_POLY.length];
    private final BodyDef bodyDef = new BodyDef();
    private final FixtureDef fixtureDef = new FixtureDef();
    private final PolygonShape polygon = new PolygonShape();
    private final EdgeShape edge = new EdgeShape();
    private final CircleShape circle = new CircleShape();
    private final RevoluteJointDef jointDef = new RevoluteJointDef();
    private final double[] state = new double[8];
    private final MassData massScratch = new MassData();
    private final MassData massResult = new MassData();

    private final LanderPainter painter = new LanderPainter(this);

    LunarLander(final EnvSpec spec, final boolean continuous, final double gravity, final boolean enableWind,
                final double windPower, final double turbulencePower) {
        super(spec, landerObservationSpace(), continuous ? Box.uniform(-1f, 1f, 2) : new Discrete(4));
        if (!(gravity > -12.0 && gravity < 0.0)) {
            throw new IllegalArgumentException(spec.id() + ": option 'gravity' must be between -12 and 0 "
                + "(exclusive), got " + gravity);
        }
        this.continuous = continuous;
        this.gravity = (float) gravity;
        this.enableWind = enableWind;
        this.windPower = windPower;
        this.turbulencePower = turbulencePower;
        for (int i = 0; i < landerVertices.length; i++) {
            landerVertices[i] = new Vec2((float) (LANDER_POLY[i][0] / SCALE), (float) (LANDER_POLY[i][1] / SCALE));
        }
    }

    /** Builds the env from checked options ({@code continuous}, {@code gravity}, {@code enable_wind}, ...). */
    public static LunarLander create(final EnvSpec spec, final EnvOptions options) {
        return new LunarLander(spec, options.getBoolean(LunarLanderEnvs.CONTINUOUS),
            options.getDouble(LunarLanderEnvs.GRAVITY), options.getBoolean(LunarLanderEnvs.ENABLE_WIND),
            options.getDouble(LunarLanderEnvs.WIND_POWER), options.getDouble(LunarLanderEnvs.TURBULENCE_POWER));
    }

    static Box landerObservationSpace() {
        final float twoPi = (float) (2 * Math.PI);
        return new Box(
            new float[] {-2.5f, -2.5f, -10f, -10f, -twoPi, -10f, -0f, -0f},
            new float[] {2.5f, 2.5f, 10f, 10f, twoPi, 10f, 1f, 1f}, 8);
    }

    public boolean continuous() {
        return continuous;
    }

    /**
     * Turns engine-flame particles on or off (they are on once a frame has been rendered). They are bodies that
     * collide only with the ground, so they never change the lander's trajectory, but they cost allocations.
     */
    public LunarLander renderParticles(final boolean enabled) {
        particlesEnabled = enabled;
        return this;
    }

    @Override
    protected void resetEnv(final long seed, final float[] obsOut) {
        random.seed(seed);
        particles.clear();
        clearWorld();
        gameOver = false;
        hasPrevShaping = false;
        legContact[0] = false;
        legContact[1] = false;

        for (int i = 0; i < height.length; i++) {
            height[i] = random.uniform(0, H / 2);
        }
        for (int i = 0; i < CHUNKS; i++) {
            chunkX[i] = W / (CHUNKS - 1) * i;
        }
        helipadX1 = chunkX[CHUNKS / 2 - 1];
        helipadX2 = chunkX[CHUNKS / 2 + 1];
        helipadY = H / 4;
        for (int i = CHUNKS / 2 - 2; i <= CHUNKS / 2 + 2; i++) {
            height[i] = helipadY;
        }
        for (int i = 0; i < CHUNKS; i++) {
            // Python's height[i - 1] wraps to the last element for i = 0.
            final double previous = height[i == 0 ? height.length - 1 : i - 1];
            smoothY[i] = 0.33 * (previous + height[i] + height[i + 1]);
        }

        bodyDef.type = BodyType.STATIC;
        bodyDef.position.set(0f, 0f);
        bodyDef.angle = 0f;
        final Body moon = world.createBody(bodyDef);
        edge.set(edgeStart.set(0f, 0f), edgeEnd.set((float) W, 0f));
        fixture(edge, 0f, 0.2f, 0f, GROUND_CATEGORY, 0xFFFF);
        moon.createFixture(fixtureDef);
        for (int i = 0; i < CHUNKS - 1; i++) {
            edge.set(edgeStart.set((float) chunkX[i], (float) smoothY[i]),
                edgeEnd.set((float) chunkX[i + 1], (float) smoothY[i + 1]));
            fixture(edge, 0f, 0.1f, 0f, GROUND_CATEGORY, 0xFFFF);
            moon.createFixture(fixtureDef);
        }

        final double initialY = VIEWPORT_H / SCALE;
        final double initialX = VIEWPORT_W / SCALE / 2;
        bodyDef.type = BodyType.DYNAMIC;
        bodyDef.position.set((float) initialX, (float) initialY);
        bodyDef.angle = 0f;
        lander = world.createBody(bodyDef);
        polygon.set(landerVertices, landerVertices.length);
        fixture(polygon, 5f, 0.1f, 0f, LANDER_CATEGORY, GROUND_CATEGORY);
        lander.createFixture(fixtureDef);
        // JBox2D overestimates the inertia of this asymmetric polygon; recompute it as Box2D 2.3 does.
        Box2dCompat.resetMassData(lander, massScratch, massResult);
        final double pushX = random.uniform(-INITIAL_RANDOM, INITIAL_RANDOM);
        final double pushY = random.uniform(-INITIAL_RANDOM, INITIAL_RANDOM);
        lander.applyForceToCenter(force.set((float) pushX, (float) pushY));

        if (enableWind) {
            windIdx = random.integers(-9999, 9999);
            torqueIdx = random.integers(-9999, 9999);
        }

        for (int k = 0; k < 2; k++) {
            final int i = k == 0 ? -1 : 1;
            bodyDef.position.set((float) (initialX - i * LEG_AWAY / SCALE), (float) initialY);
            bodyDef.angle = (float) (i * 0.05);
            final Body leg = world.createBody(bodyDef);
            polygon.setAsBox((float) (LEG_W / SCALE), (float) (LEG_H / SCALE));
            fixture(polygon, 1f, 0.2f, 0f, LEG_CATEGORY, GROUND_CATEGORY);
            leg.createFixture(fixtureDef);

            jointDef.bodyA = lander;
            jointDef.bodyB = leg;
            jointDef.localAnchorA.set(0f, 0f);
            jointDef.localAnchorB.set((float) (i * LEG_AWAY / SCALE), (float) (LEG_DOWN / SCALE));
            // pybox2d's revoluteJointDef sets referenceAngle = bodyB.angle - bodyA.angle when given both bodies.
            jointDef.referenceAngle = leg.getAngle() - lander.getAngle();
            jointDef.enableMotor = true;
            jointDef.enableLimit = true;
            jointDef.maxMotorTorque = LEG_SPRING_TORQUE;
            jointDef.motorSpeed = (float) (0.3 * i);
            if (i == -1) {
                jointDef.lowerAngle = (float) (0.9 - 0.5);
                jointDef.upperAngle = 0.9f;
            } else {
                jointDef.lowerAngle = -0.9f;
                jointDef.upperAngle = (float) (-0.9 + 0.5);
            }
            world.createJoint(jointDef);
            legs[k] = leg;
        }

        // Gymnasium's reset returns the observation after one no-op step.
        advance(0.0, 0.0, 0.0);
        writeObservation(obsOut);
    }

    /**
     * Gymnasium builds a new world at every reset. Building a JBox2D world allocates about 700 kB (its island
     * solvers), so the world is kept and emptied instead ({@link Box2dWorld#clear()}: a seed gives the same
     * trajectory whatever ran before).
     */
    private void clearWorld() {
        if (world == null) {
            world = new Box2dWorld(gravityVec.set(0f, gravity));
            world.setContactListener(contactDetector);
        } else {
            world.clear();
        }
    }

    private void fixture(final Shape shape, final float density, final float friction,
                         final float restitution, final int category, final int mask) {
        fixtureDef.shape = shape;
        fixtureDef.density = density;
        fixtureDef.friction = friction;
        fixtureDef.restitution = restitution;
        fixtureDef.filter.categoryBits = category;
        fixtureDef.filter.maskBits = mask;
        fixtureDef.filter.groupIndex = 0;
    }

    @Override
    protected void stepEnv(final int action, final Step out) {
        final double mPower = action == 2 ? 1.0 : 0.0;
        final double sPower = action == 1 || action == 3 ? 1.0 : 0.0;
        final double reward = advance(mPower, sPower, action - 2);
        finish(reward, out);
    }

    @Override
    protected void stepEnv(final float[] action, final Step out) {
        final double main = action[0];
        final double lateral = action[1];
        final double mPower = main > 0.0 ? (Math.min(Math.max(main, 0.0), 1.0) + 1.0) * 0.5 : 0.0;
        final double sPower = Math.abs(lateral) > 0.5 ? Math.min(Math.max(Math.abs(lateral), 0.5), 1.0) : 0.0;
        final double reward = advance(mPower, sPower, Math.signum(lateral));
        finish(reward, out);
    }

    private void finish(final double shapedReward, final Step out) {
        writeObservation(out.obs);
        double reward = shapedReward;
        boolean terminated = false;
        if (gameOver || Math.abs(state[0]) >= 1.0) {
            terminated = true;
            reward = -100;
        }
        if (!lander.isAwake()) {
            terminated = true;
            reward = +100;
        }
        out.reward = reward;
        out.terminated = terminated;
    }

    /**
     * Wind, engines and one world step; fills {@link #state} and returns the shaped reward less fuel. A power of 0
     * means that engine is off; {@code direction} is -1 (left engine) or +1 (right engine).
     */
    private double advance(final double mPower, final double sPower, final double direction) {
        if (enableWind && !(legContact[0] || legContact[1])) {
            final double windMag = Math.tanh(StrictMath.sin(0.02 * windIdx)
                + StrictMath.sin(Math.PI * 0.01 * windIdx)) * windPower;
            windIdx++;
            lander.applyForceToCenter(force.set((float) windMag, 0f));
            final double torqueMag = Math.tanh(StrictMath.sin(0.02 * torqueIdx)
                + StrictMath.sin(Math.PI * 0.01 * torqueIdx)) * turbulencePower;
            torqueIdx++;
            lander.applyTorque((float) torqueMag);
        }

        final double angle = lander.getAngle();
        final double tip0 = StrictMath.sin(angle);
        final double tip1 = StrictMath.cos(angle);
        final double side0 = -tip1;
        final double side1 = tip0;
        final double dispersion0 = random.uniform(-1.0, 1.0) / SCALE;
        final double dispersion1 = random.uniform(-1.0, 1.0) / SCALE;

        if (mPower > 0.0) {
            final double ox = tip0 * (MAIN_ENGINE_Y_LOCATION / SCALE + 2 * dispersion0) + side0 * dispersion1;
            final double oy = -tip1 * (MAIN_ENGINE_Y_LOCATION / SCALE + 2 * dispersion0) - side1 * dispersion1;
            final Vec2 position = lander.getPosition();
            final double px = position.x + ox;
            final double py = position.y + oy;
            impulsePoint.set((float) px, (float) py);
            if (particlesEnabled) {
                final Body p = createParticle(3.5f, px, py, mPower);
                p.applyLinearImpulse(impulse.set((float) (ox * MAIN_ENGINE_POWER * mPower),
                    (float) (oy * MAIN_ENGINE_POWER * mPower)), impulsePoint);
            }
            lander.applyLinearImpulse(impulse.set((float) (-ox * MAIN_ENGINE_POWER * mPower),
                (float) (-oy * MAIN_ENGINE_POWER * mPower)), impulsePoint);
        }

        if (sPower > 0.0) {
            final double away = 3 * dispersion1 + direction * SIDE_ENGINE_AWAY / SCALE;
            final double ox = tip0 * dispersion0 + side0 * away;
            final double oy = -tip1 * dispersion0 - side1 * away;
            final Vec2 position = lander.getPosition();
            final double px = position.x + ox - tip0 * 17 / SCALE;
            final double py = position.y + oy + tip1 * SIDE_ENGINE_HEIGHT / SCALE;
            impulsePoint.set((float) px, (float) py);
            if (particlesEnabled) {
                final Body p = createParticle(0.7f, px, py, sPower);
                p.applyLinearImpulse(impulse.set((float) (ox * SIDE_ENGINE_POWER * sPower),
                    (float) (oy * SIDE_ENGINE_POWER * sPower)), impulsePoint);
            }
            lander.applyLinearImpulse(impulse.set((float) (-ox * SIDE_ENGINE_POWER * sPower),
                (float) (-oy * SIDE_ENGINE_POWER * sPower)), impulsePoint);
        }

        world.step(TIME_STEP, VELOCITY_ITERATIONS, POSITION_ITERATIONS);

        final Vec2 pos = lander.getPosition();
        final Vec2 vel = lander.getLinearVelocity();
        state[0] = (pos.x - VIEWPORT_W / SCALE / 2) / (VIEWPORT_W / SCALE / 2);
        state[1] = (pos.y - (helipadY + LEG_DOWN / SCALE)) / (VIEWPORT_H / SCALE / 2);
        state[2] = vel.x * (VIEWPORT_W / SCALE / 2) / FPS;
        state[3] = vel.y * (VIEWPORT_H / SCALE / 2) / FPS;
        state[4] = lander.getAngle();
        state[5] = 20.0 * lander.getAngularVelocity() / FPS;
        state[6] = legContact[0] ? 1.0 : 0.0;
        state[7] = legContact[1] ? 1.0 : 0.0;

        final double shaping = -100 * Math.sqrt(state[0] * state[0] + state[1] * state[1])
            - 100 * Math.sqrt(state[2] * state[2] + state[3] * state[3])
            - 100 * Math.abs(state[4])
            + 10 * state[6]
            + 10 * state[7];
        double reward = 0;
        if (hasPrevShaping) {
            reward = shaping - prevShaping;
        }
        prevShaping = shaping;
        hasPrevShaping = true;
        reward -= mPower * 0.30;
        reward -= sPower * 0.03;
        return reward;
    }

    private void writeObservation(final float[] obs) {
        for (int i = 0; i < state.length; i++) {
            obs[i] = (float) state[i];
        }
    }

    private Body createParticle(final float density, final double x, final double y, final double ttl) {
        bodyDef.type = BodyType.DYNAMIC;
        bodyDef.position.set((float) x, (float) y);
        bodyDef.angle = 0f;
        final Body body = world.createBody(bodyDef);
        circle.m_radius = (float) (2 / SCALE);
        circle.m_p.set(0f, 0f);
        fixture(circle, density, 0.1f, 0.3f, PARTICLE_CATEGORY, GROUND_CATEGORY);
        body.createFixture(fixtureDef);
        particles.addLast(new Particle(body, ttl));
        cleanParticles();
        return body;
    }

    /** Drops expired particles from the front of the queue, as Gymnasium's {@code _clean_particles(False)}. */
    void cleanParticles() {
        while (!particles.isEmpty() && particles.peekFirst().ttl < 0) {
            world.destroyBody(particles.pollFirst().body);
        }
    }

    /** Whether leg {@code i} (0 left, 1 right) touches the ground. */
    boolean legContact(final int i) {
        return legContact[i];
    }

    boolean gameOver() {
        return gameOver;
    }

    @Override
    public int renderWidth() {
        return VIEWPORT_W;
    }

    @Override
    public int renderHeight() {
        return VIEWPORT_H;
    }

    /** Draws the current state as Gymnasium does, and from now on lets the engines emit flame particles. */
    @Override
    public void render(final BufferedImage frame) {
        if (world == null) {
            throw new IllegalStateException(spec().id() + ": render() called before the first reset()");
        }
        particlesEnabled = true;
        for (final Particle p : particles) {
            p.ttl -= 0.15;
        }
        cleanParticles();
        painter.paint(frame);
    }

    /** An engine-flame particle: a small ground-colliding body and its time to live, counted down per frame. */
    static final class Particle {
        final Body body;
        double ttl;

        Particle(final Body body, final double ttl) {
            this.body = body;
            this.ttl = ttl;
        }
    }

    /** Gymnasium's {@code ContactDetector}: touching the ground with the body ends the game; legs report contact. */
    private final class ContactDetector implements ContactListener {
        @Override
        public void beginContact(final Contact contact) {
            final Body bodyA = contact.getFixtureA().getBody();
            final Body bodyB = contact.getFixtureB().getBody();
            if (lander == bodyA || lander == bodyB) {
                gameOver = true;
            }
            for (int i = 0; i < 2; i++) {
                if (legs[i] == bodyA || legs[i] == bodyB) {
                    legContact[i] = true;
                }
            }
        }

        @Override
        public void endContact(final Contact contact) {
            final Body bodyA = contact.getFixtureA().getBody();
            final Body bodyB = contact.getFixtureB().getBody();
            for (int i = 0; i < 2; i++) {
                if (legs[i] == bodyA || legs[i] == bodyB) {
                    legContact[i] = false;
                }
            }
        }

        @Override
        public void preSolve(final Contact contact, final Manifold oldManifold) {
        }

        @Override
        public void postSolve(final Contact contact, final ContactImpulse impulse) {
        }
    }
}
