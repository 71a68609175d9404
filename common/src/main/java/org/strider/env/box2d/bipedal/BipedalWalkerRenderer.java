package org.strider.env.box2d.bipedal;

import static org.strider.env.box2d.bipedal.BipedalWalker.SCALE;
import static org.strider.env.box2d.bipedal.BipedalWalker.VIEWPORT_H;
import static org.strider.env.box2d.bipedal.BipedalWalker.VIEWPORT_W;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import org.jbox2d.collision.shapes.EdgeShape;
import org.jbox2d.collision.shapes.PolygonShape;
import org.jbox2d.collision.shapes.Shape;
import org.jbox2d.collision.shapes.ShapeType;
import org.jbox2d.common.Transform;
import org.jbox2d.common.Vec2;
import org.jbox2d.dynamics.Body;
import org.jbox2d.dynamics.Fixture;

/**
 * Draws the walker's scene as Gymnasium's pygame renderer does: sky, clouds scrolling at half speed, the green
 * ground, one lidar ray sweeping out and back, the obstacles, legs and hull with Gymnasium's colours and outlines,
 * and the start flag. The camera follows the hull: the frame shows pixels {@code [offset, offset + 600)} of a
 * surface that starts at world x 0, where {@code offset} is the truncated {@code max(0, scroll)·SCALE}.
 */
final class BipedalWalkerRenderer {
    private static final Color SKY = new Color(215, 215, 255);
    private static final Color CLOUD = new Color(255, 255, 255);
    private static final Color GROUND_FILL = new Color(102, 153, 76);
    private static final Color GROUND_LINE_EVEN = new Color(76, 255, 76);
    private static final Color GROUND_LINE_ODD = new Color(76, 204, 76);
    private static final Color OBSTACLE_FILL = new Color(255, 255, 255);
    private static final Color OBSTACLE_LINE = new Color(153, 153, 153);
    private static final Color HULL_FILL = new Color(127, 51, 229);
    private static final Color HULL_LINE = new Color(76, 76, 127);
    /** Left leg (Gymnasium's i = -1) and right leg (i = +1): fill and outline. */
    private static final Color[] LEG_FILL = {legColor(153, 76, 127, -1), legColor(153, 76, 127, +1)};
    private static final Color[] LEG_LINE = {legColor(102, 51, 76, -1), legColor(102, 51, 76, +1)};
    private static final Color LIDAR = new Color(255, 0, 0);
    private static final Color FLAG = new Color(230, 51, 0);

    private final Path2D.Double path = new Path2D.Double();
    private final Line2D.Double line = new Line2D.Double();
    private final Vec2 local = new Vec2();
    private final Vec2 world = new Vec2();
    private final BasicStroke thin = new BasicStroke(1f);
    private double offset;

    private static Color legColor(final int r, final int g, final int b, final int i) {
        return new Color(r - i * 25, g - i * 25, b - i * 25);
    }

    void draw(final BipedalWalker env, final BufferedImage frame) {
        final Graphics2D g = frame.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setStroke(thin);
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, frame.getWidth(), frame.getHeight());
            final double scroll = env.scroll;
            offset = (int) (VIEWPORT_W + Math.max(0.0, scroll) * SCALE) - VIEWPORT_W;

            // Gymnasium fills the sky without anti-aliasing.
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
            startPath(scroll * SCALE, 0);
            lineTo(scroll * SCALE + VIEWPORT_W, 0);
            lineTo(scroll * SCALE + VIEWPORT_W, VIEWPORT_H);
            lineTo(scroll * SCALE, VIEWPORT_H);
            fill(g, SKY);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);

            drawClouds(g, env.terrain, scroll);
            drawGround(g, env.terrain, scroll);
            drawLidar(g, env);
            drawBodies(g, env);
            drawFlag(g);
        } finally {
            g.dispose();
        }
    }

    private void drawClouds(final Graphics2D g, final BipedalTerrain t, final double scroll) {
        for (int c = 0; c < BipedalTerrain.CLOUDS; c++) {
            if (t.cloudMaxX[c] < scroll / 2 || t.cloudMinX[c] > scroll / 2 + VIEWPORT_W / SCALE) {
                continue;
            }
            for (int a = 0; a < BipedalTerrain.CLOUD_VERTICES; a++) {
                final int k = (c * BipedalTerrain.CLOUD_VERTICES + a) * 2;
                final double px = t.clouds[k] * SCALE + scroll * SCALE / 2;
                final double py = t.clouds[k + 1] * SCALE;
                if (a == 0) {
                    startPath(px, py);
                } else {
                    lineTo(px, py);
                }
            }
            fillAndOutline(g, CLOUD, CLOUD);
        }
    }

    private void drawGround(final Graphics2D g, final BipedalTerrain t, final double scroll) {
        for (int i = 0; i < BipedalTerrain.LENGTH - 1; i++) {
            if (t.x[i + 1] < scroll || t.x[i] > scroll + VIEWPORT_W / SCALE) {
                continue;
            }
            startPath(t.x[i] * SCALE, t.y[i] * SCALE);
            lineTo(t.x[i + 1] * SCALE, t.y[i + 1] * SCALE);
            lineTo(t.x[i + 1] * SCALE, 0);
            lineTo(t.x[i] * SCALE, 0);
            fillAndOutline(g, GROUND_FILL, GROUND_FILL);
        }
    }

    private void drawLidar(final Graphics2D g, final BipedalWalker env) {
        final int i = env.lidarRender;
        if (i >= 2 * Lidar.RAYS) {
            return;
        }
        final int ray = i < Lidar.RAYS ? i : 2 * Lidar.RAYS - 1 - i;
        final Lidar lidar = env.lidar;
        g.setColor(LIDAR);
        line.setLine(sx(lidar.startX[ray] * SCALE), sy(lidar.startY[ray] * SCALE),
            sx(lidar.endX[ray] * SCALE), sy(lidar.endY[ray] * SCALE));
        g.draw(line);
    }

    private void drawBodies(final Graphics2D g, final BipedalWalker env) {
        // Gymnasium's draw list: the terrain in reverse creation order (edges, then obstacles), legs, hull.
        final int edges = BipedalTerrain.LENGTH - 1;
        final int obstacles = env.groundCount - edges;
        for (int e = edges - 1; e >= 0; e--) {
            final Color c = e % 2 == 0 ? GROUND_LINE_EVEN : GROUND_LINE_ODD;
            drawBody(g, env.ground[obstacles + e], c, c);
        }
        for (int p = obstacles - 1; p >= 0; p--) {
            drawBody(g, env.ground[p], OBSTACLE_FILL, OBSTACLE_LINE);
        }
        for (int leg = 0; leg < 4; leg++) {
            drawBody(g, env.legs[leg], LEG_FILL[leg / 2], LEG_LINE[leg / 2]);
        }
        drawBody(g, env.hull, HULL_FILL, HULL_LINE);
    }

    private void drawBody(final Graphics2D g, final Body body, final Color fillColor, final Color lineColor) {
        final Transform xf = body.getTransform();
        for (Fixture f = body.getFixtureList(); f != null; f = f.getNext()) {
            final Shape shape = f.getShape();
            if (shape.getType() == ShapeType.POLYGON) {
                final PolygonShape polygon = (PolygonShape) shape;
                for (int v = 0; v < polygon.getVertexCount(); v++) {
                    Transform.mulToOut(xf, polygon.getVertex(v), world);
                    if (v == 0) {
                        startPath(world.x * SCALE, world.y * SCALE);
                    } else {
                        lineTo(world.x * SCALE, world.y * SCALE);
                    }
                }
                path.closePath();
                g.setColor(fillColor);
                g.fill(path);
                g.setColor(lineColor);
                g.draw(path);
            } else if (shape.getType() == ShapeType.EDGE) {
                final EdgeShape edge = (EdgeShape) shape;
                Transform.mulToOut(xf, edge.m_vertex1, world);
                local.set(world);
                Transform.mulToOut(xf, edge.m_vertex2, world);
                g.setColor(fillColor);
                line.setLine(sx(local.x * SCALE), sy(local.y * SCALE), sx(world.x * SCALE), sy(world.y * SCALE));
                g.draw(line);
            }
        }
    }

    private void drawFlag(final Graphics2D g) {
        final double flagY1 = BipedalTerrain.HEIGHT * SCALE;
        final double flagY2 = flagY1 + 50;
        final double x = BipedalTerrain.STEP * 3 * SCALE;
        g.setColor(Color.BLACK);
        line.setLine(sx(x), sy(flagY1), sx(x), sy(flagY2));
        g.draw(line);
        startPath(x, flagY2);
        lineTo(x, flagY2 - 10);
        lineTo(x + 25, flagY2 - 5);
        path.closePath();
        g.setColor(FLAG);
        g.fill(path);
        g.setColor(Color.BLACK);
        g.draw(path);
    }

    private void fill(final Graphics2D g, final Color color) {
        path.closePath();
        g.setColor(color);
        g.fill(path);
    }

    private void fillAndOutline(final Graphics2D g, final Color fillColor, final Color lineColor) {
        path.closePath();
        g.setColor(fillColor);
        g.fill(path);
        g.setColor(lineColor);
        g.draw(path);
    }

    /** Starts a path at a point of Gymnasium's surface (pixels, y up). */
    private void startPath(final double px, final double py) {
        path.reset();
        path.moveTo(sx(px), sy(py));
    }

    private void lineTo(final double px, final double py) {
        path.lineTo(sx(px), sy(py));
    }

    /** Surface x to frame x: the frame is the surface's last 600 columns. */
    private double sx(final double px) {
        return px - offset;
    }

    /** Surface y (up) to frame y (down): Gymnasium flips the surface vertically. */
    private static double sy(final double py) {
        return VIEWPORT_H - py;
    }
}
