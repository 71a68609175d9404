package org.strider.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * A UDP relay on loopback that delays every datagram, for the data-plane delay test (this kernel has no netem): it
 * listens on one address and forwards each datagram that reaches it to {@code target} after {@code delay} plus a
 * seeded uniform jitter in {@code [0, jitter)}, so datagrams less than the jitter apart may overtake each other.
 * Like a NAT it gives every client (source address) its own outbound socket, so the target's replies (an Aeron
 * receiver's status messages and NAKs go back to the datagram's source; a multi-destination-cast publisher sends
 * data to the address its subscribers' status messages came from) reach that socket and are relayed back to the
 * client from the listening address, with the same delay and jitter. Nothing is dropped on purpose; a datagram the
 * kernel would not take at once is counted in {@link #sendFailures()}.
 *
 * <p>One thread does everything: it reads whatever arrived, stamps it, queues it by due time and sends what is due.
 * A datagram is never sent before its due time; {@link #minDelayNs()} and {@link #delayedAtLeast()} count what each
 * one actually waited (the queueing after it was read included, the kernel's buffers not). Datagram buffers are
 * pooled: after warm-up the relay allocates only for a new client. Counters are written by the relay thread only
 * and may be read from any thread.
 */
final class DelayingUdpRelay implements AutoCloseable {
    /** Largest UDP payload (Aeron's largest MTU, 65504, fits). */
    private static final int MAX_DATAGRAM = 65_507;

    private final InetSocketAddress target;
    private final long delayNs;
    private final long jitterNs;
    private final SplittableRandom random;
    private final Selector selector;
    private final DatagramChannel listening;
    private final Map<SocketAddress, DatagramChannel> outbound = new HashMap<>();
    private final PriorityQueue<Datagram> due = new PriorityQueue<>(Comparator.comparingLong((Datagram d) -> d.dueNs)
        .thenComparingLong(d -> d.order));
    private final ArrayDeque<Datagram> pool = new ArrayDeque<>();
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    private long order;
    /** Arrival order of the latest-arrived datagram sent so far, per direction (0 to the target, 1 back). */
    private final long[] newestSent = {-1, -1};
    private volatile long forwarded;
    private volatile long returned;
    private volatile long forwardedBytes;
    private volatile long returnedBytes;
    private volatile long delayedAtLeast;
    private volatile long reordered;
    private volatile long sendFailures;
    private volatile long minDelayNs = Long.MAX_VALUE;
    private volatile long maxDelayNs;
    private volatile long totalDelayNs;

    /** One datagram waiting for its time: where it goes, through which socket. */
    private static final class Datagram {
        ByteBuffer data = ByteBuffer.allocateDirect(2048);
        long receivedNs;
        long dueNs;
        long order;
        int direction;
        DatagramChannel via;
        SocketAddress to;
    }

    /**
     * Binds {@code listen} (port 0: any free port, see {@link #address()}) and starts relaying.
     *
     * @param delay  the least time each datagram is held, each way
     * @param jitter each datagram is held a further uniform random time below this (0: none)
     * @param seed   seeds the jitter
     */
    DelayingUdpRelay(final InetSocketAddress listen, final InetSocketAddress target, final long delay,
        final long jitter, final TimeUnit unit, final long seed) throws IOException {
        if (delay < 0 || jitter < 0) {
            throw new IllegalArgumentException("delay and jitter must be >= 0, got delay " + delay + " " + unit
                + ", jitter " + jitter + " " + unit);
        }
        if (target.isUnresolved()) {
            throw new IllegalArgumentException("relay target " + target + " is unresolved");
        }
        this.target = target;
        this.delayNs = unit.toNanos(delay);
        this.jitterNs = unit.toNanos(jitter);
        this.random = new SplittableRandom(seed);
        this.selector = Selector.open();
        this.listening = open(listen);
        listening.register(selector, SelectionKey.OP_READ, null);
        this.thread = new Thread(this::run, "udp-relay-" + address().getPort() + "-to-" + target.getPort());
        thread.setDaemon(true);
        thread.start();
    }

    private static DatagramChannel open(final InetSocketAddress at) throws IOException {
        final DatagramChannel channel = DatagramChannel.open();
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
        channel.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
        channel.bind(at);
        channel.configureBlocking(false);
        return channel;
    }

    /** Where clients send: the listening address. */
    InetSocketAddress address() {
        try {
            return (InetSocketAddress) listening.getLocalAddress();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    InetSocketAddress target() {
        return target;
    }

    long delayNs() {
        return delayNs;
    }

    /** Datagrams sent on to the target. */
    long forwarded() {
        return forwarded;
    }

    /** Datagrams from the target sent back to a client. */
    long returned() {
        return returned;
    }

    long forwardedBytes() {
        return forwardedBytes;
    }

    long returnedBytes() {
        return returnedBytes;
    }

    /** Datagrams (both ways) that were held at least the configured delay: all of them, unless the relay is wrong. */
    long delayedAtLeast() {
        return delayedAtLeast;
    }

    /** Datagrams sent before one that arrived earlier in the same direction (overtaken within the jitter). */
    long reordered() {
        return reordered;
    }

    /** Datagrams the kernel did not take when they were due (lost). */
    long sendFailures() {
        return sendFailures;
    }

    /** The shortest time a sent datagram was held; {@code Long.MAX_VALUE} before the first. */
    long minDelayNs() {
        return minDelayNs;
    }

    long maxDelayNs() {
        return maxDelayNs;
    }

    /** The mean time a sent datagram was held (0 before the first). */
    double meanDelayNs() {
        final long sent = forwarded + returned;
        return sent == 0 ? 0 : (double) totalDelayNs / sent;
    }

    /** Clients seen so far (one outbound socket each). */
    int clients() {
        synchronized (outbound) {
            return outbound.size();
        }
    }

    /** Why the relay thread stopped early, or null. */
    Throwable failure() {
        return failure;
    }

    /** A one-line summary of the counters, for messages and reports. */
    String describe() {
        return String.format(java.util.Locale.ROOT, "relay %d -> %d (delay %.1f ms + jitter < %.1f ms): %d forwarded "
            + "(%d B), %d returned (%d B), %d held >= delay, held %.2f..%.2f ms (mean %.2f), %d reordered, %d send "
            + "failures, %d clients", address().getPort(), target.getPort(), delayNs / 1e6, jitterNs / 1e6, forwarded,
            forwardedBytes, returned, returnedBytes, delayedAtLeast, minDelayNs == Long.MAX_VALUE ? 0 : minDelayNs / 1e6,
            maxDelayNs / 1e6, meanDelayNs() / 1e6, reordered, sendFailures, clients());
    }

    private void run() {
        try {
            while (running) {
                final Datagram head = due.peek();
                if (head == null) {
                    selector.select();
                } else {
                    final long wait = head.dueNs - System.nanoTime();
                    if (wait > 0) {
                        selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)));
                    } else {
                        selector.selectNow();
                    }
                }
                for (final SelectionKey key : selector.selectedKeys()) {
                    receive((DatagramChannel) key.channel(), (SocketAddress) key.attachment());
                }
                selector.selectedKeys().clear();
                sendDue();
            }
        } catch (final IOException | RuntimeException e) {
            if (running) {
                failure = e;
            }
        }
    }

    /**
     * Reads everything waiting on {@code channel}: the listening socket ({@code client} null: a client's datagram,
     * on to the target through that client's own socket) or a client's socket (back to {@code client}).
     */
    private void receive(final DatagramChannel channel, final SocketAddress client) throws IOException {
        while (true) {
            scratch.clear();
            final SocketAddress from = channel.receive(scratch);
            if (from == null) {
                return;
            }
            final long now = System.nanoTime();
            scratch.flip();
            final Datagram d = pool.isEmpty() ? new Datagram() : pool.poll();
            if (d.data.capacity() < scratch.remaining()) {
                d.data = ByteBuffer.allocateDirect(scratch.remaining());
            }
            d.data.clear();
            d.data.put(scratch).flip();
            d.receivedNs = now;
            d.dueNs = now + delayNs + (jitterNs == 0 ? 0 : random.nextLong(jitterNs));
            d.order = order++;
            if (client == null) {
                d.direction = 0;
                d.via = outboundFor(from);
                d.to = target;
            } else {
                d.direction = 1;
                d.via = listening;
                d.to = client;
            }
            due.add(d);
        }
    }

    private DatagramChannel outboundFor(final SocketAddress client) throws IOException {
        synchronized (outbound) {
            DatagramChannel channel = outbound.get(client);
            if (channel == null) {
                channel = open(new InetSocketAddress(target.getAddress(), 0));
                channel.register(selector, SelectionKey.OP_READ, client);
                outbound.put(client, channel);
            }
            return channel;
        }
    }

    private void sendDue() {
        Datagram d;
        while ((d = due.peek()) != null) {
            final long now = System.nanoTime();
            if (now < d.dueNs) {
                return;
            }
            due.poll();
            final int length = d.data.remaining();
            int sent;
            try {
                sent = d.via.send(d.data, d.to);
            } catch (final IOException e) {
                sent = 0; // e.g. the target's port closed at the end of a run: as lost as a full buffer
            }
            if (sent == 0) {
                sendFailures++;
            } else {
                count(d, length, now - d.receivedNs);
            }
            d.via = null;
            d.to = null;
            pool.add(d);
        }
    }

    private void count(final Datagram d, final int length, final long held) {
        if (d.direction == 0) {
            forwarded++;
            forwardedBytes += length;
        } else {
            returned++;
            returnedBytes += length;
        }
        if (held >= delayNs) {
            delayedAtLeast++;
        }
        if (d.order < newestSent[d.direction]) {
            reordered++;
        } else {
            newestSent[d.direction] = d.order;
        }
        minDelayNs = Math.min(minDelayNs, held);
        maxDelayNs = Math.max(maxDelayNs, held);
        totalDelayNs += held;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        selector.wakeup();
        thread.join(5_000);
        try {
            synchronized (outbound) {
                for (final DatagramChannel c : outbound.values()) {
                    c.close();
                }
            }
            listening.close();
            selector.close();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
