package org.strider.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameWritersTest {
    @TempDir
    Path dir;

    @Test
    void shouldRoundTripPngWithSizeAndPixels() throws IOException {
        final BufferedImage frame = new BufferedImage(37, 23, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 23; y++) {
            for (int x = 0; x < 37; x++) {
                frame.setRGB(x, y, (x * 7 << 16) | (y * 11 << 8) | (x * y & 0xFF));
            }
        }
        final Path file = dir.resolve("nested/frame.png");
        FrameWriters.writePng(frame, file);
        final BufferedImage back = ImageIO.read(file.toFile());
        assertEquals(37, back.getWidth());
        assertEquals(23, back.getHeight());
        assertArrayEquals(GifWriterTest.rgb(frame), GifWriterTest.rgb(back));
    }
}
