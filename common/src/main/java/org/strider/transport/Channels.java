package org.strider.transport;

/**
 * Aeron channel URIs Strider uses. Data within one JVM goes over {@link #ipc()}; across processes over unicast
 * {@link #udp} (transitions to a shard, sample requests and replies) and, for the one-to-many weight stream,
 * over multi-destination-cast with dynamic control: the publisher owns a control endpoint, each subscriber
 * names its own data endpoint (port 0 = any free port) and that control endpoint, and the publisher sends to
 * every subscriber that has registered there. Subscribers may come and go while the publisher runs.
 */
public final class Channels {
    private Channels() {
    }

    /** In-process shared-memory channel. */
    public static String ipc() {
        return "aeron:ipc";
    }

    /** Unicast UDP to {@code host:port}; the same URI serves the publication and the subscription. */
    public static String udp(final String host, final int port) {
        return "aeron:udp?endpoint=" + endpoint(host, port);
    }

    /**
     * Unicast UDP with a chosen MTU (bytes per datagram, a multiple of 32 up to 65504; Aeron's default is 1408).
     * Fewer, larger datagrams are much faster where the path allows them (loopback: 65536; jumbo frames: 9000);
     * elsewhere keep the default, which fits a 1500-byte Ethernet MTU.
     */
    public static String udp(final String host, final int port, final int mtu) {
        if (mtu < 32 || mtu > 65504 || mtu % 32 != 0) {
            throw new IllegalArgumentException("mtu must be a multiple of 32 in [32, 65504]: " + mtu);
        }
        return udp(host, port) + "|mtu=" + mtu;
    }

    /** The publication side of multi-destination-cast: sends to every subscriber registered at the control port. */
    public static String mdcPublication(final String controlHost, final int controlPort) {
        return "aeron:udp?control=" + endpoint(controlHost, controlPort) + "|control-mode=dynamic";
    }

    /**
     * The subscription side of multi-destination-cast: receives on {@code localHost} (any free port) and
     * registers with the publisher's control endpoint.
     */
    public static String mdcSubscription(final String localHost, final String controlHost, final int controlPort) {
        return "aeron:udp?endpoint=" + endpoint(localHost, 0) + "|control=" + endpoint(controlHost, controlPort)
            + "|control-mode=dynamic";
    }

    private static String endpoint(final String host, final int port) {
        if (host == null || host.isEmpty() || host.indexOf('|') >= 0 || host.indexOf('?') >= 0) {
            throw new IllegalArgumentException("bad host: " + host);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
