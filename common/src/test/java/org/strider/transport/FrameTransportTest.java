package org.strider.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aeron.ExclusivePublication;
import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import java.io.IOException;
import java.net.DatagramSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.strider.testing.AllocationMeter;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FrameTransportTest {
    private static final long CONNECT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);
    private static final int STREAM = StreamIds.transitions(0);

    static IdleStrategy idle() {
        return new BackoffIdleStrategy(10, 5, 1_000, 1_000_000);
    }

    static FramePublisher publisher(final AeronRuntime runtime, final String channel, final int stream) {
        final ExclusivePublication publication = runtime.aeron().addExclusivePublication(channel, stream);
        return new FramePublisher(publication, idle(), () -> true, CONNECT_TIMEOUT_NS, 64 * 1024);
    }

    static FramePoller poller(final AeronRuntime runtime, final String channel, final int stream) {
        return new FramePoller(runtime.aeron().addSubscription(channel, stream));
    }

    static void awaitConnected(final BooleanSupplier connected) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        final IdleStrategy idle = new SleepingMillisIdleStrategy(1);
        while (!connected.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not connected within 10 s");
            }
            idle.idle();
        }
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Sends {@code count} frames of {@code size} bytes each starting with its sequence number; returns them. */
    private static List<Integer> roundTrip(final AeronRuntime runtime, final String channel, final int count,
        final int size) {
        try (FramePoller poller = poller(runtime, channel, STREAM);
            FramePublisher publisher = publisher(runtime, channel, STREAM)) {
            awaitConnected(() -> publisher.isConnected() && poller.isConnected());
            final List<Integer> received = new ArrayList<>();
            final FrameHandler handler = (buf, off, len) -> {
                assertEquals(size, len);
                received.add(buf.getInt(off));
            };
            final IdleStrategy idle = idle();
            for (int i = 0; i < count; i++) {
                publisher.buffer().putInt(0, i);
                assertTrue(publisher.offer(size));
                poller.poll(handler, 10);
            }
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (received.size() < count && System.nanoTime() < deadline) {
                idle.idle(poller.poll(handler, 10));
            }
            assertEquals(count, publisher.published());
            assertEquals(0, publisher.dropped());
            return received;
        }
    }

    private static List<Integer> sequence(final int count) {
        final List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            expected.add(i);
        }
        return expected;
    }

    @Test
    void shouldDeliverEveryFrameInOrderWhenOverIpc() {
        try (AeronRuntime runtime = AeronRuntime.embedded("ipc")) {
            assertEquals(sequence(1000), roundTrip(runtime, Channels.ipc(), 1000, 100));
        }
    }

    @Test
    void shouldDeliverEveryFrameInOrderWhenOverUdpLoopback() throws IOException {
        try (AeronRuntime runtime = AeronRuntime.embedded("udp", 1 << 20)) {
            assertEquals(sequence(1000), roundTrip(runtime, Channels.udp("127.0.0.1", freeUdpPort()), 1000, 3000));
            assertEquals(sequence(1000), roundTrip(runtime, Channels.udp("127.0.0.1", freeUdpPort(), 8192), 1000,
                20_000));
        }
        assertThrows(IllegalArgumentException.class, () -> Channels.udp("127.0.0.1", 4000, 1000));
    }

    @Test
    void shouldReassembleFourMegabyteFrameWhenOverUdpLoopback() throws IOException {
        final int size = 4 * 1024 * 1024;
        try (AeronRuntime runtime = AeronRuntime.embedded("big", 32 * 1024 * 1024)) {
            assertEquals(size, runtime.maxMessageLength());
            final String channel = Channels.udp("127.0.0.1", freeUdpPort());
            final byte[] sent = new byte[size];
            new Random(5).nextBytes(sent);
            final ExclusivePublication publication = runtime.aeron().addExclusivePublication(channel, STREAM);
            try (FramePoller poller = poller(runtime, channel, STREAM);
                FramePublisher publisher = new FramePublisher(publication, idle(), () -> true, CONNECT_TIMEOUT_NS, 0)) {
                awaitConnected(() -> publisher.isConnected() && poller.isConnected());
                assertEquals(size, publisher.maxMessageLength());
                assertTrue(publisher.offer(new UnsafeBuffer(sent), 0, size));
                final AtomicReference<byte[]> received = new AtomicReference<>();
                final IdleStrategy idle = idle();
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (received.get() == null && System.nanoTime() < deadline) {
                    idle.idle(poller.poll((buf, off, len) -> {
                        final byte[] copy = new byte[len];
                        buf.getBytes(off, copy);
                        received.set(copy);
                    }, 256));
                }
                assertArrayEquals(sent, received.get());
                assertEquals(1, poller.frames());
            }
        }
    }

    @Test
    void shouldRejectFrameWhenLongerThanMaxMessageLength() {
        try (AeronRuntime runtime = AeronRuntime.embedded("oversize", 64 * 1024);
            FramePoller poller = poller(runtime, Channels.ipc(), STREAM);
            FramePublisher publisher = publisher(runtime, Channels.ipc(), STREAM)) {
            assertEquals(8 * 1024, publisher.maxMessageLength());
            assertThrows(IllegalArgumentException.class, () -> publisher.offer(8 * 1024 + 1));
            assertEquals(0, publisher.offered());
            assertEquals(0, poller.frames());
        }
    }

    @Test
    void shouldWaitOutBackPressureWithoutDropsWhenConsumerIsSlow() throws InterruptedException {
        final int count = 2000;
        final int size = 1024;
        try (AeronRuntime runtime = AeronRuntime.embedded("slow", 64 * 1024);
            FramePoller poller = poller(runtime, Channels.ipc(), STREAM);
            FramePublisher publisher = publisher(runtime, Channels.ipc(), STREAM)) {
            awaitConnected(() -> publisher.isConnected() && poller.isConnected());
            final List<Integer> received = new ArrayList<>();
            final AtomicBoolean done = new AtomicBoolean();
            final Thread consumer = new Thread(() -> {
                final FrameHandler handler = (buf, off, len) -> received.add(buf.getInt(off));
                while (!done.get()) {
                    poller.poll(handler, 8);
                    try {
                        Thread.sleep(1);
                    } catch (final InterruptedException e) {
                        return;
                    }
                }
            }, "slow-consumer");
            consumer.start();
            for (int i = 0; i < count; i++) {
                publisher.buffer().putInt(0, i);
                assertTrue(publisher.offer(size));
            }
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (poller.frames() < count && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            done.set(true);
            consumer.join();
            assertEquals(sequence(count), received);
            assertEquals(0, publisher.dropped());
            assertEquals(count, publisher.published());
            assertTrue(publisher.backPressureWaits() > 0, "the publisher never waited: the test did not press");
        }
    }

    @Test
    void shouldKeepPollingAndCountErrorsWhenHandlerThrows() {
        try (AeronRuntime runtime = AeronRuntime.embedded("throws");
            FramePoller poller = poller(runtime, Channels.ipc(), STREAM);
            FramePublisher publisher = publisher(runtime, Channels.ipc(), STREAM)) {
            awaitConnected(() -> publisher.isConnected() && poller.isConnected());
            final List<Integer> handled = new ArrayList<>();
            final FrameHandler handler = (buf, off, len) -> {
                final int seq = buf.getInt(off);
                if (seq % 3 == 2) {
                    throw new IllegalStateException("bad frame " + seq);
                }
                handled.add(seq);
            };
            for (int i = 0; i < 30; i++) {
                publisher.buffer().putInt(0, i);
                assertTrue(publisher.offer(4));
            }
            final IdleStrategy idle = idle();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (poller.frames() < 30 && System.nanoTime() < deadline) {
                idle.idle(poller.poll(handler, 4));
            }
            assertEquals(30, poller.frames());
            assertEquals(10, poller.handlerErrors());
            assertEquals(20, handled.size());
            assertEquals(28, handled.get(handled.size() - 1)); // 29 % 3 == 2 threw
        }
    }

    @Test
    void shouldRedeliverFrameWhenControlledHandlerAborts() {
        try (AeronRuntime runtime = AeronRuntime.embedded("abort");
            FramePoller poller = poller(runtime, Channels.ipc(), STREAM);
            FramePublisher publisher = publisher(runtime, Channels.ipc(), STREAM)) {
            awaitConnected(() -> publisher.isConnected() && poller.isConnected());
            // 5000 bytes spans four IPC fragments: an abort must also keep the partial reassembly intact
            for (int i = 0; i < 3; i++) {
                publisher.buffer().setMemory(0, 5000, (byte) i);
                publisher.buffer().putInt(0, i);
                assertTrue(publisher.offer(5000));
            }
            final List<Integer> accepted = new ArrayList<>();
            final int[] refusals = {0};
            final ControlledFrameHandler handler = (buf, off, len) -> {
                final int seq = buf.getInt(off);
                if (seq == 1 && refusals[0] < 3) {
                    refusals[0]++;
                    return Action.ABORT;
                }
                assertEquals(5000, len);
                assertEquals((byte) seq, buf.getByte(off + len - 1));
                accepted.add(seq);
                return Action.CONTINUE;
            };
            final IdleStrategy idle = idle();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (accepted.size() < 3 && System.nanoTime() < deadline) {
                idle.idle(poller.controlledPoll(handler, 10));
            }
            assertEquals(List.of(0, 1, 2), accepted);
            assertEquals(3, refusals[0]);
            assertEquals(3, poller.frames());
            assertEquals(0, poller.handlerErrors());
        }
    }

    @Test
    void shouldTakeFromEveryPublisherInTurnWhenTheHandlerTakesOneFramePerPoll() {
        final int publishers = 3;
        final int perPublisher = 200;
        try (AeronRuntime runtime = AeronRuntime.embedded("fair");
            FramePoller poller = poller(runtime, Channels.ipc(), STREAM)) {
            final List<FramePublisher> senders = new ArrayList<>();
            try {
                for (int p = 0; p < publishers; p++) {
                    final FramePublisher sender = publisher(runtime, Channels.ipc(), STREAM);
                    senders.add(sender);
                    awaitConnected(sender::isConnected);
                }
                awaitConnected(() -> poller.imageCount() == publishers);
                for (int k = 0; k < perPublisher; k++) {
                    for (int p = 0; p < publishers; p++) {
                        senders.get(p).buffer().putInt(0, p);
                        assertTrue(senders.get(p).offer(64));
                    }
                }
                // A shard held by its limiter: one frame per poll, the next one left in the log.
                final int[] taken = new int[publishers];
                final boolean[] tookOne = {false};
                final ControlledFrameHandler oneFrame = (buf, off, len) -> {
                    if (tookOne[0]) {
                        return Action.ABORT;
                    }
                    tookOne[0] = true;
                    taken[buf.getInt(off)]++;
                    return Action.CONTINUE;
                };
                final int polls = perPublisher * publishers / 2;
                for (int i = 0; i < polls; i++) {
                    tookOne[0] = false;
                    poller.controlledPoll(oneFrame, 10);
                }
                for (int p = 0; p < publishers; p++) {
                    assertEquals(polls / publishers, taken[p], "publisher " + p + " of " + java.util.Arrays.toString(
                        taken) + ": each publisher's turn comes once in " + publishers + " polls");
                }
            } finally {
                senders.forEach(FramePublisher::close);
            }
        }
    }

    @Test
    void shouldDropAndCountWhenNoSubscriberConnectsInTime() {
        try (AeronRuntime runtime = AeronRuntime.embedded("alone")) {
            final ExclusivePublication publication = runtime.aeron().addExclusivePublication(Channels.ipc(), STREAM);
            try (FramePublisher publisher = new FramePublisher(publication, idle(), () -> true,
                TimeUnit.MILLISECONDS.toNanos(50), 64)) {
                final long start = System.nanoTime();
                assertFalse(publisher.offer(8));
                assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50));
                assertEquals(1, publisher.dropped(DropReason.NOT_CONNECTED));
                assertEquals(1, publisher.offered());
                assertEquals(0, publisher.published());
            }
        }
    }

    @Test
    void shouldDropAsStoppedWhenRunningTurnsFalseDuringBackPressure() {
        try (AeronRuntime runtime = AeronRuntime.embedded("stopped", 64 * 1024);
            FramePoller poller = poller(runtime, Channels.ipc(), STREAM)) {
            final AtomicBoolean running = new AtomicBoolean(false);
            final ExclusivePublication publication = runtime.aeron().addExclusivePublication(Channels.ipc(), STREAM);
            try (FramePublisher publisher = new FramePublisher(publication, idle(), running::get,
                CONNECT_TIMEOUT_NS, 1024)) {
                awaitConnected(() -> publisher.isConnected() && poller.isConnected());
                // nobody polls: the window (32 KB) fills within 40 frames of 1 KB, then the first wait sees
                // running false and gives up on the frame
                int sent = 0;
                while (publisher.backPressureWaits() == 0 && sent < 1000) {
                    publisher.offer(1024);
                    sent++;
                }
                assertTrue(sent < 40, "sent " + sent);
                assertEquals(1, publisher.dropped(DropReason.STOPPED));
                assertEquals(publisher.offered() - 1, publisher.published());
            }
        }
    }

    @Test
    void shouldAllocateNothingWhenPublishingAndPollingInSteadyState() {
        try (AeronRuntime runtime = AeronRuntime.embedded("alloc");
            FramePoller poller = poller(runtime, Channels.ipc(), STREAM);
            FramePublisher publisher = publisher(runtime, Channels.ipc(), STREAM)) {
            awaitConnected(() -> publisher.isConnected() && poller.isConnected());
            final long[] sum = {0};
            final FrameHandler handler = (buf, off, len) -> sum[0] += buf.getInt(off);
            final Runnable work = () -> {
                for (int i = 0; i < 2000; i++) {
                    publisher.buffer().putInt(0, i);
                    publisher.offer(3000);
                    while (poller.poll(handler, 10) == 0) {
                        Thread.onSpinWait();
                    }
                }
            };
            work.run();
            assertEquals(0, AllocationMeter.minAllocatedBytes(work, 5));
            assertTrue(sum[0] > 0);
        }
    }

    @Test
    void shouldReachEverySubscriberWhenWeightsGoOverMultiDestinationCast() throws IOException {
        final int controlPort = freeUdpPort();
        try (AeronRuntime learner = AeronRuntime.embedded("mdc-pub", 1 << 20);
            AeronRuntime actorA = AeronRuntime.embedded("mdc-a", 1 << 20);
            AeronRuntime actorB = AeronRuntime.embedded("mdc-b", 1 << 20);
            FramePoller a = poller(actorA, Channels.mdcSubscription("127.0.0.1", "127.0.0.1", controlPort),
                StreamIds.weights());
            FramePoller b = poller(actorB, Channels.mdcSubscription("127.0.0.1", "127.0.0.1", controlPort),
                StreamIds.weights());
            FramePublisher weights = publisher(learner, Channels.mdcPublication("127.0.0.1", controlPort),
                StreamIds.weights())) {
            awaitConnected(() -> a.isConnected() && b.isConnected());
            final int size = 40_000; // a small policy: 10k floats, many MTUs
            final List<Integer> gotA = new ArrayList<>();
            final List<Integer> gotB = new ArrayList<>();
            for (int version = 1; version <= 5; version++) {
                weights.buffer().putInt(0, version);
                weights.buffer().putInt(size - 4, -version);
                assertTrue(weights.offer(size));
            }
            final FrameHandler intoA = (buf, off, len) -> gotA.add(buf.getInt(off) + buf.getInt(off + len - 4));
            final FrameHandler intoB = (buf, off, len) -> gotB.add(buf.getInt(off));
            final IdleStrategy idle = idle();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((gotA.size() < 5 || gotB.size() < 5) && System.nanoTime() < deadline) {
                idle.idle(a.poll(intoA, 64) + b.poll(intoB, 64));
            }
            assertEquals(List.of(0, 0, 0, 0, 0), gotA);
            assertEquals(List.of(1, 2, 3, 4, 5), gotB);
            assertEquals(0, weights.dropped());
        }
    }
}
