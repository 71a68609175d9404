package org.strider.learner.replay.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.strider.learner.replay.service.ShardFixture.ACT;
import static org.strider.learner.replay.service.ShardFixture.OBS;
import static org.strider.learner.replay.service.ShardFixture.RUN;
import static org.strider.learner.replay.service.ShardFixture.assertWholeRows;
import static org.strider.learner.replay.service.ShardFixture.awaitStats;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.strider.learner.replay.ReplayBatch;
import org.strider.learner.replay.ReplayBuffer;
import org.strider.transport.FramePublisher;
import org.strider.wire.FrameCodec;
import org.strider.wire.RejectReason;
import org.strider.wire.RunKey;
import org.strider.wire.TransitionBatch;
import org.strider.wire.WireLimits;

/**
 * A shard holding run key K over a real embedded Aeron driver (IPC): batches signed with K are inserted and sampled
 * by a learner holding K; batches signed with another key K', unsigned ones, and a K-signed batch carrying NaN are
 * rejected, counted by reason, and never reach the replay buffer.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReplayShardAuthTest {
    private static final RunKey K = RunKey.fromHex("daae9a74294da388af1e6cda31e6a3f73fd60c034be33d02237e7a28758b4967");
    private static final RunKey K_PRIME = RunKey.fromHex(
        "24954bb75a452eb08e1a05fb07ab0486dc5448acecf930d42cb5535b55a3773b");
    private static final int ROWS = 64;

    @Test
    void shouldInsertOnlyFramesSignedWithTheShardsKey() throws InterruptedException {
        try (ShardFixture fixture = new ShardFixture("auth", 1 << 20)) {
            final ReplayShard shard = startSigned(fixture, 21);
            final FrameCodec learnerCodec = new FrameCodec(RUN, WireLimits.DEFAULT, K);
            final ShardSampler sampler = new ShardSampler(learnerCodec, ShardFixture.idle(), fixture.running::get);
            try {
                fixture.streams.addTo(sampler, fixture.runtime.aeron(), 0, ShardFixture.idle(), fixture.running::get);
                sampler.applyChanges();
                final FramePublisher ours = fixture.actorPublisher(0, ROWS);
                final FramePublisher foreign = fixture.actorPublisher(0, ROWS);
                final FramePublisher unsigned = fixture.actorPublisher(0, ROWS);
                publish(ours, new FrameCodec(RUN, WireLimits.DEFAULT, K), 1, 10, false);
                publish(foreign, new FrameCodec(RUN, WireLimits.DEFAULT, K_PRIME), 2, 5, false);
                publish(unsigned, new FrameCodec(RUN, WireLimits.DEFAULT), 3, 3, false);
                publish(ours, new FrameCodec(RUN, WireLimits.DEFAULT, K), 1, 1, true);

                final ShardStats stats = awaitStats(shard, s -> s.inserted() == 10 * ROWS && s.rejected() == 9);
                assertEquals(5, stats.rejected(RejectReason.BAD_MAC), stats.toString());
                assertEquals(3, stats.rejected(RejectReason.UNAUTHENTICATED), stats.toString());
                assertEquals(1, stats.rejected(RejectReason.NON_FINITE), stats.toString());
                assertEquals(Map.of(1, 10L * ROWS), stats.insertedByActor(), "nothing from K' or unsigned");
                assertEquals(10 * ROWS, stats.size());

                // The learner (key K) samples only whole rows of actor 1's signed batches.
                final ReplayBatch batch = new ReplayBatch(ROWS, OBS, ACT);
                for (int i = 0; i < 5; i++) {
                    assertTrue(sampler.sample(batch));
                    for (final int id : assertWholeRows(batch)) {
                        assertEquals(1, id / 1_000_000, "row " + id + " came from another actor");
                    }
                }
                assertEquals(0, learnerCodec.rejects().total(), "the shard's replies are signed with K: "
                    + learnerCodec.lastRejection());
            } finally {
                CloseHelper.close(sampler);
            }
        }
    }

    @Test
    void shouldRejectACapturedSignedBatchSentAgainAsReplayed() throws InterruptedException {
        try (ShardFixture fixture = new ShardFixture("replayed", 1 << 20)) {
            final ReplayShard shard = startSigned(fixture, 22);
            final FrameCodec actor = new FrameCodec(RUN, WireLimits.DEFAULT, K);
            final FramePublisher honest = fixture.actorPublisher(0, ROWS);
            publish(honest, actor, 4, 5, false); // sequences 0..4
            awaitStats(shard, s -> s.inserted() == 5 * ROWS);

            // An eavesdropper re-sends actor 4's batch 2, byte for byte (its MAC verifies), from its own stream.
            final FramePublisher eavesdropper = fixture.actorPublisher(0, ROWS);
            final int length = actor.encode(batch(4, 2), eavesdropper.buffer(), 0);
            assertTrue(eavesdropper.offer(length));
            assertTrue(eavesdropper.offer(length));
            final ShardStats replayed = awaitStats(shard, s -> s.rejected() == 2);
            assertEquals(2, replayed.rejected(ShardRejectReason.REPLAYED), replayed.toString());
            assertEquals(5 * ROWS, replayed.inserted(), "a replayed batch must not be inserted");

            // The actor's next batch is still taken; nothing was counted as a gap.
            assertTrue(honest.offer(actor.encode(batch(4, 5), honest.buffer(), 0)));
            final ShardStats after = awaitStats(shard, s -> s.inserted() == 6 * ROWS);
            assertEquals(Map.of(4, 6L * ROWS), after.insertedByActor());
            assertEquals(0, after.sequenceGaps());
            assertEquals(2, after.rejected());
        }
    }

    /** A shard holding key K, its loop running until the fixture closes. */
    private static ReplayShard startSigned(final ShardFixture fixture, final long seed) {
        return fixture.start(fixture.openShard(new ShardConfig(0, ROWS, ROWS, 16, 256,
            TimeUnit.MILLISECONDS.toNanos(1)), new ReplayBuffer(10_000, OBS, ACT, seed), RateLimiter.minSize(ROWS),
            new FrameCodec(RUN, WireLimits.DEFAULT, K)));
    }

    private static TransitionBatch batch(final int actorId, final long sequence) {
        return new TransitionBatch(actorId, sequence, 0, ROWS, OBS, ACT, new float[ROWS * OBS], new float[ROWS * ACT],
            new float[ROWS], new float[ROWS * OBS], new float[ROWS]);
    }

    /** {@code batches} batches of {@link #ROWS} rows from {@code actorId}, the last row's reward NaN if asked. */
    private static void publish(final FramePublisher publisher, final FrameCodec codec, final int actorId,
        final int batches, final boolean nan) {
        final float[] obs = new float[ROWS * OBS];
        final float[] action = new float[ROWS * ACT];
        final float[] reward = new float[ROWS];
        final float[] next = new float[ROWS * OBS];
        final float[] terminated = new float[ROWS];
        int id = actorId * 1_000_000 + (nan ? 500_000 : 0);
        for (int b = 0; b < batches; b++) {
            for (int r = 0; r < ROWS; r++, id++) {
                ShardFixture.fill(id, r, obs, action, reward, next, terminated);
            }
            if (nan) {
                reward[ROWS - 1] = Float.NaN;
            }
            final TransitionBatch batch = new TransitionBatch(actorId, nan ? 100 + b : b, 0, ROWS, OBS, ACT, obs,
                action, reward, next, terminated);
            assertTrue(publisher.offer(codec.encode(batch, publisher.buffer(), 0)));
        }
    }
}
