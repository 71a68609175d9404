package org.strider.wire;

/**
 * The most a frame may carry. Senders get an {@link IllegalArgumentException} past them; a receiver rejects such a
 * frame as {@link RejectReason#OVERSIZED} before allocating anything for it.
 *
 * @param maxBodyBytes bytes of Kryo body after the header
 * @param maxCount     rows in a transition batch or sample reply, and transitions in a sample request
 * @param maxDim       floats per observation or action
 * @param maxParams    floats in a weight frame
 */
public record WireLimits(int maxBodyBytes, int maxCount, int maxDim, int maxParams) {
    /** 64 MiB of floats plus room for the scalars, 1 Mi rows, 4096 dims, 16 Mi parameters. */
    public static final WireLimits DEFAULT = new WireLimits((64 << 20) + 1024, 1 << 20, 4096, 16 << 20);

    public WireLimits {
        positive("maxBodyBytes", maxBodyBytes);
        positive("maxCount", maxCount);
        positive("maxDim", maxDim);
        positive("maxParams", maxParams);
        if (maxBodyBytes > Integer.MAX_VALUE - FrameHeader.LENGTH - FrameHeader.MAC_LENGTH) {
            throw new IllegalArgumentException("maxBodyBytes leaves no room for the header and MAC: " + maxBodyBytes);
        }
    }

    private static void positive(final String field, final int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("WireLimits." + field + " must be positive: " + value);
        }
    }
}
