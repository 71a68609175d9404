package org.strider.wire;

import com.esotericsoftware.kryo.KryoException;

/**
 * Thrown by the wire serializers when a body is well-formed Kryo but not an acceptable frame; {@link FrameCodec}
 * turns it into a counted rejection. No stack trace: it is control flow for peer garbage, not a bug.
 */
final class FrameRejectedException extends KryoException {
    private static final long serialVersionUID = 1L;

    private final RejectReason reason;

    FrameRejectedException(final RejectReason reason, final String message) {
        super(message);
        this.reason = reason;
    }

    RejectReason reason() {
        return reason;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
