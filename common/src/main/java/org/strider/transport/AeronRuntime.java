package org.strider.transport;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.FrameDescriptor;
import java.io.File;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.concurrent.TimeUnit;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;

/**
 * One embedded Aeron media driver and a client connected to it: what every Strider process runs, one per JVM.
 * The driver runs all its agents on one shared thread ({@link ThreadingMode#SHARED}) with a back-off idle
 * strategy (spin, yield, then park up to 1 ms), so an idle driver costs almost nothing on a 2-core machine. Its
 * directory is unique per runtime ({@code name-pid-nanoTime} under {@code /dev/shm} when that exists, else
 * {@code java.io.tmpdir}) and is deleted on start and on close.
 *
 * <p>Message size: Aeron fragments a message longer than the MTU and reassembles it on the other side, up to
 * {@code termLength / 8} bytes ({@link #maxMessageLength()}). The default term length is
 * {@value #DEFAULT_TERM_LENGTH} bytes for IPC and UDP publications, so messages up to 2 MB (a weight vector of
 * 500k floats) fit; each publication's log file is then 3 × 16 MB + 4 KB in {@code /dev/shm} (sparse: pages
 * are touched as the log is written). Larger messages need {@link #embedded(String, int)} with a longer term.
 */
public final class AeronRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AeronRuntime.class);
    /** Term length of IPC and UDP publications unless chosen otherwise: 16 MB → 2 MB messages. */
    public static final int DEFAULT_TERM_LENGTH = 16 * 1024 * 1024;
    /**
     * How long the client and the driver of one process tolerate not hearing from each other (Aeron's default is
     * 10 s). Both live in the same JVM, so only a stalled JVM trips it; the soak benchmark saw an 11 s stall on a
     * starved 2-core machine close the client for good (ConductorServiceTimeoutException) and leave the node
     * dead but running. A peer process's failure is detected by image liveness and the cluster, not by this.
     */
    public static final long LIVENESS_TIMEOUT_MS = 60_000;

    private final MediaDriver driver;
    private final Aeron aeron;
    private final int termLength;
    private final Lost lost;

    private AeronRuntime(final MediaDriver driver, final Aeron aeron, final int termLength, final Lost lost) {
        this.driver = driver;
        this.aeron = aeron;
        this.termLength = termLength;
        this.lost = lost;
    }

    /**
     * What to do if the client closes by itself (a fatal error, e.g. the driver unheard of for longer than the
     * liveness timeout): the node cannot send or receive any more, so it should end rather than wait.
     */
    private static final class Lost {
        final List<Consumer<String>> handlers = new CopyOnWriteArrayList<>();
        volatile boolean closing;
        volatile Throwable lastError;

        void error(final Throwable e) {
            lastError = e;
            LOG.error("Aeron client error: {}", e.toString());
        }

        void closed() {
            if (closing) {
                return;
            }
            final Throwable e = lastError;
            final String why = "the Aeron client closed" + (e == null ? "" : " after " + e);
            LOG.error("{}: this node can no longer send or receive data", why);
            for (final Consumer<String> h : handlers) {
                h.accept(why);
            }
        }
    }

    /**
     * Calls {@code handler} with the reason if the client closes by itself (not through {@link #close}); it runs on
     * Aeron's conductor thread, so it should only signal (stop a loop, terminate an actor system).
     */
    public void onClientLost(final Consumer<String> handler) {
        lost.handlers.add(handler);
    }

    /** Launches a driver with the default term length and connects a client. */
    public static AeronRuntime embedded(final String name) {
        return embedded(name, DEFAULT_TERM_LENGTH);
    }

    /**
     * Launches a driver whose IPC and UDP publications use {@code termLength} (a power of two from 64 KB to
     * 1 GB) and connects a client.
     */
    public static AeronRuntime embedded(final String name, final int termLength) {
        if (termLength < FrameDescriptor.FRAME_ALIGNMENT || Integer.bitCount(termLength) != 1
            || termLength < 64 * 1024) {
            throw new IllegalArgumentException("term length must be a power of two >= 64 KB: " + termLength);
        }
        final String dir = baseDir() + File.separator + "strider-aeron-" + name + "-" + ProcessHandle.current().pid()
            + "-" + System.nanoTime();
        final MediaDriver.Context driverContext = new MediaDriver.Context()
            .aeronDirectoryName(dir)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy(
                10, 5, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1)))
            .ipcTermBufferLength(termLength)
            .publicationTermBufferLength(termLength)
            .termBufferSparseFile(true)
            .clientLivenessTimeoutNs(TimeUnit.MILLISECONDS.toNanos(LIVENESS_TIMEOUT_MS))
            // Must exceed the client liveness timeout (the driver checks).
            .publicationUnblockTimeoutNs(TimeUnit.MILLISECONDS.toNanos(LIVENESS_TIMEOUT_MS + 15_000))
            .driverTimeoutMs(LIVENESS_TIMEOUT_MS)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true);
        final MediaDriver driver = MediaDriver.launchEmbedded(driverContext);
        try {
            final Lost lost = new Lost();
            final Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName())
                .driverTimeoutMs(LIVENESS_TIMEOUT_MS).errorHandler(lost::error).closeHandler(lost::closed));
            return new AeronRuntime(driver, aeron, termLength, lost);
        } catch (final RuntimeException e) {
            CloseHelper.quietClose(driver);
            throw e;
        }
    }

    private static String baseDir() {
        final File shm = new File("/dev/shm");
        return shm.isDirectory() && shm.canWrite() ? shm.getPath() : System.getProperty("java.io.tmpdir");
    }

    public Aeron aeron() {
        return aeron;
    }

    /** The driver's settings (for checks and diagnostics). */
    public MediaDriver.Context driverContext() {
        return driver.context();
    }

    /** Directory of the driver (its CnC file and logs). */
    public String directory() {
        return driver.aeronDirectoryName();
    }

    /** Term length of the publications this driver creates. */
    public int termLength() {
        return termLength;
    }

    /** Longest message one offer may carry on this runtime's publications: {@code min(termLength / 8, 16 MB)}. */
    public int maxMessageLength() {
        return FrameDescriptor.computeMaxMessageLength(termLength);
    }

    /** Closes the client, then the driver (which deletes its directory). */
    @Override
    public void close() {
        lost.closing = true;
        CloseHelper.closeAll(aeron, driver);
    }
}
