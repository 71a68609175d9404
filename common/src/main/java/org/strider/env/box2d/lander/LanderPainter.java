package org.strider.env.box2d.lander;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import org.jbox2d.collision.shapes.PolygonShape;
import org.jbox2d.common.Transform;
import org.jbox2d.common.Vec2;
import org.jbox2d.dynamics.Body;

/**
 * Draws a {@link LunarLander} the way Gymnasium's pygame renderer does: white ground under a black sky, the
 * lander and legs filled in (128, 102, 230) and outlined in (77, 77, 128), two flags on the helipad, and flame
 * particles fading from white-ish to dark red. World units times {@code SCALE} give pixels; y points up in the
 * world and down in the image, as after Gymnasium's final vertical flip.
 */
final class LanderPainter {
    private static final Color SKY = new Color(0, 0, 0);
    private static final Color MOON = new Color(255, 255, 255);
    private static final Color BODY_FILL = new Color(128, 102, 230);
    private static final Color BODY_OUTLINE = new Color(77, 77, 128);
    private static final Color FLAG_POLE = new Color(255, 255, 255);
    private static final Color FLAG = new Color(204, 204, 0);
    private static final BasicStroke ONE_PIXEL = new BasicStroke(1f);

    private final LunarLander env;
    private final Path2D.Double path = new Path2D.Double();
    private final Line2D.Double line = new Line2D.Double();
    private final Ellipse2D.Double dot = new Ellipse2D.Double();
    private final Vec2 world = new Vec2();

    LanderPainter(final LunarLander env) {
        this.env = env;
    }

    void paint(final BufferedImage frame) {
        final Graphics2D g = frame.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setStroke(ONE_PIXEL);
            g.setColor(MOON);
            g.fillRect(0, 0, LunarLander.VIEWPORT_W, LunarLander.VIEWPORT_H);
            paintSky(g);
            for (final LunarLander.Particle p : env.particles) {
                paintParticle(g, p);
            }
            paintBody(g, env.lander);
            paintBody(g, env.legs[0]);
            paintBody(g, env.legs[1]);
            paintFlag(g, env.helipadX1);
            paintFlag(g, env.helipadX2);
        } finally {
            g.dispose();
        }
    }

    private void paintSky(final Graphics2D g) {
        g.setColor(SKY);
        for (int i = 0; i < LunarLander.CHUNKS - 1; i++) {
            path.reset();
            path.moveTo(sx(env.chunkX[i]), sy(env.smoothY[i]));
            path.lineTo(sx(env.chunkX[i + 1]), sy(env.smoothY[i + 1]));
            path.lineTo(sx(env.chunkX[i + 1]), sy(LunarLander.H));
            path.lineTo(sx(env.chunkX[i]), sy(LunarLander.H));
            path.closePath();
            g.fill(path);
            g.draw(path);
        }
    }

    private void paintParticle(final Graphics2D g, final LunarLander.Particle p) {
        final double ttl = p.ttl;
        final int red = (int) (Math.max(0.2, 0.15 + ttl) * 255);
        final int other = (int) (Math.max(0.2, 0.5 * ttl) * 255);
        g.setColor(new Color(clamp(red), clamp(other), clamp(other)));
        final Vec2 c = p.body.getPosition();
        final double r = 2.0;
        dot.setFrame(sx(c.x) - r, sy(c.y) - r, 2 * r, 2 * r);
        g.fill(dot);
    }

    private void paintBody(final Graphics2D g, final Body body) {
        final PolygonShape shape = (PolygonShape) body.getFixtureList().getShape();
        final Transform xf = body.getTransform();
        path.reset();
        for (int i = 0; i < shape.m_count; i++) {
            Transform.mulToOut(xf, shape.m_vertices[i], world);
            if (i == 0) {
                path.moveTo(sx(world.x), sy(world.y));
            } else {
                path.lineTo(sx(world.x), sy(world.y));
            }
        }
        path.closePath();
        g.setColor(BODY_FILL);
        g.fill(path);
        g.setColor(BODY_OUTLINE);
        g.draw(path);
    }

    private void paintFlag(final Graphics2D g, final double helipadX) {
        final double x = px(helipadX * LunarLander.SCALE);
        final double flagY1 = env.helipadY * LunarLander.SCALE;
        final double flagY2 = flagY1 + 50;
        g.setColor(FLAG_POLE);
        line.setLine(x, flip(flagY1), x, flip(flagY2));
        g.draw(line);
        path.reset();
        path.moveTo(x, flip(flagY2));
        path.lineTo(x, flip(flagY2 - 10));
        path.lineTo(x + 25, flip(flagY2 - 5));
        path.closePath();
        g.setColor(FLAG);
        g.fill(path);
        g.draw(path);
    }

    private static int clamp(final int channel) {
        return Math.max(0, Math.min(255, channel));
    }

    private static double sx(final double worldX) {
        return px(worldX * LunarLander.SCALE);
    }

    /** pygame puts integer coordinates on pixel centres, Java2D on pixel corners: shift by half a pixel. */
    private static double px(final double surfaceX) {
        return surfaceX + 0.5;
    }

    private static double sy(final double worldY) {
        return flip(worldY * LunarLander.SCALE);
    }

    /** Gymnasium draws with y up and flips the finished image: surface row y becomes row {@code H - 1 - y}. */
    private static double flip(final double surfaceY) {
        return LunarLander.VIEWPORT_H - 1 - surfaceY + 0.5;
    }
}
