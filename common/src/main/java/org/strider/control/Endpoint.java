package org.strider.control;

/** Where a data-plane stream lives: an Aeron channel URI and a stream id. */
public record Endpoint(String channel, int streamId) {
    public Endpoint {
        if (channel == null || !channel.startsWith("aeron:")) {
            throw new IllegalArgumentException("endpoint channel must be an aeron: URI, got " + channel);
        }
    }
}
