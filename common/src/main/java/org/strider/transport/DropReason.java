package org.strider.transport;

/** Why a {@link FramePublisher} gave up on a message. Back-pressure is never a reason: it is waited out. */
public enum DropReason {
    /** No subscriber connected within the publisher's connect timeout. */
    NOT_CONNECTED,
    /** The publication was closed. */
    CLOSED,
    /** The publication reached its maximum position (2^31 terms written); it must be replaced. */
    MAX_POSITION_EXCEEDED,
    /** The publisher's {@code running} condition turned false while it waited. */
    STOPPED
}
