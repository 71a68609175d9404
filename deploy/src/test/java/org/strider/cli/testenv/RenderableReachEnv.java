package org.strider.cli.testenv;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import org.strider.env.EnvOptions;
import org.strider.env.EnvSpec;
import org.strider.render.Renderable;

/** {@link ReachEnv} drawn as a 120x40 strip: the track, the target (red) and the point (blue). */
public final class RenderableReachEnv extends ReachEnv implements Renderable {
    static final int WIDTH = 120;
    static final int HEIGHT = 40;

    public RenderableReachEnv(final EnvSpec spec, final EnvOptions options, final boolean discrete) {
        super(spec, options, discrete);
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
        final Graphics2D g = frame.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(Color.GRAY);
        g.drawLine(10, HEIGHT / 2, WIDTH - 10, HEIGHT / 2);
        g.setColor(Color.RED);
        final int tx = screenX(target());
        g.drawLine(tx, 8, tx, HEIGHT - 8);
        g.setColor(Color.BLUE);
        g.fillOval(screenX(position()) - 4, HEIGHT / 2 - 4, 8, 8);
        g.dispose();
    }

    private static int screenX(final float x) {
        return Math.round(10 + (x + 1) / 2 * (WIDTH - 20));
    }
}
