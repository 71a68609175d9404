package org.strider.transport;

import io.aeron.ControlledFragmentAssembler;
import io.aeron.FragmentAssembler;
import io.aeron.Image;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one {@link Subscription}, reassembling fragmented messages, and hands whole frames to a
 * {@link FrameHandler} (or a {@link ControlledFrameHandler}, which may leave a frame in the log for later).
 * Nothing escapes a poller: an exception thrown by the handler is counted ({@link #handlerErrors()}), logged at
 * most once per {@link #LOG_INTERVAL_NS}, the frame is consumed, and polling goes on. One thread polls; counters
 * may be read from any thread. Nothing is allocated per frame once the reassembly buffer has grown to the
 * largest message.
 */
public final class FramePoller implements AutoCloseable {
    /** At most one handler-error log line per this many nanoseconds (10 s). */
    public static final long LOG_INTERVAL_NS = TimeUnit.SECONDS.toNanos(10);
    private static final Logger LOG = LoggerFactory.getLogger(FramePoller.class);

    private final Subscription subscription;
    private final FragmentAssembler assembler;
    private final ControlledFragmentAssembler controlledAssembler;
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong handlerErrors = new AtomicLong();
    private FrameHandler handler;
    private ControlledFrameHandler controlledHandler;
    /** The image the next {@link #controlledPoll} starts at (its rotation over the publishers). */
    private int nextImage;
    private long lastLogNs;
    private long errorsAtLastLog;

    /** @param subscription the subscription, owned by this poller from now on (closed with it) */
    public FramePoller(final Subscription subscription) {
        this.subscription = subscription;
        this.assembler = new FragmentAssembler(this::onFragment);
        this.controlledAssembler = new ControlledFragmentAssembler(this::onControlledFragment);
    }

    /** Delivers up to {@code fragmentLimit} fragments' worth of frames to {@code handler}; returns fragments read. */
    public int poll(final FrameHandler handler, final int fragmentLimit) {
        this.handler = handler;
        try {
            return subscription.poll(assembler, fragmentLimit);
        } finally {
            this.handler = null;
        }
    }

    /**
     * Like {@link #poll} with a handler that may leave frames in the log ({@link Action#ABORT}). The images (one per
     * publisher) are taken in turn, each call starting at the image after the last call's first: a handler that
     * takes one frame per call (a replay shard held by its rate limiter) then takes from every publisher alike.
     * Aeron's own {@code Subscription.controlledPoll} restarts its rotation at the first image, which with two
     * publishers gave the first one two frames in three.
     */
    public int controlledPoll(final ControlledFrameHandler handler, final int fragmentLimit) {
        this.controlledHandler = handler;
        try {
            final int count = subscription.imageCount();
            if (count == 0) {
                return 0;
            }
            final int start = nextImage >= count ? 0 : nextImage;
            nextImage = start + 1;
            int fragments = 0;
            for (int i = 0; i < count && fragments < fragmentLimit; i++) {
                final Image image;
                try {
                    image = subscription.imageAtIndex((start + i) % count);
                } catch (final IndexOutOfBoundsException e) {
                    break; // an image went away since imageCount(): the next call sees the new list
                }
                fragments += image.controlledPoll(controlledAssembler, fragmentLimit - fragments);
            }
            return fragments;
        } finally {
            this.controlledHandler = null;
        }
    }

    private void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header) {
        frames.lazySet(frames.get() + 1);
        try {
            handler.onFrame(buffer, offset, length);
        } catch (final Exception e) {
            handlerFailed(e);
        }
    }

    private Action onControlledFragment(final DirectBuffer buffer, final int offset, final int length,
        final Header header) {
        try {
            final Action action = controlledHandler.onFrame(buffer, offset, length);
            if (action != Action.ABORT) {
                frames.lazySet(frames.get() + 1);
            }
            return action == null ? Action.CONTINUE : action;
        } catch (final Exception e) {
            frames.lazySet(frames.get() + 1);
            handlerFailed(e);
            return ControlledFragmentHandler.Action.CONTINUE;
        }
    }

    private void handlerFailed(final Exception e) {
        final long errors = handlerErrors.get() + 1;
        handlerErrors.lazySet(errors);
        final long now = System.nanoTime();
        if (errorsAtLastLog == 0 || now - lastLogNs >= LOG_INTERVAL_NS) {
            LOG.warn("stream {}: frame handler failed ({} failures so far, {} since the last report): {}",
                subscription.streamId(), errors, errors - errorsAtLastLog, e.toString());
            lastLogNs = now;
            errorsAtLastLog = errors;
        }
    }

    /** Frames handed to the handler and consumed (those that threw included; aborted ones not). */
    public long frames() {
        return frames.get();
    }

    /** Frames whose handler threw. */
    public long handlerErrors() {
        return handlerErrors.get();
    }

    public boolean isConnected() {
        return subscription.isConnected();
    }

    public int imageCount() {
        return subscription.imageCount();
    }

    public int streamId() {
        return subscription.streamId();
    }

    @Override
    public void close() {
        CloseHelper.quietClose(subscription);
    }
}
