package org.strider.env.box2d.bipedal;

import static org.strider.env.box2d.bipedal.BipedalWalker.SCALE;
import static org.strider.env.box2d.bipedal.BipedalWalker.VIEWPORT_H;

import org.strider.random.NumpyRandom;

/**
 * The walker's course for one episode: the ground line ({@link #LENGTH} points), the obstacle polygons of the
 * hardcore mode (stumps, stair steps, pit walls) and the background clouds. {@link #generate} makes the same
 * random draws, in the same order and with the same double arithmetic, as Gymnasium's
 * {@code _generate_terrain} followed by {@code _generate_clouds}, so a seed gives Gymnasium's course exactly.
 *
 * <p>Every array is allocated once; generating a new course allocates nothing.
 */
final class BipedalTerrain {
    /** Ground points; the ground is {@code LENGTH - 1} edges. */
    static final int LENGTH = 200;
    static final double STEP = 14 / SCALE;
    static final double HEIGHT = VIEWPORT_H / SCALE / 4;
    /** Upper bound of the grass stretch between obstacles, in steps (the draw is in [GRASS/2, GRASS)). */
    static final int GRASS = 10;
    static final int STARTPAD = 20;
    static final int CLOUDS = LENGTH / 20;
    static final int CLOUD_VERTICES = 5;

    static final int KIND_GRASS = 0;
    static final int KIND_STUMP = 1;
    static final int KIND_STAIRS = 2;
    static final int KIND_PIT = 3;
    private static final int KINDS = 4;

    /** A loose bound: every obstacle follows at least 5 steps of grass, is at least 1 step long, has at most 4 polygons. */
    static final int MAX_POLYGONS = 4 * (LENGTH / 6 + 1);

    final double[] x = new double[LENGTH];
    final double[] y = new double[LENGTH];

    /** Obstacle polygons, 4 vertices each as {@code x0, y0, x1, y1, x2, y2, x3, y3}, in creation order. */
    final double[] polygons = new double[MAX_POLYGONS * 8];
    /** The obstacle kind ({@link #KIND_STUMP}, {@link #KIND_STAIRS} or {@link #KIND_PIT}) each polygon belongs to. */
    final int[] polygonKind = new int[MAX_POLYGONS];
    int polygonCount;

    /** Cloud outlines, {@link #CLOUD_VERTICES} points each as x, y pairs, with their horizontal extent. */
    final double[] clouds = new double[CLOUDS * CLOUD_VERTICES * 2];
    final double[] cloudMinX = new double[CLOUDS];
    final double[] cloudMaxX = new double[CLOUDS];

    /** Draws a new course from {@code rng}; {@code hardcore} adds stumps, stairs and pits between grass stretches. */
    void generate(final NumpyRandom rng, final boolean hardcore) {
        generateGround(rng, hardcore);
        generateClouds(rng);
    }

    private void generateGround(final NumpyRandom rng, final boolean hardcore) {
        int state = KIND_GRASS;
        double velocity = 0.0;
        double yNow = HEIGHT;
        long counter = STARTPAD;
        boolean oneshot = false;
        long stairSteps = 0;
        long stairWidth = 0;
        long stairHeight = 0;
        double originalY = 0;
        polygonCount = 0;

        for (int i = 0; i < LENGTH; i++) {
            final double xNow = i * STEP;
            x[i] = xNow;

            if (state == KIND_GRASS && !oneshot) {
                velocity = 0.8 * velocity + 0.01 * Math.signum(HEIGHT - yNow);
                if (i > STARTPAD) {
                    velocity += rng.uniform(-1, 1) / SCALE;
                }
                yNow += velocity;
            } else if (state == KIND_PIT && oneshot) {
                counter = rng.integers(3, 5);
                final double bottom = yNow - 4 * STEP;
                addPolygon(KIND_PIT, xNow, yNow, xNow + STEP, yNow, xNow + STEP, bottom, xNow, bottom);
                final double shift = STEP * counter;
                addPolygon(KIND_PIT, xNow + shift, yNow, xNow + STEP + shift, yNow, xNow + STEP + shift, bottom,
                    xNow + shift, bottom);
                counter += 2;
                originalY = yNow;
            } else if (state == KIND_PIT) {
                yNow = originalY;
                if (counter > 1) {
                    yNow -= 4 * STEP;
                }
            } else if (state == KIND_STUMP && oneshot) {
                counter = rng.integers(1, 3);
                final double size = counter * STEP;
                addPolygon(KIND_STUMP, xNow, yNow, xNow + size, yNow, xNow + size, yNow + size, xNow, yNow + size);
            } else if (state == KIND_STAIRS && oneshot) {
                stairHeight = rng.random() > 0.5 ? 1 : -1;
                stairWidth = rng.integers(4, 5);
                stairSteps = rng.integers(3, 5);
                originalY = yNow;
                for (long s = 0; s < stairSteps; s++) {
                    final double left = xNow + (s * stairWidth) * STEP;
                    final double right = xNow + ((1 + s) * stairWidth) * STEP;
                    final double top = yNow + (s * stairHeight) * STEP;
                    final double bottom = yNow + (-1 + s * stairHeight) * STEP;
                    addPolygon(KIND_STAIRS, left, top, right, top, right, bottom, left, bottom);
                }
                counter = stairSteps * stairWidth;
            } else if (state == KIND_STAIRS) {
                final long s = stairSteps * stairWidth - counter - stairHeight;
                final double n = (double) s / stairWidth;
                yNow = originalY + (n * stairHeight) * STEP;
            }

            oneshot = false;
            y[i] = yNow;
            counter -= 1;
            if (counter == 0) {
                counter = rng.integers(GRASS / 2, GRASS);
                if (state == KIND_GRASS && hardcore) {
                    state = (int) rng.integers(1, KINDS);
                } else {
                    state = KIND_GRASS;
                }
                oneshot = true;
            }
        }
    }

    private void generateClouds(final NumpyRandom rng) {
        final double cloudY = VIEWPORT_H / SCALE * 3 / 4;
        for (int c = 0; c < CLOUDS; c++) {
            final double cloudX = rng.uniform(0, LENGTH) * STEP;
            double minX = Double.POSITIVE_INFINITY;
            double maxX = Double.NEGATIVE_INFINITY;
            for (int a = 0; a < CLOUD_VERTICES; a++) {
                final double px = cloudX + 15 * STEP * StrictMath.sin(3.14 * 2 * a / 5) + rng.uniform(0, 5 * STEP);
                final double py = cloudY + 5 * STEP * StrictMath.cos(3.14 * 2 * a / 5) + rng.uniform(0, 5 * STEP);
                final int k = (c * CLOUD_VERTICES + a) * 2;
                clouds[k] = px;
                clouds[k + 1] = py;
                minX = Math.min(minX, px);
                maxX = Math.max(maxX, px);
            }
            cloudMinX[c] = minX;
            cloudMaxX[c] = maxX;
        }
    }

    private void addPolygon(final int kind, final double x0, final double y0, final double x1, final double y1,
                            final double x2, final double y2, final double x3, final double y3) {
        final int k = polygonCount * 8;
        polygons[k] = x0;
        polygons[k + 1] = y0;
        polygons[k + 2] = x1;
        polygons[k + 3] = y1;
        polygons[k + 4] = x2;
        polygons[k + 5] = y2;
        polygons[k + 6] = x3;
        polygons[k + 7] = y3;
        polygonKind[polygonCount] = kind;
        polygonCount++;
    }

    /** The x beyond which the episode ends as reached: the start of the last grass stretch's worth of steps. */
    static double finishX() {
        return (LENGTH - GRASS) * STEP;
    }
}
