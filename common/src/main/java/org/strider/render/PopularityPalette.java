package org.strider.render;

import java.util.Arrays;

/**
 * Reduces an RGB region to at most 256 colours for a GIF frame. Env frames are mostly flat fills with antialiased
 * edges, so a popularity palette suits them: colours are binned at 5 bits per channel, the most frequent bins
 * become the palette, and every other bin maps to its nearest entry. A bin's entry is the colour of its longest
 * run of identical pixels, so a flat fill keeps its exact colour even when antialiased edges fall in its bin.
 * No dithering: flat areas stay flat and compress well.
 *
 * <p>One instance is reused frame after frame; after warm-up it allocates nothing. Not thread-safe.
 */
final class PopularityPalette {
    static final int MAX_COLORS = 256;
    private static final int BINS = 1 << 15;

    private final int[] count = new int[BINS];
    private final int[] longestRun = new int[BINS];
    private final int[] runColor = new int[BINS];
    private final int[] usedBins = new int[BINS];
    private final long[] ranked = new long[BINS];
    private final byte[] binToIndex = new byte[BINS];
    private final int[] paletteRgb = new int[MAX_COLORS];
    private final byte[] red = new byte[MAX_COLORS];
    private final byte[] green = new byte[MAX_COLORS];
    private final byte[] blue = new byte[MAX_COLORS];
    private int usedCount;
    private int size;

    /**
     * Builds the palette of the {@code w}×{@code h} region at ({@code x0}, {@code y0}) of {@code rgb} (rows of
     * {@code stride} pixels, {@code 0xRRGGBB}, upper byte ignored) and writes each pixel's palette index to
     * {@code indicesOut}, row-major, {@code w} per row.
     */
    void quantize(final int[] rgb, final int stride, final int x0, final int y0, final int w, final int h,
                  final byte[] indicesOut) {
        histogram(rgb, stride, x0, y0, w, h);
        choosePalette();
        int o = 0;
        for (int y = y0; y < y0 + h; y++) {
            final int row = y * stride;
            int last = ~rgb[row + x0];
            byte index = 0;
            for (int x = x0; x < x0 + w; x++) {
                final int p = rgb[row + x];
                if (p != last) { // env frames are mostly runs of one colour
                    last = p;
                    index = binToIndex[bin(p)];
                }
                indicesOut[o++] = index;
            }
        }
        for (int i = 0; i < usedCount; i++) {
            final int b = usedBins[i];
            count[b] = 0;
            longestRun[b] = 0;
        }
        usedCount = 0;
    }

    /** Entries in the palette of the last {@link #quantize} call. */
    int size() {
        return size;
    }

    byte[] red() {
        return red;
    }

    byte[] green() {
        return green;
    }

    byte[] blue() {
        return blue;
    }

    private static int bin(final int rgb) {
        return ((rgb >>> 9) & 0x7C00) | ((rgb >>> 6) & 0x03E0) | ((rgb >>> 3) & 0x001F);
    }

    private void histogram(final int[] rgb, final int stride, final int x0, final int y0, final int w, final int h) {
        for (int y = y0; y < y0 + h; y++) {
            final int row = y * stride;
            final int end = row + x0 + w;
            int i = row + x0;
            while (i < end) {
                final int p = rgb[i];
                int run = 1;
                while (i + run < end && rgb[i + run] == p) {
                    run++;
                }
                i += run;
                add(p, run);
            }
        }
    }

    private void add(final int p, final int n) {
        final int b = bin(p);
        if (count[b] == 0) {
            usedBins[usedCount++] = b;
        }
        count[b] += n;
        if (n > longestRun[b]) {
            longestRun[b] = n;
            runColor[b] = p & 0xFFFFFF;
        }
    }

    private void choosePalette() {
        if (usedCount <= MAX_COLORS) {
            size = usedCount;
            for (int i = 0; i < usedCount; i++) {
                setEntry(i, usedBins[i]);
                binToIndex[usedBins[i]] = (byte) i;
            }
            return;
        }
        for (int i = 0; i < usedCount; i++) {
            final int b = usedBins[i];
            ranked[i] = ((long) count[b] << 15) | b;
        }
        Arrays.sort(ranked, 0, usedCount);
        size = MAX_COLORS;
        for (int i = 0; i < MAX_COLORS; i++) {
            final int b = (int) (ranked[usedCount - 1 - i] & (BINS - 1));
            setEntry(i, b);
            binToIndex[b] = (byte) i;
            count[b] = -count[b]; // marks a bin that has its own entry
        }
        for (int i = 0; i < usedCount; i++) {
            final int b = usedBins[i];
            if (count[b] < 0) {
                count[b] = -count[b];
                continue;
            }
            final int c = runColor[b];
            binToIndex[b] = (byte) nearest((c >>> 16) & 0xFF, (c >>> 8) & 0xFF, c & 0xFF);
        }
    }

    private void setEntry(final int i, final int b) {
        final int c = runColor[b];
        red[i] = (byte) (c >>> 16);
        green[i] = (byte) (c >>> 8);
        blue[i] = (byte) c;
        paletteRgb[i] = c;
    }

    private int nearest(final int r, final int g, final int b) {
        int best = 0;
        int bestDistance = Integer.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            final int p = paletteRgb[i];
            final int dr = ((p >>> 16) & 0xFF) - r;
            final int dg = ((p >>> 8) & 0xFF) - g;
            final int db = (p & 0xFF) - b;
            // Weighted as the eye is: green most, blue least.
            final int d = 3 * dr * dr + 4 * dg * dg + 2 * db * db;
            if (d < bestDistance) {
                bestDistance = d;
                best = i;
            }
        }
        return best;
    }
}
