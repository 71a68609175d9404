package org.strider.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Writes frames to files: one frame as PNG here, an episode as an animated GIF with {@link GifWriter}. Parent
 * directories are created as needed.
 */
public final class FrameWriters {
    private FrameWriters() {
    }

    /** Writes {@code frame} losslessly as a PNG file. */
    public static void writePng(final BufferedImage frame, final Path file) throws IOException {
        createParent(file);
        if (!ImageIO.write(frame, "png", file.toFile())) {
            throw new IOException("no PNG writer for an image of type " + frame.getType());
        }
    }

    /**
     * Opens an animated GIF of {@code width}×{@code height} frames that plays {@code fps} frames per second and loops
     * forever; see {@link GifWriter}.
     */
    public static GifWriter openGif(final Path file, final int width, final int height, final double fps)
        throws IOException {
        return new GifWriter(file, width, height, fps, 1);
    }

    static void createParent(final Path file) throws IOException {
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
