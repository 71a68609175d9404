package org.strider.render;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * An animated GIF written frame by frame, so an episode of any length streams to the file: each frame is encoded
 * and flushed as it comes, nothing but the previous frame's pixels is kept.
 *
 * <pre>{@code
 * try (GifWriter gif = new GifWriter(Path.of("walk.gif"), 600, 400, 50, 2)) {   // keep every 2nd frame
 *     env.reset(seed, step);
 *     gif.offer(env::render);
 *     while (!step.done()) {
 *         policy.act(step.obs, action);
 *         env.step(action, step);
 *         gif.offer(env::render);        // draws only the frames it keeps
 *     }
 * }
 * }</pre>
 *
 * <p>The file loops forever (NETSCAPE2.0 application extension) and shows each frame for {@code 1/fps} seconds,
 * rounded to the GIF's 1/100 s and at least 2/100 s (browsers slow shorter delays down to 1/10 s). Colours are
 * reduced per frame with a popularity palette ({@link PopularityPalette}) held in the frame's local colour table.
 * After the first frame only the rectangle that changed since the previous frame is stored, drawn over it
 * (disposal "do not dispose"); an unchanged frame is stored as one pixel, so timing is kept.
 */
public final class GifWriter implements AutoCloseable {
    private static final String IMAGE_FORMAT = "javax_imageio_gif_image_1.0";
    private static final String STREAM_FORMAT = "javax_imageio_gif_stream_1.0";
    private static final int MIN_DELAY_CENTISECONDS = 2;

    private final Path file;
    private final int width;
    private final int height;
    private final int every;
    private final int delayCentiseconds;
    private final OutputStream out;
    private final ImageOutputStream stream;
    private final ImageWriter writer;
    private final PopularityPalette palette = new PopularityPalette();
    private final int[] previous;
    private final int[] scratch;
    private final byte[] indices;
    private BufferedImage canvas;
    private long offered;
    private int written;
    private boolean closed;

    /**
     * Opens {@code file} for {@code width}×{@code height} frames shown at {@code fps} frames per second;
     * {@link #offer} keeps every {@code every}-th frame offered (1 keeps all), e.g. {@code every = 2, fps = 25}
     * plays a 50 Hz env in real time at half the frames.
     */
    public GifWriter(final Path file, final int width, final int height, final double fps, final int every)
        throws IOException {
        if (width <= 0 || height <= 0 || width > 0xFFFF || height > 0xFFFF) {
            throw new IllegalArgumentException("GIF frame size must be 1..65535 pixels a side, got " + width + "x"
                + height);
        }
        if (!(fps > 0) || Double.isInfinite(fps)) {
            throw new IllegalArgumentException("GIF fps must be a positive number, got " + fps);
        }
        if (every < 1) {
            throw new IllegalArgumentException("GIF frame skip 'every' must be >= 1, got " + every);
        }
        this.file = file;
        this.width = width;
        this.height = height;
        this.every = every;
        this.delayCentiseconds = (int) Math.max(MIN_DELAY_CENTISECONDS, Math.min(0xFFFF, Math.round(100.0 / fps)));
        this.previous = new int[width * height];
        this.scratch = new int[width * height];
        this.indices = new byte[width * height];
        this.writer = ImageIO.getImageWritersByFormatName("gif").next();
        FrameWriters.createParent(file);
        this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        try {
            this.stream = new MemoryCacheImageOutputStream(out);
            writer.setOutput(stream);
            writer.prepareWriteSequence(streamMetadata());
        } catch (IOException | RuntimeException ex) {
            out.close();
            throw ex;
        }
    }

    public Path file() {
        return file;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** How long each frame shows, in 1/100 s, as stored in the file. */
    public int delayCentiseconds() {
        return delayCentiseconds;
    }

    /** Frames written to the file so far. */
    public int framesWritten() {
        return written;
    }

    /** Bytes in the file so far (everything written is flushed to it frame by frame). */
    public long bytesWritten() throws IOException {
        return stream.getStreamPosition();
    }

    /**
     * Offers the next frame of a sequence: every {@code every}-th one (the first included) is drawn by
     * {@code painter} into a frame of this writer's size ({@code TYPE_INT_RGB}, reused) and written; the others are
     * skipped without drawing. Returns whether this frame was written.
     */
    public boolean offer(final Consumer<BufferedImage> painter) throws IOException {
        final boolean keep = offered % every == 0;
        offered++;
        if (keep) {
            write(painter);
        }
        return keep;
    }

    /** Like {@link #offer(Consumer)} for a frame already drawn. */
    public boolean offer(final BufferedImage frame) throws IOException {
        final boolean keep = offered % every == 0;
        offered++;
        if (keep) {
            write(frame);
        }
        return keep;
    }

    /** Draws a frame with {@code painter} and writes it, whatever the frame skip (e.g. an episode's last frame). */
    public void write(final Consumer<BufferedImage> painter) throws IOException {
        if (canvas == null) {
            canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        }
        painter.accept(canvas);
        write(canvas);
    }

    /** Writes {@code frame} (this writer's size, any image type) as the next frame, whatever the frame skip. */
    public void write(final BufferedImage frame) throws IOException {
        if (closed) {
            throw new IllegalStateException("GIF " + file + " is closed");
        }
        if (frame.getWidth() != width || frame.getHeight() != height) {
            throw new IllegalArgumentException("GIF " + file + " takes " + width + "x" + height + " frames, got "
                + frame.getWidth() + "x" + frame.getHeight());
        }
        final int[] rgb = pixels(frame);
        int x0 = 0;
        int y0 = 0;
        int x1 = width;
        int y1 = height;
        if (written > 0) {
            y0 = firstChangedRow(rgb);
            if (y0 == height) {
                x1 = 1;
                y0 = 0;
                y1 = 1;
            } else {
                y1 = lastChangedRow(rgb, y0) + 1;
                x0 = width;
                x1 = 0;
                for (int y = y0; y < y1; y++) {
                    final int row = y * width;
                    for (int x = 0; x < x0; x++) {
                        if (((rgb[row + x] ^ previous[row + x]) & 0xFFFFFF) != 0) {
                            x0 = x;
                            break;
                        }
                    }
                    for (int x = width - 1; x >= x1; x--) {
                        if (((rgb[row + x] ^ previous[row + x]) & 0xFFFFFF) != 0) {
                            x1 = x + 1;
                            break;
                        }
                    }
                }
            }
        }
        final int w = x1 - x0;
        final int h = y1 - y0;
        palette.quantize(rgb, width, x0, y0, w, h, indices);
        final BufferedImage indexed = indexedImage(w, h);
        writer.writeToSequence(new IIOImage(indexed, null, imageMetadata(indexed, x0, y0)), null);
        stream.flushBefore(stream.getStreamPosition());
        out.flush();
        for (int y = y0; y < y1; y++) {
            System.arraycopy(rgb, y * width + x0, previous, y * width + x0, w);
        }
        written++;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (written > 0) {
                writer.endWriteSequence();
            }
            stream.close();
        } finally {
            writer.dispose();
            out.close();
        }
    }

    private int[] pixels(final BufferedImage frame) {
        if (frame.getType() == BufferedImage.TYPE_INT_RGB && frame.getRaster().getParent() == null
            && frame.getRaster().getDataBuffer() instanceof DataBufferInt data && data.getNumBanks() == 1
            && data.getOffset() == 0 && data.getData().length == width * height) {
            return data.getData();
        }
        frame.getRGB(0, 0, width, height, scratch, 0, width);
        return scratch;
    }

    private int firstChangedRow(final int[] rgb) {
        for (int i = 0; i < rgb.length; i++) {
            if (((rgb[i] ^ previous[i]) & 0xFFFFFF) != 0) {
                return i / width;
            }
        }
        return height;
    }

    private int lastChangedRow(final int[] rgb, final int firstRow) {
        for (int i = rgb.length - 1; i >= firstRow * width; i--) {
            if (((rgb[i] ^ previous[i]) & 0xFFFFFF) != 0) {
                return i / width;
            }
        }
        return firstRow;
    }

    private BufferedImage indexedImage(final int w, final int h) {
        int bits = 1;
        while ((1 << bits) < palette.size()) {
            bits++;
        }
        final IndexColorModel colors = new IndexColorModel(8, 1 << bits, palette.red(), palette.green(),
            palette.blue());
        final WritableRaster raster = Raster.createInterleavedRaster(new DataBufferByte(indices, w * h), w, h, w, 1,
            new int[] {0}, null);
        return new BufferedImage(colors, raster, false, null);
    }

    private IIOMetadata streamMetadata() throws IIOInvalidTreeException {
        final IIOMetadata metadata = writer.getDefaultStreamMetadata(null);
        final IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(STREAM_FORMAT);
        final IIOMetadataNode screen = child(root, "LogicalScreenDescriptor");
        screen.setAttribute("logicalScreenWidth", Integer.toString(width));
        screen.setAttribute("logicalScreenHeight", Integer.toString(height));
        screen.setAttribute("colorResolution", "8");
        screen.setAttribute("pixelAspectRatio", "0");
        metadata.setFromTree(STREAM_FORMAT, root);
        return metadata;
    }

    private IIOMetadata imageMetadata(final BufferedImage image, final int x, final int y)
        throws IIOInvalidTreeException {
        final IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(image), null);
        final IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(IMAGE_FORMAT);
        final IIOMetadataNode descriptor = child(root, "ImageDescriptor");
        descriptor.setAttribute("imageLeftPosition", Integer.toString(x));
        descriptor.setAttribute("imageTopPosition", Integer.toString(y));
        descriptor.setAttribute("imageWidth", Integer.toString(image.getWidth()));
        descriptor.setAttribute("imageHeight", Integer.toString(image.getHeight()));
        descriptor.setAttribute("interlaceFlag", "FALSE");
        final IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "doNotDispose");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(delayCentiseconds));
        control.setAttribute("transparentColorIndex", "0");
        if (written == 0) {
            final IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
            loop.setAttribute("applicationID", "NETSCAPE");
            loop.setAttribute("authenticationCode", "2.0");
            loop.setUserObject(new byte[] {1, 0, 0}); // sub-block 1: loop count 0 = forever
            child(root, "ApplicationExtensions").appendChild(loop);
        }
        metadata.setFromTree(IMAGE_FORMAT, root);
        return metadata;
    }

    private static IIOMetadataNode child(final IIOMetadataNode parent, final String name) {
        for (int i = 0; i < parent.getLength(); i++) {
            if (parent.item(i).getNodeName().equals(name)) {
                return (IIOMetadataNode) parent.item(i);
            }
        }
        final IIOMetadataNode node = new IIOMetadataNode(name);
        parent.appendChild(node);
        return node;
    }
}
