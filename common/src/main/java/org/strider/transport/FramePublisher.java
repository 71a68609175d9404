package org.strider.transport;

import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BooleanSupplier;
import org.agrona.BufferUtil;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Publishes whole frames (byte ranges) on one {@link ExclusivePublication}, handling every {@code offer}
 * outcome by name: {@code BACK_PRESSURED} and {@code ADMIN_ACTION} are waited out with the idle strategy as long
 * as {@code running} holds (back-pressure slows the sender, it never loses data); {@code NOT_CONNECTED} is waited
 * out up to the connect timeout, then the frame is dropped and counted; {@code CLOSED} and
 * {@code MAX_POSITION_EXCEEDED} drop at once. Frames longer than the MTU are fragmented by Aeron, up to
 * {@link #maxMessageLength()}; a longer frame is a sender bug and throws.
 *
 * <p>{@link #buffer()} is a preallocated buffer callers may encode into. One thread offers; the counters may be
 * read from any thread. Nothing is allocated per offer.
 */
public final class FramePublisher implements AutoCloseable {
    private static final DropReason[] REASONS = DropReason.values();

    private final ExclusivePublication publication;
    private final IdleStrategy idle;
    private final BooleanSupplier running;
    private final long connectTimeoutNs;
    private final UnsafeBuffer buffer;
    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong backPressureWaits = new AtomicLong();
    private final AtomicLong adminActions = new AtomicLong();
    private final AtomicLongArray dropped = new AtomicLongArray(REASONS.length);

    /**
     * @param publication      the publication, owned by this publisher from now on (closed with it)
     * @param idle             how to wait on back-pressure and for a subscriber
     * @param running          waits end (and the frame is dropped as {@link DropReason#STOPPED}) once false
     * @param connectTimeoutNs how long an offer waits for a subscriber before dropping the frame
     * @param bufferCapacity   bytes of {@link #buffer()} (0 for none)
     */
    public FramePublisher(final ExclusivePublication publication, final IdleStrategy idle,
        final BooleanSupplier running, final long connectTimeoutNs, final int bufferCapacity) {
        if (connectTimeoutNs < 0 || bufferCapacity < 0) {
            throw new IllegalArgumentException("connect timeout and buffer capacity must be >= 0: "
                + connectTimeoutNs + ", " + bufferCapacity);
        }
        this.publication = publication;
        this.idle = idle;
        this.running = running;
        this.connectTimeoutNs = connectTimeoutNs;
        this.buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(Math.max(bufferCapacity, 64), 64));
    }

    /**
     * Offers {@code buf[off, off + len)} as one message; returns true once it is in the log, false if it was
     * dropped (counted under its {@link DropReason}).
     *
     * @throws IllegalArgumentException if {@code len} exceeds {@link #maxMessageLength()}
     */
    public boolean offer(final DirectBuffer buf, final int off, final int len) {
        if (len > publication.maxMessageLength()) {
            throw new IllegalArgumentException("frame of " + len + " bytes exceeds the publication's max message"
                + " length " + publication.maxMessageLength() + " (stream " + publication.streamId() + ")");
        }
        offered.lazySet(offered.get() + 1);
        idle.reset();
        long notConnectedSince = 0;
        while (true) {
            final long result = publication.offer(buf, off, len);
            if (result > 0) {
                published.lazySet(published.get() + 1);
                return true;
            }
            if (result == Publication.BACK_PRESSURED) {
                backPressureWaits.lazySet(backPressureWaits.get() + 1);
            } else if (result == Publication.ADMIN_ACTION) {
                adminActions.lazySet(adminActions.get() + 1);
            } else if (result == Publication.NOT_CONNECTED) {
                final long now = System.nanoTime();
                if (notConnectedSince == 0) {
                    notConnectedSince = now | 1;
                } else if (now - notConnectedSince >= connectTimeoutNs) {
                    return drop(DropReason.NOT_CONNECTED);
                }
                if (connectTimeoutNs == 0) {
                    return drop(DropReason.NOT_CONNECTED);
                }
            } else if (result == Publication.CLOSED) {
                return drop(DropReason.CLOSED);
            } else if (result == Publication.MAX_POSITION_EXCEEDED) {
                return drop(DropReason.MAX_POSITION_EXCEEDED);
            }
            if (!running.getAsBoolean()) {
                return drop(DropReason.STOPPED);
            }
            idle.idle();
        }
    }

    /** Offers {@code buffer()[0, len)}. */
    public boolean offer(final int len) {
        return offer(buffer, 0, len);
    }

    private boolean drop(final DropReason reason) {
        dropped.lazySet(reason.ordinal(), dropped.get(reason.ordinal()) + 1);
        return false;
    }

    /** A preallocated buffer to encode frames into before {@link #offer(int)}. */
    public UnsafeBuffer buffer() {
        return buffer;
    }

    public int maxMessageLength() {
        return publication.maxMessageLength();
    }

    public boolean isConnected() {
        return publication.isConnected();
    }

    public int streamId() {
        return publication.streamId();
    }

    public int sessionId() {
        return publication.sessionId();
    }

    /** Offers made (each frame once, however many retries it took). */
    public long offered() {
        return offered.get();
    }

    /** Frames now in the log. */
    public long published() {
        return published.get();
    }

    /** Offer attempts that found the publication back-pressured (each followed by one idle). */
    public long backPressureWaits() {
        return backPressureWaits.get();
    }

    /** Offer attempts answered {@code ADMIN_ACTION} (term rotation; retried). */
    public long adminActions() {
        return adminActions.get();
    }

    public long dropped(final DropReason reason) {
        return dropped.get(reason.ordinal());
    }

    /** Frames dropped for any reason. */
    public long dropped() {
        long sum = 0;
        for (int i = 0; i < REASONS.length; i++) {
            sum += dropped.get(i);
        }
        return sum;
    }

    @Override
    public void close() {
        CloseHelper.quietClose(publication);
    }
}
