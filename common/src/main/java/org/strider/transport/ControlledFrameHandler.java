package org.strider.transport;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import org.agrona.DirectBuffer;

/**
 * Receives whole frames and may refuse one for now: {@link Action#ABORT} leaves the frame in the log, to be
 * delivered again on a later poll (how a consumer that cannot take more makes its senders wait through Aeron
 * back-pressure); {@link Action#CONTINUE} consumes it; {@link Action#BREAK} consumes it and ends the poll.
 */
@FunctionalInterface
public interface ControlledFrameHandler {
    Action onFrame(DirectBuffer buffer, int offset, int length);
}
