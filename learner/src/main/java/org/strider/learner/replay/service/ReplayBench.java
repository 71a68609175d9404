package org.strider.learner.replay.service;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.DatagramSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.strider.learner.replay.ReplayBuffer;
import org.strider.transport.AeronRuntime;
import org.strider.transport.Channels;
import org.strider.transport.FramePublisher;
import org.strider.wire.FrameCodec;
import org.strider.wire.FrameHeader;
import org.strider.wire.RunKey;
import org.strider.wire.TransitionBatch;
import org.strider.wire.WireLimits;

/**
 * {@code strider bench replay}: inserts per second into one replay shard, in transitions (BipedalWalker: obs 24,
 * action 4, batches of 64), over Aeron IPC and over UDP loopback. One publisher thread encodes and offers batches
 * as fast as back-pressure lets it; the shard runs as its own agent thread; sampling is off (a min-size limiter that
 * never blocks inserts). Prints figures after a warm-up, asserts nothing; {@link #measure} returns them. UDP runs
 * twice: with Aeron's default MTU (1408 bytes, what a 1500-byte network carries) and with 8 KB datagrams (loopback or
 * jumbo frames).
 *
 * <p>Arguments: {@code [warmupSeconds=2] [measureSeconds=5] [ipc|udp|both=both] [signed]} ({@code signed}: frames
 * carry a MAC under a random run key, checked by the shard). The JVM needs
 * {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED}.
 */
public final class ReplayBench {
    /** BipedalWalker's observation size. */
    public static final int OBS = 24;
    /** BipedalWalker's action size. */
    public static final int ACT = 4;
    /** Transitions per published batch. */
    public static final int ROWS = 64;
    private static final int CAPACITY = 1 << 18;
    private static final long RUN = 1;

    private ReplayBench() {
    }

    /** An insert channel to measure, named for the table. */
    public record Transport(String label, String channel) {
    }

    /**
     * One measurement: what the shard inserted in the measured window and what the publisher saw.
     *
     * @param seconds                the window, between two shard snapshots
     * @param transitions            transitions inserted in the window
     * @param batches                batches inserted in the window
     * @param backPressureWaits      times the publisher waited for room (back-pressure)
     * @param dropped                batches the publisher dropped in the window
     * @param rejected               frames the shard rejected since start
     * @param allocatedBytesPerBatch bytes the shard thread allocated per inserted batch (NaN where unknown)
     */
    public record InsertRate(String transport, String channel, double seconds, long transitions, long batches,
                             long backPressureWaits, long dropped, long rejected, double allocatedBytesPerBatch) {
        public double insertsPerSecond() {
            return transitions / seconds;
        }

        public double batchesPerSecond() {
            return batches / seconds;
        }

        /** Frame bytes inserted per second, in MB (1e6 bytes). */
        public double megabytesPerSecond() {
            return batches * (double) frameBytes() / seconds / 1e6;
        }
    }

    public static void main(final String[] args) throws Exception {
        final double warmup = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        final double measure = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        final String which = args.length > 2 ? args[2] : "both";
        final RunKey key = args.length > 3 && "signed".equals(args[3]) ? RunKey.random() : null;
        System.out.printf("bench replay: one shard, batches of %d transitions (obs %d, action %d, %d bytes a frame),"
            + " %.0f s warm-up, %.0f s measured, %d cores%n", ROWS, OBS, ACT, frameBytes(), warmup, measure,
            Runtime.getRuntime().availableProcessors());
        for (final Transport t : transports(which)) {
            final InsertRate r = measure(t, warmup, measure, key);
            System.out.printf("%-13s %,12.0f inserts/s  (%,.0f batches/s, %.0f MB/s of frames; publisher back-pressure"
                    + " waits %,d, dropped %d; shard rejected %d; shard thread allocated %.0f B/batch)%n",
                r.transport(), r.insertsPerSecond(), r.batchesPerSecond(), r.megabytesPerSecond(),
                r.backPressureWaits(), r.dropped(), r.rejected(), r.allocatedBytesPerBatch());
        }
    }

    /** Bytes of one benchmark frame (a transition batch of {@link #ROWS} rows, unsigned). */
    public static int frameBytes() {
        return (int) FrameCodec.transitionBatchLength(ROWS, OBS, ACT) - FrameHeader.MAC_LENGTH;
    }

    /**
     * The insert channels {@code which} names: {@code ipc}, {@code udp} (loopback with Aeron's default MTU and with
     * 8 KB datagrams, on a free port) or {@code both}.
     */
    public static List<Transport> transports(final String which) throws IOException {
        if (!"ipc".equals(which) && !"udp".equals(which) && !"both".equals(which)) {
            throw new IllegalArgumentException("transport must be ipc, udp or both, got '" + which + "'");
        }
        final List<Transport> list = new ArrayList<>();
        if (!"udp".equals(which)) {
            list.add(new Transport("IPC", Channels.ipc()));
        }
        if (!"ipc".equals(which)) {
            final int port;
            try (DatagramSocket socket = new DatagramSocket(0)) {
                port = socket.getLocalPort();
            }
            list.add(new Transport("UDP loopback", Channels.udp("127.0.0.1", port)));
            list.add(new Transport("UDP mtu 8K", Channels.udp("127.0.0.1", port, 8192)));
        }
        return list;
    }

    /**
     * Inserts into one shard over {@code transport} for {@code measure} seconds after {@code warmup} seconds; starts
     * and closes its own embedded media driver.
     */
    public static InsertRate measure(final Transport transport, final double warmup, final double measure)
        throws Exception {
        return measure(transport, warmup, measure, null);
    }

    /** {@link #measure(Transport, double, double)} with frames signed with {@code key} (null: unsigned). */
    public static InsertRate measure(final Transport transport, final double warmup, final double measure,
        final RunKey key) throws Exception {
        final AtomicBoolean running = new AtomicBoolean(true);
        try (AeronRuntime runtime = AeronRuntime.embedded("bench-replay")) {
            final ShardStreams streams = new ShardStreams(transport.channel(), Channels.ipc(), Channels.ipc());
            final ShardConfig config = new ShardConfig(0, ROWS, 256, 16, 256, TimeUnit.MILLISECONDS.toNanos(10));
            final ReplayShard shard = streams.openShard(runtime.aeron(), config,
                new ReplayBuffer(CAPACITY, OBS, ACT, 1), RateLimiter.minSize(1), new FrameCodec(RUN,
                    WireLimits.DEFAULT, key), idle(), running::get, TimeUnit.SECONDS.toNanos(1));
            final FramePublisher publisher = streams.openActorPublisher(runtime.aeron(), 0, ROWS, OBS, ACT, idle(),
                running::get, TimeUnit.SECONDS.toNanos(5));
            final AgentRunner shardRunner = new AgentRunner(idle(), Throwable::printStackTrace, null, shard);
            final Thread shardThread = AgentRunner.startOnThread(shardRunner);
            final Thread actor = new Thread(() -> publish(publisher, running, key), "bench-actor");
            actor.start();

            sleep(warmup);
            final ShardStats start = fresh(shard);
            final long startAlloc = allocated(shardThread);
            final long startWaits = publisher.backPressureWaits();
            final long startDropped = publisher.dropped();
            sleep(measure);
            final ShardStats end = fresh(shard);
            final long endAlloc = allocated(shardThread);
            final long waits = publisher.backPressureWaits() - startWaits;
            final long dropped = publisher.dropped() - startDropped;
            final double seconds = (end.timestampNs() - start.timestampNs()) / 1e9;
            final long transitions = end.inserted() - start.inserted();
            final long batches = end.batchesInserted() - start.batchesInserted();
            running.set(false);
            actor.join();
            shardRunner.close();
            publisher.close();
            return new InsertRate(transport.label(), transport.channel(), seconds, transitions, batches, waits, dropped,
                end.rejected(), batches > 0 && endAlloc >= 0 && startAlloc >= 0
                    ? (double) (endAlloc - startAlloc) / batches : Double.NaN);
        }
    }

    private static void publish(final FramePublisher publisher, final AtomicBoolean running, final RunKey key) {
        final FrameCodec codec = new FrameCodec(RUN, WireLimits.DEFAULT, key);
        final Random random = new Random(3);
        final float[] obs = floats(random, ROWS * OBS);
        final float[] action = floats(random, ROWS * ACT);
        final float[] reward = floats(random, ROWS);
        final float[] next = floats(random, ROWS * OBS);
        final float[] terminated = new float[ROWS];
        terminated[ROWS - 1] = 1f;
        long sequence = 0;
        while (running.get()) {
            final TransitionBatch batch = new TransitionBatch(7, sequence++, 0, ROWS, OBS, ACT, obs, action, reward,
                next, terminated);
            publisher.offer(codec.encode(batch, publisher.buffer(), 0));
        }
    }

    private static float[] floats(final Random random, final int n) {
        final float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    private static IdleStrategy idle() {
        return new BackoffIdleStrategy(100, 10, 1_000, 100_000);
    }

    /** Stats published after now (the loop snapshots every 10 ms). */
    private static ShardStats fresh(final ReplayShard shard) throws InterruptedException {
        final long now = System.nanoTime();
        ShardStats stats = shard.stats();
        while (stats.timestampNs() < now) {
            Thread.sleep(1);
            stats = shard.stats();
        }
        return stats;
    }

    private static long allocated(final Thread thread) {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (bean instanceof com.sun.management.ThreadMXBean) {
            return ((com.sun.management.ThreadMXBean) bean).getThreadAllocatedBytes(thread.getId());
        }
        return -1;
    }

    private static void sleep(final double seconds) throws InterruptedException {
        Thread.sleep((long) (seconds * 1000));
    }
}
