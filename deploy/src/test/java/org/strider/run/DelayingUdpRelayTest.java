package org.strider.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DelayingUdpRelayTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final long DELAY_MS = 15;

    private static DatagramChannel bound() throws IOException {
        final DatagramChannel c = DatagramChannel.open();
        c.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
        c.bind(new InetSocketAddress(LOOPBACK, 0));
        c.socket().setSoTimeout(5_000);
        return c;
    }

    private static void send(final DatagramChannel from, final SocketAddress to, final int value) throws IOException {
        final ByteBuffer b = ByteBuffer.allocate(4).putInt(0, value);
        from.send(b, to);
    }

    /** Blocking receive with a 5 s limit (SO_TIMEOUT applies to the socket adaptor). */
    private static int receiveInt(final DatagramChannel on, final SocketAddress[] from) throws IOException {
        final java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[64], 64);
        on.socket().receive(p);
        if (from != null) {
            from[0] = p.getSocketAddress();
        }
        return ByteBuffer.wrap(p.getData(), 0, p.getLength()).getInt();
    }

    @Test
    void shouldHoldEveryDatagramAtLeastTheDelayEachWayWhenTheTargetReplies() throws Exception {
        try (DatagramChannel target = bound(); DatagramChannel client = bound();
            DelayingUdpRelay relay = new DelayingUdpRelay(new InetSocketAddress(LOOPBACK, 0),
                (InetSocketAddress) target.getLocalAddress(), DELAY_MS, 5, TimeUnit.MILLISECONDS, 7)) {
            final int n = 20;
            final SocketAddress[] from = new SocketAddress[1];
            for (int i = 0; i < n; i++) {
                final long sent = System.nanoTime();
                send(client, relay.address(), i);
                assertEquals(i, receiveInt(target, from));
                final long oneWay = System.nanoTime() - sent;
                assertNotEquals(client.getLocalAddress(), from[0], "the target sees the relay's socket, not the "
                    + "client");
                send(target, from[0], -i); // a reply, to the datagram's source: the relay's socket for this client
                assertEquals(-i, receiveInt(client, null));
                final long roundTrip = System.nanoTime() - sent;
                assertTrue(oneWay >= TimeUnit.MILLISECONDS.toNanos(DELAY_MS), "one way " + oneWay + " ns");
                assertTrue(roundTrip >= TimeUnit.MILLISECONDS.toNanos(2 * DELAY_MS), "round trip " + roundTrip + " ns");
            }
            assertEquals(n, relay.forwarded(), relay.describe());
            assertEquals(n, relay.returned(), relay.describe());
            assertEquals(2 * n, relay.delayedAtLeast(), relay.describe());
            assertTrue(relay.minDelayNs() >= TimeUnit.MILLISECONDS.toNanos(DELAY_MS), relay.describe());
            assertEquals(0, relay.sendFailures(), relay.describe());
            assertEquals(1, relay.clients());
            assertNull(relay.failure());
        }
    }

    @Test
    void shouldReorderDatagramsWhenTheyArriveCloserThanTheJitter() throws Exception {
        try (DatagramChannel target = bound(); DatagramChannel client = bound();
            DelayingUdpRelay relay = new DelayingUdpRelay(new InetSocketAddress(LOOPBACK, 0),
                (InetSocketAddress) target.getLocalAddress(), 2, 30, TimeUnit.MILLISECONDS, 11)) {
            final int n = 200;
            for (int i = 0; i < n; i++) {
                send(client, relay.address(), i);
            }
            final List<Integer> order = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                order.add(receiveInt(target, null));
            }
            assertEquals(n, order.stream().distinct().count(), "every datagram once: " + order);
            int inversions = 0;
            for (int i = 1; i < n; i++) {
                inversions += order.get(i) < order.get(i - 1) ? 1 : 0;
            }
            assertTrue(inversions > 0, "200 datagrams sent back to back, 30 ms of jitter: some overtake: " + order);
            assertTrue(relay.reordered() > 0, relay.describe());
            assertEquals(n, relay.delayedAtLeast(), relay.describe());
        }
    }

    @Test
    void shouldKeepOrderWhenThereIsNoJitter() throws Exception {
        try (DatagramChannel target = bound(); DatagramChannel client = bound();
            DelayingUdpRelay relay = new DelayingUdpRelay(new InetSocketAddress(LOOPBACK, 0),
                (InetSocketAddress) target.getLocalAddress(), 3, 0, TimeUnit.MILLISECONDS, 11)) {
            final int n = 200;
            for (int i = 0; i < n; i++) {
                send(client, relay.address(), i);
            }
            for (int i = 0; i < n; i++) {
                assertEquals(i, receiveInt(target, null));
            }
            assertEquals(0, relay.reordered(), relay.describe());
        }
    }

    @Test
    void shouldSendRepliesToTheRightClientWhenTwoClientsShareTheRelay() throws Exception {
        try (DatagramChannel target = bound(); DatagramChannel a = bound(); DatagramChannel b = bound();
            DelayingUdpRelay relay = new DelayingUdpRelay(new InetSocketAddress(LOOPBACK, 0),
                (InetSocketAddress) target.getLocalAddress(), 1, 0, TimeUnit.MILLISECONDS, 3)) {
            final SocketAddress[] fromA = new SocketAddress[1];
            final SocketAddress[] fromB = new SocketAddress[1];
            send(a, relay.address(), 1);
            assertEquals(1, receiveInt(target, fromA));
            send(b, relay.address(), 2);
            assertEquals(2, receiveInt(target, fromB));
            assertNotEquals(fromA[0], fromB[0], "one relay socket per client");
            send(target, fromB[0], 20);
            send(target, fromA[0], 10);
            assertEquals(10, receiveInt(a, null));
            assertEquals(20, receiveInt(b, null));
            assertEquals(2, relay.clients());
        }
    }

    @Test
    void shouldRejectANegativeDelayWithItsValue() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DelayingUdpRelay(
            new InetSocketAddress(LOOPBACK, 0), new InetSocketAddress(LOOPBACK, 9), -1, 0, TimeUnit.MILLISECONDS, 1));
        assertTrue(e.getMessage().contains("delay -1"), e.getMessage());
    }
}
