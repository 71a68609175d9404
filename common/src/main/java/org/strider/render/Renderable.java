package org.strider.render;

import java.awt.image.BufferedImage;

/**
 * An env that can draw its current state as an RGB frame, headless (Java2D, no display needed). Box2D envs draw
 * at Gymnasium's 600×400; classic-control envs at their Gymnasium sizes.
 */
public interface Renderable {

    int renderWidth();

    int renderHeight();

    /** Draws the current state into {@code frame}, which is {@code TYPE_INT_RGB} of the render size. */
    void render(BufferedImage frame);

    /** Allocates a frame of the right size and type and draws into it. */
    default BufferedImage render() {
        final BufferedImage frame = new BufferedImage(renderWidth(), renderHeight(), BufferedImage.TYPE_INT_RGB);
        render(frame);
        return frame;
    }
}
