package org.strider.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GifWriterTest {
    private static final String IMAGE_FORMAT = "javax_imageio_gif_image_1.0";
    private static final int W = 60;
    private static final int H = 40;

    @TempDir
    Path dir;

    @Test
    void shouldDecodeToSameFramesWithDelayAndLoop() throws IOException {
        final Path file = dir.resolve("anim.gif");
        final List<BufferedImage> frames = new ArrayList<>();
        try (GifWriter gif = new GifWriter(file, W, H, 25, 1)) {
            for (int i = 0; i < 7; i++) {
                final BufferedImage frame = movingBox(i);
                frames.add(frame);
                gif.write(frame);
            }
            assertEquals(7, gif.framesWritten());
            assertEquals(4, gif.delayCentiseconds());
        }
        final Decoded decoded = decode(file);
        assertEquals(7, decoded.frames.size());
        for (int i = 0; i < 7; i++) {
            assertEquals(4, decoded.delays.get(i), "delay of frame " + i);
            assertEquals("doNotDispose", decoded.disposals.get(i));
            assertArrayEquals(rgb(frames.get(i)), rgb(decoded.frames.get(i)), "frame " + i);
        }
        assertTrue(decoded.loopsForever, "NETSCAPE2.0 loop extension with count 0");
        assertEquals(W, decoded.frames.get(0).getWidth());
        assertEquals(H, decoded.frames.get(0).getHeight());
    }

    @Test
    void shouldKeepEveryNthOfferedFrameAndDrawOnlyThose() throws IOException {
        final Path file = dir.resolve("skip.gif");
        final AtomicInteger drawn = new AtomicInteger();
        final List<BufferedImage> kept = new ArrayList<>();
        try (GifWriter gif = new GifWriter(file, W, H, 50, 3)) {
            for (int i = 0; i < 10; i++) {
                final int index = i;
                final boolean wasKept = gif.offer(frame -> {
                    drawn.incrementAndGet();
                    frame.createGraphics().drawImage(movingBox(index), 0, 0, null);
                });
                assertEquals(i % 3 == 0, wasKept, "offer " + i);
                if (wasKept) {
                    kept.add(movingBox(i));
                }
            }
        }
        assertEquals(4, drawn.get());
        final Decoded decoded = decode(file);
        assertEquals(4, decoded.frames.size());
        assertEquals(2, decoded.delays.get(0));
        for (int i = 0; i < kept.size(); i++) {
            assertArrayEquals(rgb(kept.get(i)), rgb(decoded.frames.get(i)), "kept frame " + i);
        }
    }

    @Test
    void shouldKeepEachFramesOwnColoursWhenPalettesDiffer() throws IOException {
        final Path file = dir.resolve("colours.gif");
        final List<BufferedImage> frames = new ArrayList<>();
        try (GifWriter gif = new GifWriter(file, W, H, 20, 1)) {
            for (int i = 0; i < 5; i++) {
                final BufferedImage frame = movingBox(i);
                final Graphics2D g = frame.createGraphics();
                g.setColor(new Color(40 * i, 255 - 30 * i, 17 * i + 3));
                g.fillRect(W / 2, 0, W / 2, H);
                g.dispose();
                frames.add(frame);
                gif.write(frame);
            }
        }
        final Decoded decoded = decode(file);
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(rgb(frames.get(i)), rgb(decoded.frames.get(i)), "frame " + i);
        }
    }

    @Test
    void shouldKeepUnchangedFrameAsItsOwnFrame() throws IOException {
        final Path file = dir.resolve("still.gif");
        try (GifWriter gif = new GifWriter(file, W, H, 10, 1)) {
            gif.write(movingBox(2));
            gif.write(movingBox(2));
            gif.write(movingBox(3));
        }
        final Decoded decoded = decode(file);
        assertEquals(3, decoded.frames.size());
        assertEquals(10, decoded.delays.get(1));
        assertArrayEquals(rgb(movingBox(2)), rgb(decoded.frames.get(1)));
        assertArrayEquals(rgb(movingBox(3)), rgb(decoded.frames.get(2)));
    }

    @Test
    void shouldApproximateFramesWithMoreThan256Colours() throws IOException {
        final Path file = dir.resolve("gradient.gif");
        final BufferedImage frame = new BufferedImage(256, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 256; x++) {
                frame.setRGB(x, y, (x << 16) | ((y * 4) << 8) | ((x + y) & 0xFF));
            }
        }
        try (GifWriter gif = new GifWriter(file, 256, 64, 30, 1)) {
            gif.write(frame);
        }
        final int[] expected = rgb(frame);
        final int[] actual = rgb(decode(file).frames.get(0));
        double totalError = 0;
        for (int i = 0; i < expected.length; i++) {
            for (int shift = 0; shift <= 16; shift += 8) {
                totalError += Math.abs(((expected[i] >> shift) & 0xFF) - ((actual[i] >> shift) & 0xFF));
            }
        }
        final double meanError = totalError / (3.0 * expected.length);
        assertTrue(meanError < 16, "mean error per channel " + meanError);
    }

    @Test
    void shouldRejectFrameOfWrongSize() throws IOException {
        try (GifWriter gif = new GifWriter(dir.resolve("bad.gif"), W, H, 30, 1)) {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> gif.write(new BufferedImage(W + 1, H, BufferedImage.TYPE_INT_RGB)));
            assertTrue(ex.getMessage().contains("60x40"), ex.getMessage());
        }
    }

    @Test
    void shouldRejectBadFpsAndSkip() {
        assertThrows(IllegalArgumentException.class, () -> new GifWriter(dir.resolve("a.gif"), W, H, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new GifWriter(dir.resolve("b.gif"), W, H, 30, 0));
    }

    static BufferedImage movingBox(final int i) {
        final BufferedImage frame = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = frame.createGraphics();
        g.setColor(new Color(215, 215, 255));
        g.fillRect(0, 0, W, H);
        g.setColor(new Color(102, 153, 76));
        g.fillRect(0, 30, W, 10);
        g.setColor(new Color(127, 51, 229));
        g.fillRect(5 + 4 * i, 10, 8, 12);
        g.dispose();
        return frame;
    }

    static int[] rgb(final BufferedImage image) {
        final int[] out = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        for (int i = 0; i < out.length; i++) {
            out[i] &= 0xFFFFFF;
        }
        return out;
    }

    record Decoded(List<BufferedImage> frames, List<Integer> delays, List<String> disposals, boolean loopsForever) {
    }

    /** Decodes every frame and composites it over the previous one at its position, as a viewer shows it. */
    static Decoded decode(final Path file) throws IOException {
        final ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            reader.setInput(in);
            final int n = reader.getNumImages(true);
            final List<BufferedImage> frames = new ArrayList<>();
            final List<Integer> delays = new ArrayList<>();
            final List<String> disposals = new ArrayList<>();
            boolean loops = false;
            BufferedImage screen = null;
            for (int i = 0; i < n; i++) {
                final BufferedImage part = reader.read(i);
                final IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(i).getAsTree(IMAGE_FORMAT);
                final IIOMetadataNode descriptor =
                    (IIOMetadataNode) root.getElementsByTagName("ImageDescriptor").item(0);
                final IIOMetadataNode control =
                    (IIOMetadataNode) root.getElementsByTagName("GraphicControlExtension").item(0);
                delays.add(Integer.parseInt(control.getAttribute("delayTime")));
                disposals.add(control.getAttribute("disposalMethod"));
                final var apps = root.getElementsByTagName("ApplicationExtension");
                for (int a = 0; a < apps.getLength(); a++) {
                    final IIOMetadataNode app = (IIOMetadataNode) apps.item(a);
                    final byte[] data = (byte[]) app.getUserObject();
                    loops |= "NETSCAPE".equals(app.getAttribute("applicationID")) && data.length == 3 && data[0] == 1
                        && data[1] == 0 && data[2] == 0;
                }
                if (screen == null) {
                    screen = new BufferedImage(part.getWidth(), part.getHeight(), BufferedImage.TYPE_INT_RGB);
                }
                final BufferedImage next = new BufferedImage(screen.getWidth(), screen.getHeight(),
                    BufferedImage.TYPE_INT_RGB);
                final Graphics2D g = next.createGraphics();
                g.drawImage(screen, 0, 0, null);
                g.drawImage(part, Integer.parseInt(descriptor.getAttribute("imageLeftPosition")),
                    Integer.parseInt(descriptor.getAttribute("imageTopPosition")), null);
                g.dispose();
                frames.add(next);
                screen = next;
            }
            return new Decoded(frames, delays, disposals, loops);
        } finally {
            reader.dispose();
        }
    }
}
