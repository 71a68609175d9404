package org.strider.learner.replay.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.strider.learner.replay.service.ShardFixture.ACT;
import static org.strider.learner.replay.service.ShardFixture.OBS;
import static org.strider.learner.replay.service.ShardFixture.RUN;
import static org.strider.learner.replay.service.ShardFixture.awaitStats;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.strider.learner.replay.ReplayBatch;
import org.strider.transport.Channels;
import org.strider.transport.FramePoller;
import org.strider.transport.FramePublisher;
import org.strider.transport.StreamIds;
import org.strider.wire.FrameCodec;
import org.strider.wire.WireLimits;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShardSamplerTest {
    @Test
    void shouldCountOnlyTheInsertsBeyondThoseCountedBeforeWhenAShardOutlivedItsLearner() throws InterruptedException {
        try (ShardFixture fixture = new ShardFixture("counted-before", 1 << 20)) {
            final ReplayShard shard = fixture.startShard(new ShardConfig(0, 64, 64, 16, 256, 1_000_000), 10_000,
                RateLimiter.minSize(64), 3);
            fixture.startActor(fixture.actorPublisher(0, 64), 1, 10, 64);
            fixture.join();
            awaitStats(shard, s -> s.inserted() == 640);
            // A restarted learner whose checkpoint counted the shard's first 500 inserts.
            final ShardSampler sampler = new ShardSampler(new FrameCodec(RUN, WireLimits.DEFAULT),
                ShardFixture.idle(), fixture.running::get);
            add(fixture, sampler, 500);
            assertEquals(0, sampler.totalInserts(), "nothing before the shard's first reply");
            assertEquals(500, sampler.countedInserts(0));
            final ReplayBatch batch = new ReplayBatch(64, OBS, ACT);
            assertTrue(sampler.sample(batch));
            assertEquals(140, sampler.totalInserts(), "640 inserted, 500 of them counted before");
            assertEquals(640, sampler.countedInserts(0), "what a checkpoint now would mark");
            assertEquals(-1, sampler.countedInserts(1), "no such shard");
            sampler.removeShard(0);
            sampler.applyChanges();
            assertEquals(140, sampler.totalInserts(), "a shard that left keeps what it added to the count");
            sampler.close();
        }
    }

    @Test
    void shouldRefuseANegativeCountWhenAddingAShard() throws InterruptedException {
        try (ShardFixture fixture = new ShardFixture("counted-negative", 1 << 20)) {
            final ShardSampler sampler = new ShardSampler(new FrameCodec(RUN, WireLimits.DEFAULT),
                ShardFixture.idle(), fixture.running::get);
            assertThrows(IllegalArgumentException.class, () -> add(fixture, sampler, -1));
            sampler.close();
        }
    }

    private static void add(final ShardFixture fixture, final ShardSampler sampler, final long countedBefore) {
        final FramePublisher requests = new FramePublisher(fixture.runtime.aeron().addExclusivePublication(
            Channels.ipc(), StreamIds.sampleRequests(0)), ShardFixture.idle(), fixture.running::get, 0,
            FrameCodec.sampleRequestLength());
        final FramePoller replies = new FramePoller(fixture.runtime.aeron().addSubscription(Channels.ipc(),
            StreamIds.sampleReplies(0)));
        try {
            sampler.addShard(0, requests, replies, countedBefore);
        } catch (final IllegalArgumentException e) {
            requests.close();
            replies.close();
            throw e;
        }
        sampler.applyChanges();
    }
}
