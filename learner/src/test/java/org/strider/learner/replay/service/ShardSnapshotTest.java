package org.strider.learner.replay.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.strider.learner.replay.service.ShardFixture.ACT;
import static org.strider.learner.replay.service.ShardFixture.OBS;
import static org.strider.learner.replay.service.ShardFixture.RUN;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.strider.learner.replay.ReplayBatch;
import org.strider.learner.replay.ReplayBuffer;
import org.strider.wire.FrameCodec;
import org.strider.wire.WireLimits;

/** A shard's snapshot: what it keeps, the files it refuses, and a shard restarted from one over real Aeron IPC. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShardSnapshotTest {
    private static final int CAPACITY = 500;

    @TempDir
    Path dir;

    @Test
    void shouldRestoreRowsRingPositionSamplerAndLimiterCounts() throws IOException {
        final ReplayBuffer buffer = filled(CAPACITY + 137, 3); // wrapped: the ring position matters
        final RateLimiter limiter = RateLimiter.sampleToInsertRatio(4, 64, 1000);
        limiter.inserted(CAPACITY + 137);
        limiter.sampled(2048);
        final Path file = dir.resolve("shard.snap");
        final long bytes = ShardSnapshot.write(file, RUN, buffer, limiter);
        assertEquals(Files.size(file), bytes);
        assertEquals(36 + buffer.stateBytes(), bytes, "header + buffer state");
        assertFalse(Files.exists(dir.resolve("shard.snap.tmp")), "the temporary file is renamed away");

        final ReplayBuffer restored = new ReplayBuffer(CAPACITY, OBS, ACT, 99);
        final RateLimiter restoredLimiter = RateLimiter.sampleToInsertRatio(4, 64, 1000);
        assertEquals(CAPACITY, ShardSnapshot.read(file, RUN, restored, restoredLimiter));
        assertEquals(CAPACITY + 137, restored.added());
        assertEquals(CAPACITY + 137, restoredLimiter.inserts());
        assertEquals(2048, restoredLimiter.samples());
        // Same rows, same ring position, same sampling stream: the next samples and overwrites agree.
        final ReplayBatch a = new ReplayBatch(64, OBS, ACT);
        final ReplayBatch b = new ReplayBatch(64, OBS, ACT);
        buffer.sample(a);
        restored.sample(b);
        assertArrayEquals(a.obs, b.obs);
        assertArrayEquals(a.reward, b.reward);
        assertArrayEquals(a.terminated, b.terminated);
    }

    @Test
    void shouldReportNoSnapshotWhenTheFileIsMissing() throws IOException {
        final RateLimiter limiter = RateLimiter.minSize(1);
        assertEquals(-1, ShardSnapshot.read(dir.resolve("none.snap"), RUN, new ReplayBuffer(10, OBS, ACT, 1),
            limiter));
        assertEquals(0, limiter.inserts());
    }

    @Test
    void shouldRefuseAnotherRunsShapeOrACorruptFileNamingTheFile() throws IOException {
        final Path file = dir.resolve("shard.snap");
        final RateLimiter limiter = RateLimiter.minSize(1);
        limiter.inserted(200);
        ShardSnapshot.write(file, RUN, filled(200, 4), limiter);

        assertRefused("belongs to run " + RUN + ", not to this run " + (RUN + 1), file, RUN + 1,
            new ReplayBuffer(CAPACITY, OBS, ACT, 1));
        assertRefused("replay state is for capacity 500, obs 24, action 4; this buffer has capacity 500, obs 3",
            file, RUN, new ReplayBuffer(CAPACITY, 3, ACT, 1));

        final byte[] whole = Files.readAllBytes(file);
        final Path truncated = Files.write(dir.resolve("truncated.snap"), Arrays.copyOf(whole, whole.length - 100));
        assertRefused("is truncated", truncated, RUN, new ReplayBuffer(CAPACITY, OBS, ACT, 1));
        final byte[] badMagic = whole.clone();
        badMagic[0] ^= 1;
        assertRefused("not a Strider shard snapshot", Files.write(dir.resolve("magic.snap"), badMagic), RUN,
            new ReplayBuffer(CAPACITY, OBS, ACT, 1));
        final byte[] badVersion = whole.clone();
        badVersion[11] = 9;
        assertRefused("format version 9", Files.write(dir.resolve("version.snap"), badVersion), RUN,
            new ReplayBuffer(CAPACITY, OBS, ACT, 1));
        final byte[] trailing = Arrays.copyOf(whole, whole.length + 1);
        assertRefused("bytes after the buffer state", Files.write(dir.resolve("trailing.snap"), trailing), RUN,
            new ReplayBuffer(CAPACITY, OBS, ACT, 1));
        final byte[] inconsistent = whole.clone();
        inconsistent[36 + 16 + 3] = (byte) 201; // size 201 with next 200 in a buffer not yet full
        assertRefused("inconsistent", Files.write(dir.resolve("size.snap"), inconsistent), RUN,
            new ReplayBuffer(CAPACITY, OBS, ACT, 1));
    }

    @Test
    void shouldCountAFailedWriteAndKeepThePreviousSnapshot() throws IOException {
        final Path file = dir.resolve("shard.snap");
        final RateLimiter limiter = RateLimiter.minSize(1);
        final ShardSnapshot snapshot = new ShardSnapshot(file, 1, 0);
        assertTrue(snapshot.writeNow(RUN, filled(10, 5), limiter, 1));
        final byte[] before = Files.readAllBytes(file);
        Files.createDirectory(dir.resolve("shard.snap.tmp")); // the temporary path is taken: the write must fail
        assertFalse(snapshot.writeNow(RUN, filled(20, 6), limiter, 2));
        assertEquals(1, snapshot.written());
        assertEquals(1, snapshot.failed());
        assertTrue(snapshot.lastError().startsWith("replay snapshot " + file + " not written"), snapshot.lastError());
        assertArrayEquals(before, Files.readAllBytes(file), "the previous snapshot is whole");
    }

    @Test
    void shouldServeTheSameRowsAfterTheShardIsRestartedFromItsSnapshot() throws InterruptedException, IOException {
        final Path file = dir.resolve("replay-0.snap");
        try (ShardFixture fixture = new ShardFixture("snapshot", 1 << 20)) {
            final ShardConfig config = new ShardConfig(0, 64, 64, 16, 256, TimeUnit.MILLISECONDS.toNanos(1));
            // snapshotTo before the loop starts, as ReplayShard asks: the loop reads it unsynchronised.
            final ReplayShard first = fixture.start(fixture.openShard(config, new ReplayBuffer(10_000, OBS, ACT, 31),
                RateLimiter.minSize(64), new FrameCodec(RUN, WireLimits.DEFAULT))
                .snapshotTo(new ShardSnapshot(file, TimeUnit.MILLISECONDS.toNanos(20), System.nanoTime()), RUN));
            fixture.startActor(fixture.actorPublisher(0, 64), 1, 20, 64);
            ShardFixture.awaitStats(first, s -> s.inserted() == 20 * 64);
            fixture.stopShard(0); // closing writes a last snapshot
            final ShardSnapshot written = first.shardSnapshot();
            assertTrue(written.written() >= 1, "at least the closing snapshot");
            assertEquals(0, written.failed(), written.lastError());
            assertNull(written.lastError());

            final ReplayBuffer buffer = new ReplayBuffer(10_000, OBS, ACT, 32);
            final RateLimiter limiter = RateLimiter.minSize(64);
            assertEquals(20 * 64, ShardSnapshot.read(file, RUN, buffer, limiter));
            final ReplayShard second = fixture.start(fixture.openShard(config, buffer, limiter,
                new FrameCodec(RUN, WireLimits.DEFAULT)).restoredFrom(buffer.added()));
            final ShardSampler sampler = fixture.sampler(0);
            final ReplayBatch batch = new ReplayBatch(64, OBS, ACT);
            for (int i = 0; i < 5; i++) {
                assertTrue(sampler.sample(batch), "the restored shard serves without a new insert");
                for (final int id : ShardFixture.assertWholeRows(batch)) {
                    assertTrue(id >= 1_000_000 && id < 1_000_000 + 20 * 64, "row " + id);
                }
            }
            final ShardStats stats = ShardFixture.awaitStats(second, s -> s.samplesServed() >= 5 * 64);
            assertEquals(20 * 64, stats.size());
            assertEquals(20 * 64, stats.inserted(), "the limiter's insert count came back too");
            // The restored rows were counted by the run when first inserted: the learner's count starts after.
            assertEquals(0, sampler.totalInserts(), "restored inserts must not count as new env steps");
            fixture.startActor(fixture.actorPublisher(0, 64), 2, 2, 64).join();
            ShardFixture.awaitStats(second, s -> s.inserted() == 22 * 64);
            for (int i = 0; i < 3; i++) {
                assertTrue(sampler.sample(batch));
            }
            assertEquals(2 * 64, sampler.totalInserts(), "only the inserts after the restore count");
        }
    }

    private static ReplayBuffer filled(final int rows, final long seed) {
        final ReplayBuffer buffer = new ReplayBuffer(CAPACITY, OBS, ACT, seed);
        final float[] obs = new float[OBS];
        final float[] action = new float[ACT];
        final float[] next = new float[OBS];
        for (int i = 0; i < rows; i++) {
            Arrays.fill(obs, i);
            Arrays.fill(next, i + 1);
            Arrays.fill(action, (i % 10) / 10f);
            buffer.add(obs, action, i * 0.5f, next, i % 5 == 0);
        }
        return buffer;
    }

    private static void assertRefused(final String expected, final Path file, final long runId,
        final ReplayBuffer buffer) {
        final IOException e = assertThrows(IOException.class,
            () -> ShardSnapshot.read(file, runId, buffer, RateLimiter.minSize(1)));
        assertTrue(e.getMessage().contains(expected) && e.getMessage().contains(file.toString()), e.getMessage());
    }
}
