package org.strider.env.classic;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
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
 * Gymnasium's {@code Pendulum-v1}: swing a frictionless pendulum up and hold it there with a torque in
 * {@code [-2, 2]}. The observation is {@code [cos(theta), sin(theta), theta_dot]} with {@code theta = 0} upright;
 * the reward is {@code -(angle^2 + 0.1 theta_dot^2 + 0.001 u^2)}. It never terminates; the time limit
 * truncates it after 200 steps.
 *
 * <p>Gymnasium computes with a float64 state and a float32 torque, and NumPy 2 keeps products of the float32
 * torque with Python constants in float32 ({@code 3.0 * u}, {@code 0.001 * u**2}); those products are float
 * here too, so the numbers agree with the original's.
 */
public final class PendulumEnv extends AbstractEnv implements Renderable {
    public static final String ID = "Pendulum-v1";
    public static final String OPTION_G = "g";

    static final double MAX_SPEED = 8;
    static final float MAX_TORQUE = 2.0f;
    static final double DT = 0.05;
    static final double M = 1.0;
    static final double L = 1.0;
    /** Reset draws theta in {@code [-pi, pi]} and theta_dot in {@code [-1, 1]}. */
    static final double RESET_THETA = Math.PI;
    static final double RESET_THETA_DOT = 1.0;

    private static final int SIZE = 500;
    private static final Color ROD_COLOR = new Color(204, 77, 77);

    private final double g;
    /** {@code 3 g / (2 l)}, evaluated as Gymnasium does. */
    private final double gravityTerm;
    private final NumpyRandom random = new NumpyRandom(0);
    private double theta;
    private double thetaDot;
    private float lastTorque;
    private boolean hasLastTorque;

    public PendulumEnv(final EnvSpec spec, final EnvOptions options) {
        super(spec, new Box(new float[] {-1f, -1f, (float) -MAX_SPEED}, new float[] {1f, 1f, (float) MAX_SPEED}, 3),
            Box.uniform(-MAX_TORQUE, MAX_TORQUE, 1));
        this.g = options.getDouble(OPTION_G);
        this.gravityTerm = 3 * g / (2 * L);
    }

    public double gravity() {
        return g;
    }

    @Override
    protected void resetEnv(final long seed, final float[] obsOut) {
        random.seed(seed);
        theta = random.uniform(-RESET_THETA, RESET_THETA);
        thetaDot = random.uniform(-RESET_THETA_DOT, RESET_THETA_DOT);
        hasLastTorque = false;
        writeObs(obsOut);
    }

    @Override
    protected void stepEnv(final float[] action, final Step out) {
        final float u = action[0];
        lastTorque = u;
        hasLastTorque = true;

        final double angle = angleNormalize(theta);
        final float torqueCost = 0.001f * (u * u);
        final double costs = angle * angle + 0.1 * (thetaDot * thetaDot) + torqueCost;

        final float torqueTerm = (float) (3.0 / (M * L * L)) * u;
        double newThetaDot = thetaDot + (gravityTerm * Math.sin(theta) + torqueTerm) * DT;
        newThetaDot = Math.min(Math.max(newThetaDot, -MAX_SPEED), MAX_SPEED);
        theta = theta + newThetaDot * DT;
        thetaDot = newThetaDot;

        out.reward = -costs;
        out.terminated = false;
        writeObs(out.obs);
    }

    /** {@code ((x + pi) mod 2 pi) - pi} with Python's floored modulo (the result takes the divisor's sign). */
    static double angleNormalize(final double x) {
        final double period = 2 * Math.PI;
        double mod = (x + Math.PI) % period;
        if (mod != 0) {
            if (mod < 0) {
                mod += period;
            }
        } else {
            mod = 0.0;
        }
        return mod - Math.PI;
    }

    private void writeObs(final float[] obs) {
        obs[0] = (float) Math.cos(theta);
        obs[1] = (float) Math.sin(theta);
        obs[2] = (float) thetaDot;
    }

    /** Sets the state directly (tests and hand-checked cases); the episode continues from it. */
    void setState(final double theta, final double thetaDot) {
        this.theta = theta;
        this.thetaDot = thetaDot;
    }

    @Override
    public int renderWidth() {
        return SIZE;
    }

    @Override
    public int renderHeight() {
        return SIZE;
    }

    @Override
    public void render(final BufferedImage frame) {
        final Graphics2D gr = ClassicRender.begin(frame, SIZE, SIZE);
        try {
            final double bound = 2.2;
            final double scale = SIZE / (bound * 2);
            final int offset = SIZE / 2;
            final double rodLength = 1 * scale;
            final double rodWidth = 0.2 * scale;
            final double angle = theta + Math.PI / 2;
            final double cos = Math.cos(angle);
            final double sin = Math.sin(angle);

            final double[][] corners = {{0, -rodWidth / 2}, {0, rodWidth / 2}, {rodLength, rodWidth / 2},
                {rodLength, -rodWidth / 2}};
            final Path2D.Double rod = new Path2D.Double();
            for (int i = 0; i < corners.length; i++) {
                final double px = corners[i][0] * cos - corners[i][1] * sin + offset;
                final double py = corners[i][0] * sin + corners[i][1] * cos + offset;
                if (i == 0) {
                    rod.moveTo(px, py);
                } else {
                    rod.lineTo(px, py);
                }
            }
            rod.closePath();
            gr.setColor(ROD_COLOR);
            gr.fill(rod);
            final int jointRadius = (int) (rodWidth / 2);
            fillCircle(gr, offset, offset, jointRadius);
            fillCircle(gr, (int) (rodLength * cos + offset), (int) (rodLength * sin + offset), jointRadius);

            if (hasLastTorque) {
                drawTorqueArrow(gr, offset, scale * Math.abs(lastTorque) / 2, lastTorque > 0);
            }

            gr.setColor(Color.BLACK);
            fillCircle(gr, offset, offset, (int) (0.05 * scale));
        } finally {
            gr.dispose();
        }
    }

    private static void fillCircle(final Graphics2D gr, final double cx, final double cy, final double radius) {
        gr.fill(new Ellipse2D.Double(cx - radius, cy - radius, 2 * radius, 2 * radius));
    }

    /**
     * The torque indicator: a three-quarter circle with an arrowhead, {@code size} pixels across, centred on the
     * pivot. As Gymnasium's arrow image, it turns clockwise for a negative torque and counter-clockwise for a
     * positive one (mirrored left to right).
     */
    private static void drawTorqueArrow(final Graphics2D gr, final int centre, final double size,
                                        final boolean counterClockwise) {
        if (size < 1) {
            return;
        }
        final double radius = 0.46 * size;
        final double mirror = counterClockwise ? -1 : 1;
        final Path2D.Double arc = new Path2D.Double();
        final int segments = 48;
        for (int i = 0; i <= segments; i++) {
            // From 12 o'clock, clockwise (y up: decreasing angle) through 3 and 6 to 9 o'clock.
            final double phi = Math.PI / 2 - 1.5 * Math.PI * i / segments;
            final double px = centre + mirror * radius * Math.cos(phi);
            final double py = centre + radius * Math.sin(phi);
            if (i == 0) {
                arc.moveTo(px, py);
            } else {
                arc.lineTo(px, py);
            }
        }
        gr.setColor(Color.BLACK);
        gr.setStroke(new BasicStroke((float) Math.max(1.0, 0.028 * size), BasicStroke.CAP_BUTT,
            BasicStroke.JOIN_ROUND));
        gr.draw(arc);

        final double tipX = centre - mirror * radius;
        final Path2D.Double head = new Path2D.Double();
        head.moveTo(tipX, centre + 0.15 * size);
        head.lineTo(tipX - 0.055 * size, centre - 0.02 * size);
        head.lineTo(tipX + 0.055 * size, centre - 0.02 * size);
        head.closePath();
        gr.fill(head);
    }
}
