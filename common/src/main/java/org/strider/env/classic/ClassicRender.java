package org.strider.env.classic;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Java2D set-up shared by the classic-control renderers, which draw like Gymnasium's pygame code. */
final class ClassicRender {
    private ClassicRender() {
    }

    /**
     * Checks the frame's size, clears it to white and returns a graphics context whose y axis points up, as in
     * Gymnasium's drawing code before it flips the surface. Integer coordinates name pixel centres, as pygame's
     * do: {@code (x, y)} is the centre of pixel column {@code x}, row {@code height - 1 - y}.
     */
    static Graphics2D begin(final BufferedImage frame, final int width, final int height) {
        if (frame.getWidth() != width || frame.getHeight() != height) {
            throw new IllegalArgumentException("frame is " + frame.getWidth() + "x" + frame.getHeight()
                + ", this env renders " + width + "x" + height);
        }
        final Graphics2D g = frame.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.translate(0, height);
        g.scale(1, -1);
        g.translate(0.5, 0.5);
        return g;
    }
}
