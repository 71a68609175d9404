package org.strider.transport;

import org.agrona.DirectBuffer;

/** Receives whole frames, reassembled; the buffer is only valid during the call. */
@FunctionalInterface
public interface FrameHandler {
    void onFrame(DirectBuffer buffer, int offset, int length);
}
