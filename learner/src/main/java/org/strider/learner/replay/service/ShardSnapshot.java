package org.strider.learner.replay.service;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import org.strider.learner.replay.ReplayBuffer;

/**
 * A replay shard's periodic snapshot (Reverb's checkpointing, for one shard): the stored transitions, the ring
 * position and sampling generator ({@link ReplayBuffer#writeState}) and the rate limiter's insert and sample counts,
 * so a shard restarted after a crash picks up its data and its place in the samples-per-insert budget.
 *
 * <p>File layout (big-endian): magic {@code "STRDSNAP"}, format version, run id, limiter inserts, limiter samples,
 * then the buffer state. A snapshot is written to {@code FILE.tmp}, forced to disk and renamed over {@code FILE} in
 * one atomic move, so a crash mid-write leaves the previous snapshot whole. A snapshot of another run, of another
 * shape, truncated or corrupt is refused with an {@link IOException} naming the file and what is wrong; the caller
 * then starts the shard empty and nothing in the buffer it was given is kept from the failed read.
 */
public final class ShardSnapshot {
    /**
     * Where a replay node keeps its shard's snapshot and how often it writes it.
     *
     * @param file  the snapshot file (a node's own: two nodes must not share one)
     * @param every time between snapshots while the shard runs; one more is written when it closes
     */
    public record Policy(Path file, java.time.Duration every) {
        public Policy {
            Objects.requireNonNull(file, "file");
            if (every == null || every.isNegative() || every.isZero()) {
                throw new IllegalArgumentException("snapshot interval must be positive, got " + every);
            }
        }
    }

    /** "STRDSNAP" in ASCII. */
    static final long MAGIC = 0x53545244534E4150L;
    static final int VERSION = 1;

    private final Path file;
    private final long everyNs;
    private long nextNs;
    private long written;
    private long failed;
    private long lastBytes;
    private long lastWriteNs;
    private String lastError;

    /**
     * @param file    where the snapshot lives (its directory is created on first write)
     * @param everyNs time between snapshots while the shard runs (&gt; 0)
     * @param nowNs   the clock now: the first snapshot is due {@code everyNs} later
     */
    public ShardSnapshot(final Path file, final long everyNs, final long nowNs) {
        this.file = Objects.requireNonNull(file, "file");
        if (everyNs <= 0) {
            throw new IllegalArgumentException("snapshot interval must be positive, got " + everyNs + " ns");
        }
        this.everyNs = everyNs;
        this.nextNs = nowNs + everyNs;
    }

    public Path file() {
        return file;
    }

    /** Whether a snapshot is due at {@code nowNs}. */
    boolean due(final long nowNs) {
        return nowNs - nextNs >= 0;
    }

    /**
     * Writes a snapshot now and schedules the next; a failure (full disk, no permission) is counted and kept in
     * {@link #lastError} rather than thrown, since a shard must keep serving without its snapshot.
     *
     * @return whether the snapshot was written
     */
    boolean writeNow(final long runId, final ReplayBuffer buffer, final RateLimiter limiter, final long nowNs) {
        nextNs = nowNs + everyNs;
        final long start = System.nanoTime();
        try {
            lastBytes = write(file, runId, buffer, limiter);
            lastWriteNs = System.nanoTime() - start;
            written++;
            return true;
        } catch (final IOException | RuntimeException e) {
            failed++;
            lastError = "replay snapshot " + file + " not written: " + e.getMessage();
            return false;
        }
    }

    public long written() {
        return written;
    }

    public long failed() {
        return failed;
    }

    /** Bytes of the last snapshot written. */
    public long lastBytes() {
        return lastBytes;
    }

    /** How long the last snapshot took to write, in ns (the shard stops reading frames meanwhile). */
    public long lastWriteNs() {
        return lastWriteNs;
    }

    /** Why the last failed snapshot failed, or null. */
    public String lastError() {
        return lastError;
    }

    /** Writes {@code buffer}'s state and {@code limiter}'s counts to {@code file} atomically; returns its bytes. */
    public static long write(final Path file, final long runId, final ReplayBuffer buffer, final RateLimiter limiter)
        throws IOException {
        final Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        final Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            final OutputStream raw = Channels.newOutputStream(channel);
            final DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
            out.writeLong(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(runId);
            out.writeLong(limiter.inserts());
            out.writeLong(limiter.samples());
            buffer.writeState(out);
            out.flush();
            channel.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return Files.size(file);
    }

    /**
     * Restores {@code buffer} and {@code limiter} from {@code file} if it exists; returns the rows restored, or -1 when
     * there is no snapshot. {@code buffer} must be fresh: on an exception its contents are undefined (discard it),
     * while {@code limiter} is changed only after the whole file has been read.
     *
     * @throws IOException naming the file and the problem: another run's snapshot, another shape, a wrong magic or
     *                     version, a truncated or inconsistent file
     */
    public static long read(final Path file, final long runId, final ReplayBuffer buffer, final RateLimiter limiter)
        throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readLong() != MAGIC) {
                throw new IOException("replay snapshot " + file + " is not a Strider shard snapshot (bad magic)");
            }
            final int version = in.readInt();
            if (version != VERSION) {
                throw new IOException("replay snapshot " + file + " has format version " + version + "; this build "
                    + "reads version " + VERSION);
            }
            final long snapshotRun = in.readLong();
            if (snapshotRun != runId) {
                throw new IOException("replay snapshot " + file + " belongs to run " + snapshotRun + ", not to this "
                    + "run " + runId);
            }
            final long inserts = in.readLong();
            final long samples = in.readLong();
            if (inserts < 0 || samples < 0) {
                throw new IOException("replay snapshot " + file + " has negative limiter counts: " + inserts
                    + " inserts, " + samples + " samples");
            }
            try {
                buffer.readState(in);
            } catch (final EOFException e) {
                throw new IOException("replay snapshot " + file + " is truncated", e);
            } catch (final IOException e) {
                throw new IOException("replay snapshot " + file + ": " + e.getMessage(), e);
            }
            if (in.read() != -1) {
                throw new IOException("replay snapshot " + file + " has bytes after the buffer state");
            }
            if (buffer.added() > inserts) {
                throw new IOException("replay snapshot " + file + " holds " + buffer.added() + " inserted rows but "
                    + "its limiter counted only " + inserts);
            }
            limiter.restore(inserts, samples);
            return buffer.size();
        } catch (final NoSuchFileException e) {
            return -1;
        } catch (final EOFException e) {
            throw new IOException("replay snapshot " + file + " is truncated", e);
        }
    }
}
