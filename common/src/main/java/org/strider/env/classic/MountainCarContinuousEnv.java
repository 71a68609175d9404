package org.strider.env.classic;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import org.strider.env.AbstractEnv;
import org.strider.env.Box;
import org.strider.env.EnvOptions;
import org.strider.env.EnvSpec;
import org.strider.env.Step;
import org.strider.random.NumpyRandom;
import org.strider.render.Renderable;

/**
 * Gymnasium's {@code MountainCarContinuous-v0}: an underpowered car in a valley must rock back and forth to reach
 * the flag at {@code x >= 0.45}. The observation is {@code [position, velocity]}; the reward is {@code +100} on
 * reaching the goal (with velocity at least {@code goal_velocity}) minus {@code 0.1 a^2} every step.
 *
 * <p>Faithful to the original's quirks: the force is {@code min(max(a, -1), 1)} but the reward charges the
 * unclipped action, so this env sees the raw action ({@link #clipsActions()} is false). Gymnasium's state is a
 * float64 array after reset and a float32 array after every step, and NumPy 2 evaluates the update in float32
 * whenever a float32 value meets a Python constant; this port follows those precisions step by step, so its
 * trajectory is Gymnasium's to the bit for the same start and actions (up to libm's last-bit cosine).
 */
public final class MountainCarContinuousEnv extends AbstractEnv implements Renderable {
    public static final String ID = "MountainCarContinuous-v0";
    public static final String OPTION_GOAL_VELOCITY = "goal_velocity";

    static final double MIN_ACTION = -1.0;
    static final double MAX_ACTION = 1.0;
    static final double MIN_POSITION = -1.2;
    static final double MAX_POSITION = 0.6;
    static final double MAX_SPEED = 0.07;
    static final double GOAL_POSITION = 0.45;
    static final double POWER = 0.0015;
    static final double GRAVITY_COEFF = 0.0025;
    static final double RESET_LOW = -0.6;
    static final double RESET_HIGH = -0.4;
    static final double GOAL_REWARD = 100.0;
    static final double ACTION_COST = 0.1;

    private static final int WIDTH = 600;
    private static final int HEIGHT = 400;
    private static final Color WHEEL_COLOR = new Color(128, 128, 128);
    private static final Color FLAG_COLOR = new Color(204, 204, 0);

    private final double goalVelocity;
    private final NumpyRandom random = new NumpyRandom(0);
    private double position;
    private double velocity;
    /** False right after reset (Gymnasium's state is then float64), true after a step (float32). */
    private boolean float32State;

    public MountainCarContinuousEnv(final EnvSpec spec, final EnvOptions options) {
        super(spec, new Box(new float[] {(float) MIN_POSITION, (float) -MAX_SPEED},
                new float[] {(float) MAX_POSITION, (float) MAX_SPEED}, 2),
            Box.uniform((float) MIN_ACTION, (float) MAX_ACTION, 1));
        this.goalVelocity = options.getDouble(OPTION_GOAL_VELOCITY);
    }

    public double goalVelocity() {
        return goalVelocity;
    }

    @Override
    protected boolean clipsActions() {
        return false;
    }

    @Override
    protected void resetEnv(final long seed, final float[] obsOut) {
        random.seed(seed);
        position = random.uniform(RESET_LOW, RESET_HIGH);
        velocity = 0.0;
        float32State = false;
        obsOut[0] = (float) position;
        obsOut[1] = (float) velocity;
    }

    @Override
    protected void stepEnv(final float[] action, final Step out) {
        final float a = action[0];
        // Python's min(max(a, -1.0), 1.0) returns the float32 action itself when it is in range, else a Python
        // float; which one it is decides the precision of what follows.
        final boolean forceIsAction = a >= (float) MIN_ACTION && a <= (float) MAX_ACTION;
        final double clippedForce = a < (float) MIN_ACTION ? MIN_ACTION : MAX_ACTION;

        final boolean terminated = float32State
            ? stepFloat32(a, forceIsAction, clippedForce)
            : stepFloat64(a, forceIsAction, clippedForce);
        float32State = true;

        double reward = terminated ? GOAL_REWARD : 0.0;
        reward -= ((double) a * a) * ACTION_COST;
        out.reward = reward;
        out.terminated = terminated;
        out.obs[0] = (float) position;
        out.obs[1] = (float) velocity;
    }

    /** The first step after reset: position and velocity are float64. */
    private boolean stepFloat64(final float a, final boolean forceIsAction, final double clippedForce) {
        final double gravity = GRAVITY_COEFF * Math.cos(3 * position);
        if (forceIsAction) {
            final float accel = a * (float) POWER - (float) gravity;
            velocity += accel;
        } else {
            velocity += clippedForce * POWER - gravity;
        }
        if (velocity > MAX_SPEED) {
            velocity = MAX_SPEED;
        }
        if (velocity < -MAX_SPEED) {
            velocity = -MAX_SPEED;
        }
        position += velocity;
        if (position > MAX_POSITION) {
            position = MAX_POSITION;
        }
        if (position < MIN_POSITION) {
            position = MIN_POSITION;
        }
        if (position == MIN_POSITION && velocity < 0) {
            velocity = 0;
        }
        final boolean terminated = position >= GOAL_POSITION && velocity >= goalVelocity;
        position = (float) position;
        velocity = (float) velocity;
        return terminated;
    }

    /**
     * Every later step: position and velocity are float32, arithmetic with them stays float32, and a clipped value
     * becomes a Python float (so its comparison with {@code goal_velocity} is in double) until stored again.
     */
    private boolean stepFloat32(final float a, final boolean forceIsAction, final double clippedForce) {
        float pos = (float) position;
        float vel = (float) velocity;
        final double gravity = GRAVITY_COEFF * Math.cos(3f * pos);
        if (forceIsAction) {
            vel += a * (float) POWER - (float) gravity;
        } else {
            vel += (float) (clippedForce * POWER - gravity);
        }
        // A value the env assigns from a Python constant (velocity or position clipped) is a double until stored.
        double velValue = vel;
        boolean velIsFloat32 = true;
        if (vel > (float) MAX_SPEED) {
            velValue = MAX_SPEED;
            velIsFloat32 = false;
        }
        if (velIsFloat32 ? vel < (float) -MAX_SPEED : velValue < -MAX_SPEED) {
            velValue = -MAX_SPEED;
            velIsFloat32 = false;
        }
        pos += (float) velValue;
        double posValue = pos;
        boolean posIsFloat32 = true;
        if (pos > (float) MAX_POSITION) {
            posValue = MAX_POSITION;
            posIsFloat32 = false;
        }
        if (posIsFloat32 ? pos < (float) MIN_POSITION : posValue < MIN_POSITION) {
            posValue = MIN_POSITION;
            posIsFloat32 = false;
        }
        final boolean atLeftWall = posIsFloat32 ? pos == (float) MIN_POSITION : posValue == MIN_POSITION;
        if (atLeftWall && velValue < 0) {
            velValue = 0;
            velIsFloat32 = false;
        }
        final boolean atGoal = posIsFloat32 ? pos >= (float) GOAL_POSITION : posValue >= GOAL_POSITION;
        final boolean fastEnough = velIsFloat32 ? (float) velValue >= (float) goalVelocity : velValue >= goalVelocity;
        position = (float) posValue;
        velocity = (float) velValue;
        return atGoal && fastEnough;
    }

    /** Sets the state directly (tests and hand-checked cases); it is taken as Gymnasium's float32 state. */
    void setState(final float position, final float velocity) {
        this.position = position;
        this.velocity = velocity;
        this.float32State = true;
    }

    static double height(final double x) {
        return Math.sin(3 * x) * 0.45 + 0.55;
    }

    @Override
    public int renderWidth() {
        return WIDTH;
    }

    @Override
    public int renderHeight() {
        return HEIGHT;
    }

    @Override
    public void render(final BufferedImage frame) {
        final Graphics2D g = ClassicRender.begin(frame, WIDTH, HEIGHT);
        try {
            final double scale = WIDTH / (MAX_POSITION - MIN_POSITION);
            final double carWidth = 40;
            final double carHeight = 20;
            final double clearance = 10;

            final Path2D.Double track = new Path2D.Double();
            final int points = 100;
            for (int i = 0; i < points; i++) {
                final double xs = MIN_POSITION + (MAX_POSITION - MIN_POSITION) * i / (points - 1);
                final double px = (xs - MIN_POSITION) * scale;
                final double py = height(xs) * scale;
                if (i == 0) {
                    track.moveTo(px, py);
                } else {
                    track.lineTo(px, py);
                }
            }
            g.setColor(Color.BLACK);
            g.draw(track);

            // Gymnasium tilts the car by cos(3 x) radians (not the slope's angle); kept for the same look.
            final double tilt = Math.cos(3 * position);
            final double cos = Math.cos(tilt);
            final double sin = Math.sin(tilt);
            final double baseX = (position - MIN_POSITION) * scale;
            final double baseY = clearance + height(position) * scale;
            final double[][] corners = {{-carWidth / 2, 0}, {-carWidth / 2, carHeight}, {carWidth / 2, carHeight},
                {carWidth / 2, 0}};
            final Path2D.Double car = new Path2D.Double();
            for (int i = 0; i < corners.length; i++) {
                final double px = corners[i][0] * cos - corners[i][1] * sin + baseX;
                final double py = corners[i][0] * sin + corners[i][1] * cos + baseY;
                if (i == 0) {
                    car.moveTo(px, py);
                } else {
                    car.lineTo(px, py);
                }
            }
            car.closePath();
            g.fill(car);

            g.setColor(WHEEL_COLOR);
            final double wheelRadius = (int) (carHeight / 2.5);
            for (final double wheelX : new double[] {carWidth / 4, -carWidth / 4}) {
                final int cx = (int) (wheelX * cos + baseX);
                final int cy = (int) (wheelX * sin + baseY);
                g.fill(new Ellipse2D.Double(cx - wheelRadius, cy - wheelRadius, 2 * wheelRadius, 2 * wheelRadius));
            }

            final int flagX = (int) ((GOAL_POSITION - MIN_POSITION) * scale);
            final int flagY1 = (int) (height(GOAL_POSITION) * scale);
            final int flagY2 = flagY1 + 50;
            g.setColor(Color.BLACK);
            g.draw(new Line2D.Double(flagX, flagY1, flagX, flagY2));
            final Path2D.Double flag = new Path2D.Double();
            flag.moveTo(flagX, flagY2);
            flag.lineTo(flagX, flagY2 - 10);
            flag.lineTo(flagX + 25, flagY2 - 5);
            flag.closePath();
            g.setColor(FLAG_COLOR);
            g.fill(flag);
        } finally {
            g.dispose();
        }
    }
}
