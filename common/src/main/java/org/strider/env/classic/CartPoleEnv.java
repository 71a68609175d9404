package org.strider.env.classic;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import org.strider.env.AbstractEnv;
import org.strider.env.Box;
import org.strider.env.Discrete;
import org.strider.env.EnvOptions;
import org.strider.env.EnvSpec;
import org.strider.env.Step;
import org.strider.random.NumpyRandom;
import org.strider.render.Renderable;

/**
 * Gymnasium's {@code CartPole-v1}: a pole hinged on a cart that is pushed left (action 0) or right (action 1)
 * with a fixed force. The observation is {@code [x, x_dot, theta, theta_dot]}; the episode terminates when the
 * cart leaves {@code ±2.4} or the pole tilts past 12 degrees.
 *
 * <p>The state is kept in doubles and integrated with explicit Euler in the same operation order as Gymnasium,
 * so float32 observations agree with the original. Reward is {@code +1} per step, or with
 * {@code sutton_barto_reward} {@code 0} per step and {@code -1} on the terminating step. Gymnasium lets a
 * terminated CartPole keep stepping with a warning; here, as for every env, {@code step} after the end throws.
 */
public final class CartPoleEnv extends AbstractEnv implements Renderable {
    public static final String ID = "CartPole-v1";
    public static final String OPTION_SUTTON_BARTO_REWARD = "sutton_barto_reward";

    static final double GRAVITY = 9.8;
    static final double MASS_CART = 1.0;
    static final double MASS_POLE = 0.1;
    static final double TOTAL_MASS = MASS_POLE + MASS_CART;
    /** Half the pole's length. */
    static final double LENGTH = 0.5;
    static final double POLE_MASS_LENGTH = MASS_POLE * LENGTH;
    static final double FORCE_MAG = 10.0;
    static final double TAU = 0.02;
    static final double THETA_THRESHOLD_RADIANS = 12 * 2 * Math.PI / 360;
    static final double X_THRESHOLD = 2.4;
    static final double RESET_BOUND = 0.05;

    private static final int WIDTH = 600;
    private static final int HEIGHT = 400;
    private static final Color CART_COLOR = Color.BLACK;
    private static final Color POLE_COLOR = new Color(202, 152, 101);
    private static final Color AXLE_COLOR = new Color(129, 132, 203);

    private final boolean suttonBartoReward;
    private final NumpyRandom random = new NumpyRandom(0);
    private double x;
    private double xDot;
    private double theta;
    private double thetaDot;

    public CartPoleEnv(final EnvSpec spec, final EnvOptions options) {
        super(spec, observationBox(), new Discrete(2));
        this.suttonBartoReward = options.getBoolean(OPTION_SUTTON_BARTO_REWARD);
    }

    private static Box observationBox() {
        final float[] high = {
            (float) (X_THRESHOLD * 2), Float.POSITIVE_INFINITY, (float) (THETA_THRESHOLD_RADIANS * 2),
            Float.POSITIVE_INFINITY};
        final float[] low = new float[high.length];
        for (int i = 0; i < high.length; i++) {
            low[i] = -high[i];
        }
        return new Box(low, high, 4);
    }

    @Override
    protected void resetEnv(final long seed, final float[] obsOut) {
        random.seed(seed);
        // uniform(low=-0.05, high=0.05, size=(4,)): one draw per element, in state order.
        x = random.uniform(-RESET_BOUND, RESET_BOUND);
        xDot = random.uniform(-RESET_BOUND, RESET_BOUND);
        theta = random.uniform(-RESET_BOUND, RESET_BOUND);
        thetaDot = random.uniform(-RESET_BOUND, RESET_BOUND);
        writeObs(obsOut);
    }

    @Override
    protected void stepEnv(final int action, final Step out) {
        final double force = action == 1 ? FORCE_MAG : -FORCE_MAG;
        final double cosTheta = Math.cos(theta);
        final double sinTheta = Math.sin(theta);

        // Florian's corrected equations, evaluated in Gymnasium's operation order (the rounding depends on it).
        final double temp = (force + POLE_MASS_LENGTH * (thetaDot * thetaDot) * sinTheta) / TOTAL_MASS;
        final double thetaAcc = (GRAVITY * sinTheta - cosTheta * temp)
            / (LENGTH * (4.0 / 3.0 - MASS_POLE * (cosTheta * cosTheta) / TOTAL_MASS));
        final double xAcc = temp - POLE_MASS_LENGTH * thetaAcc * cosTheta / TOTAL_MASS;

        // Explicit Euler: positions advance with the old velocities.
        x = x + TAU * xDot;
        xDot = xDot + TAU * xAcc;
        theta = theta + TAU * thetaDot;
        thetaDot = thetaDot + TAU * thetaAcc;

        final boolean terminated = x < -X_THRESHOLD || x > X_THRESHOLD
            || theta < -THETA_THRESHOLD_RADIANS || theta > THETA_THRESHOLD_RADIANS;
        if (suttonBartoReward) {
            out.reward = terminated ? -1.0 : 0.0;
        } else {
            out.reward = 1.0;
        }
        out.terminated = terminated;
        writeObs(out.obs);
    }

    private void writeObs(final float[] obs) {
        obs[0] = (float) x;
        obs[1] = (float) xDot;
        obs[2] = (float) theta;
        obs[3] = (float) thetaDot;
    }

    /** Sets the state directly (tests and hand-checked cases); the episode continues from it. */
    void setState(final double x, final double xDot, final double theta, final double thetaDot) {
        this.x = x;
        this.xDot = xDot;
        this.theta = theta;
        this.thetaDot = thetaDot;
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
            final double scale = WIDTH / (X_THRESHOLD * 2);
            final double poleWidth = 10.0;
            final double poleLength = scale * (2 * LENGTH);
            final double cartWidth = 50.0;
            final double cartHeight = 30.0;
            final double axleOffset = cartHeight / 4.0;
            final double cartX = x * scale + WIDTH / 2.0;
            final double cartY = 100;

            g.setColor(CART_COLOR);
            g.fill(new Rectangle2D.Double(
                cartX - cartWidth / 2, cartY - cartHeight / 2, cartWidth, cartHeight));

            // The pole leans by -theta in Gymnasium's y-up frame: positive theta tips it to the right.
            final double l = -poleWidth / 2;
            final double r = poleWidth / 2;
            final double t = poleLength - poleWidth / 2;
            final double b = -poleWidth / 2;
            final double cos = Math.cos(-theta);
            final double sin = Math.sin(-theta);
            final double axleY = cartY + axleOffset;
            final Path2D.Double pole = new Path2D.Double();
            final double[][] corners = {{l, b}, {l, t}, {r, t}, {r, b}};
            for (int i = 0; i < corners.length; i++) {
                final double px = corners[i][0] * cos - corners[i][1] * sin + cartX;
                final double py = corners[i][0] * sin + corners[i][1] * cos + axleY;
                if (i == 0) {
                    pole.moveTo(px, py);
                } else {
                    pole.lineTo(px, py);
                }
            }
            pole.closePath();
            g.setColor(POLE_COLOR);
            g.fill(pole);

            final double axleRadius = (int) (poleWidth / 2);
            g.setColor(AXLE_COLOR);
            g.fill(new Ellipse2D.Double((int) cartX - axleRadius, (int) axleY - axleRadius,
                2 * axleRadius, 2 * axleRadius));

            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1f));
            g.draw(new Line2D.Double(0, cartY, WIDTH, cartY));
        } finally {
            g.dispose();
        }
    }
}
