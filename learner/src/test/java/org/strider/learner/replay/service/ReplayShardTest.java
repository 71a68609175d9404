package org.strider.learner.replay.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.strider.learner.replay.service.ShardFixture.ACT;
import static org.strider.learner.replay.service.ShardFixture.OBS;
import static org.strider.learner.replay.service.ShardFixture.RUN;
import static org.strider.learner.replay.service.ShardFixture.assertWholeRows;
import static org.strider.learner.replay.service.ShardFixture.awaitStats;

import java.io.IOException;
import java.net.DatagramSocket;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.strider.learner.replay.ReplayBatch;
import org.strider.transport.Channels;
import org.strider.transport.FramePublisher;
import org.strider.transport.StreamIds;
import org.strider.wire.FrameCodec;
import org.strider.wire.RejectReason;
import org.strider.wire.SampleRequest;
import org.strider.wire.TransitionBatch;
import org.strider.wire.WeightFrame;
import org.strider.wire.WireLimits;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReplayShardTest {
    private static final long STATS_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private static ShardConfig config(final int shard, final int maxInsert, final int maxSample) {
        return new ShardConfig(shard, maxInsert, maxSample, 16, 256, STATS_NS);
    }

    @Test
    void shouldAccountForEveryTransitionWhenTwoActorsFeedOneShard() throws InterruptedException {
        try (ShardFixture fixture = new ShardFixture("accounting", 1 << 20)) {
            final ReplayShard shard = fixture.startShard(config(0, 64, 256), 100_000, RateLimiter.minSize(256), 1);
            final ShardSampler sampler = fixture.sampler(0);
            final FramePublisher a = fixture.actorPublisher(0, 64);
            final FramePublisher b = fixture.actorPublisher(0, 64);
            fixture.startActor(a, 1, 200, 64);
            fixture.startActor(b, 2, 150, 64);
            final ReplayBatch batch = new ReplayBatch(256, OBS, ACT);
            int sampledFromA = 0;
            int sampledFromB = 0;
            for (int i = 0; i < 40; i++) {
                assertTrue(sampler.sample(batch));
                for (final int id : assertWholeRows(batch)) {
                    sampledFromA += id / 1_000_000 == 1 ? 1 : 0;
                    sampledFromB += id / 1_000_000 == 2 ? 1 : 0;
                }
            }
            fixture.join();
            final ShardStats stats = awaitStats(shard, s -> s.inserted() == (200 + 150) * 64);
            assertEquals(Map.of(1, 200L * 64, 2, 150L * 64), stats.insertedByActor());
            assertEquals(350, stats.batchesInserted());
            assertEquals(0, stats.sequenceGaps());
            assertEquals(0, stats.rejected());
            // produced = inserted + dropped, per actor, with nothing dropped
            assertEquals(200, a.offered());
            assertEquals(200, a.published());
            assertEquals(0, a.dropped());
            assertEquals(150, b.published());
            assertEquals(0, b.dropped());
            assertEquals(40 * 256, sampledFromA + sampledFromB);
            assertTrue(sampledFromA > 0 && sampledFromB > 0, sampledFromA + " / " + sampledFromB);
            assertEquals(40, sampler.batches());
        }
    }

    @Test
    void shouldAccountForEveryTransitionWhenOverUdpLoopback() throws Exception {
        final ShardStreams udp = new ShardStreams(Channels.udp("127.0.0.1", freeUdpPort()),
            Channels.udp("127.0.0.1", freeUdpPort()), Channels.udp("127.0.0.1", freeUdpPort()));
        try (ShardFixture fixture = new ShardFixture("udp", 1 << 20, udp)) {
            final ReplayShard shard = fixture.startShard(config(0, 64, 256), 100_000, RateLimiter.minSize(256), 8);
            final ShardSampler sampler = fixture.sampler(0);
            final FramePublisher a = fixture.actorPublisher(0, 64);
            final FramePublisher b = fixture.actorPublisher(0, 64);
            fixture.startActor(a, 1, 100, 64);
            fixture.startActor(b, 2, 100, 64);
            final ReplayBatch batch = new ReplayBatch(256, OBS, ACT);
            for (int i = 0; i < 20; i++) {
                assertTrue(sampler.sample(batch));
                assertWholeRows(batch);
            }
            fixture.join();
            final ShardStats stats = awaitStats(shard, s -> s.inserted() == 200 * 64);
            assertEquals(Map.of(1, 100L * 64, 2, 100L * 64), stats.insertedByActor());
            assertEquals(0, stats.sequenceGaps());
            assertEquals(0, stats.rejected());
            assertEquals(0, a.dropped() + b.dropped());
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void shouldHoldSamplesPerInsertWithinErrorBufferWhenLearnerIsEager() throws InterruptedException {
        final int batches = 300;
        final double errorBuffer = 300;
        try (ShardFixture fixture = new ShardFixture("ratio-eager", 1 << 19)) {
            final RateLimiter limiter = RateLimiter.sampleToInsertRatio(4, 512, errorBuffer);
            final ReplayShard shard = fixture.startShard(config(0, 64, 256), 50_000, limiter, 2);
            final ShardSampler sampler = fixture.sampler(0);
            fixture.startActor(fixture.actorPublisher(0, 64), 1, batches, 64, 1);
            // after all inserts a request of 256 is served while samples <= 19200 * 4 - 256 - (4 * 512 - 300),
            // i.e. samples <= 74796: 293 batches of 256; the 294th (prefetched by the 293rd call) waits
            final ReplayBatch batch = new ReplayBatch(256, OBS, ACT);
            double worstError = 0;
            for (int i = 0; i < 293; i++) {
                assertTrue(sampler.sample(batch));
                assertWholeRows(batch);
                final ShardStats stats = shard.stats();
                if (stats.samplesServed() > 0) {
                    worstError = Math.max(worstError, Math.abs(stats.limiterError()));
                }
            }
            fixture.join();
            final ShardStats stats = awaitStats(shard, s -> s.inserted() == batches * 64 && s.pendingRequests() == 1);
            assertTrue(worstError <= errorBuffer, "error " + worstError);
            assertTrue(Math.abs(stats.limiterError()) <= errorBuffer, "error " + stats.limiterError());
            assertEquals(293 * 256, stats.samplesServed());
            assertEquals(-256.0, stats.limiterError()); // (19200 - 512) * 4 - 75008
            assertEquals(4.0, stats.observedSamplesPerInsert(), errorBuffer / (batches * 64 - 512));
            assertTrue(stats.sampleBlockedPolls() > 0, "the learner never waited: it was not eager");
        }
    }

    @Test
    void shouldBackPressureActorsWithoutDropsWhenLearnerIsSlow() throws InterruptedException {
        final int batches = 200;
        final double errorBuffer = 300;
        try (ShardFixture fixture = new ShardFixture("ratio-slow", 1 << 19)) {
            final RateLimiter limiter = RateLimiter.sampleToInsertRatio(4, 512, errorBuffer);
            final ReplayShard shard = fixture.startShard(config(0, 64, 256), 50_000, limiter, 3);
            final ShardSampler sampler = fixture.sampler(0);
            final FramePublisher actor = fixture.actorPublisher(0, 64);
            fixture.startActor(actor, 1, batches, 64);
            final ReplayBatch batch = new ReplayBatch(256, OBS, ACT);
            final int learnerBatches = (batches * 64 * 4 - 4 * 512 + 300 - 256) / 256; // 192
            for (int i = 0; i < learnerBatches; i++) {
                assertTrue(sampler.sample(batch));
                ShardFixture.sleep(1); // the update
                assertTrue(Math.abs(shard.stats().limiterError()) <= errorBuffer, "" + shard.stats());
            }
            fixture.join();
            final ShardStats stats = awaitStats(shard, s -> s.inserted() == batches * 64);
            assertEquals(0, actor.dropped());
            assertEquals(batches, actor.published());
            assertTrue(actor.backPressureWaits() > 0, "the actor never waited: the learner was not slow");
            assertTrue(stats.insertBlockedPolls() > 0);
            assertEquals(0, stats.rejected());
            assertTrue(Math.abs(stats.limiterError()) <= errorBuffer, "" + stats);
        }
    }

    @Test
    void shouldRejectAndCountGarbageWhileServingWhenInsertStreamCarriesJunk() throws InterruptedException {
        try (ShardFixture fixture = new ShardFixture("garbage", 1 << 20)) {
            final ReplayShard shard = fixture.startShard(config(0, 64, 64), 10_000, RateLimiter.minSize(64), 4);
            final ShardSampler sampler = fixture.sampler(0);
            final FramePublisher junk = fixture.actorPublisher(0, 64);
            final FrameCodec codec = new FrameCodec(RUN, WireLimits.DEFAULT);
            final SplittableRandom random = new SplittableRandom(9);
            final UnsafeBuffer bytes = junk.buffer();
            for (int i = 0; i < 20; i++) { // random bytes: no magic
                final int length = 1 + random.nextInt(2000);
                for (int k = 0; k < length; k++) {
                    bytes.putByte(k, (byte) random.nextInt(256));
                }
                assertTrue(junk.offer(length));
            }
            // a weight frame on the insert stream
            assertTrue(junk.offer(codec.encode(new WeightFrame(1, 0, new float[] {1, 2, 3}, 3), bytes, 0)));
            // a transition batch of another shape
            final TransitionBatch wrongShape = new TransitionBatch(7, 0, 0, 1, 3, 1, new float[3], new float[1],
                new float[1], new float[3], new float[1]);
            assertTrue(junk.offer(codec.encode(wrongShape, bytes, 0)));
            // a batch from another run
            final FrameCodec otherRun = new FrameCodec(RUN + 1, WireLimits.DEFAULT);
            final TransitionBatch small = new TransitionBatch(7, 0, 0, 1, OBS, ACT, new float[OBS], new float[ACT],
                new float[1], new float[OBS], new float[1]);
            assertTrue(junk.offer(otherRun.encode(small, bytes, 0)));
            // a batch longer than the shard takes
            final TransitionBatch large = new TransitionBatch(7, 0, 0, 65, OBS, ACT, new float[65 * OBS],
                new float[65 * ACT], new float[65], new float[65 * OBS], new float[65]);
            final int largeLength = codec.encode(large, new UnsafeBuffer(new byte[100_000]), 0);
            final UnsafeBuffer largeBytes = new UnsafeBuffer(new byte[largeLength]);
            codec.encode(large, largeBytes, 0);
            assertTrue(junk.offer(largeBytes, 0, largeLength));

            fixture.startActor(fixture.actorPublisher(0, 64), 1, 20, 64);
            final ReplayBatch batch = new ReplayBatch(64, OBS, ACT);
            for (int i = 0; i < 10; i++) {
                assertTrue(sampler.sample(batch));
                assertWholeRows(batch);
            }
            fixture.join();
            final ShardStats stats = awaitStats(shard, s -> s.inserted() == 20 * 64);
            assertEquals(20, stats.rejected(RejectReason.BAD_MAGIC) + stats.rejected(RejectReason.TOO_SHORT));
            assertEquals(1, stats.rejected(ShardRejectReason.WRONG_TYPE));
            assertEquals(1, stats.rejected(ShardRejectReason.WRONG_SHAPE));
            assertEquals(1, stats.rejected(RejectReason.WRONG_RUN));
            assertEquals(1, stats.rejected(ShardRejectReason.BATCH_TOO_LARGE));
            assertEquals(24, stats.rejected());
            assertEquals(Map.of(1, 20L * 64), stats.insertedByActor());
        }
    }

    @Test
    void shouldKeepTakingInsertsAndHoldRequestsWhenNoLearnerListensForReplies() throws InterruptedException {
        try (ShardFixture fixture = new ShardFixture("no-learner", 1 << 20)) {
            final ReplayShard shard = fixture.startShard(config(0, 64, 64), 10_000, RateLimiter.minSize(64), 11);
            final FramePublisher requests = new FramePublisher(fixture.runtime.aeron().addExclusivePublication(
                Channels.ipc(), StreamIds.sampleRequests(0)), ShardFixture.idle(),
                fixture.running::get, ShardFixture.CONNECT_TIMEOUT_NS, 256);
            final FrameCodec codec = new FrameCodec(RUN, WireLimits.DEFAULT);
            // a request whose learner has gone: nobody subscribes to the reply stream
            assertTrue(requests.offer(codec.encode(new SampleRequest(1, 64), requests.buffer(), 0)));
            final long start = System.nanoTime();
            fixture.startActor(fixture.actorPublisher(0, 64), 1, 50, 64);
            fixture.join();
            final ShardStats stats = awaitStats(shard, s -> s.inserted() == 50 * 64);
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4), "inserts stalled behind the reply");
            assertEquals(1, stats.pendingRequests());
            assertEquals(0, stats.requestsServed());
            assertEquals(0, stats.replyDrops());
            requests.close();
        }
    }

    @Test
    void shouldSendTheNextRequestBeforeReturningWhenSampling() throws InterruptedException {
        try (ShardFixture fixture = new ShardFixture("prefetch", 1 << 20)) {
            final ReplayShard shard = fixture.startShard(config(0, 64, 128), 10_000, RateLimiter.minSize(64), 5);
            final ShardSampler sampler = fixture.sampler(0);
            fixture.startActor(fixture.actorPublisher(0, 64), 1, 10, 64);
            fixture.join();
            awaitStats(shard, s -> s.inserted() == 640);
            final ReplayBatch batch = new ReplayBatch(128, OBS, ACT);
            assertTrue(sampler.sample(batch));
            // no further call: the shard still answers the prefetched request
            final ShardStats stats = awaitStats(shard, s -> s.requestsServed() == 2);
            assertEquals(256, stats.samplesServed());
            assertEquals(2, sampler.requestsSent());
            assertTrue(sampler.sample(batch)); // served from the prefetched reply
            assertWholeRows(batch);
            assertEquals(3, sampler.requestsSent());
        }
    }

    @Test
    void shouldSpreadRowsOverShardsAndAskAgainWhenAShardLeaves() throws InterruptedException {
        try (ShardFixture fixture = new ShardFixture("two-shards", 1 << 20)) {
            final ReplayShard shard0 = fixture.startShard(config(0, 64, 64), 10_000, RateLimiter.minSize(64), 6);
            final ReplayShard shard1 = fixture.startShard(config(1, 64, 64), 10_000, RateLimiter.minSize(64), 7);
            fixture.startActor(fixture.actorPublisher(0, 64), 1, 5, 64);
            fixture.startActor(fixture.actorPublisher(1, 64), 2, 5, 64);
            fixture.join();
            awaitStats(shard0, s -> s.inserted() == 320);
            awaitStats(shard1, s -> s.inserted() == 320);
            final ShardSampler sampler = fixture.sampler(0, 1);
            final ReplayBatch batch = new ReplayBatch(7, OBS, ACT);
            int fromShard0 = 0;
            for (int i = 0; i < 10; i++) {
                assertTrue(sampler.sample(batch));
                int fromActor1 = 0;
                for (final int id : assertWholeRows(batch)) {
                    fromActor1 += id / 1_000_000 == 1 ? 1 : 0;
                }
                assertTrue(fromActor1 == 3 || fromActor1 == 4, "rows from shard 0: " + fromActor1);
                fromShard0 += fromActor1;
            }
            assertEquals(35, fromShard0); // the odd row alternates between the shards
            assertEquals(640, sampler.totalInserts());
            assertEquals(640, sampler.totalSize());
            sampler.removeShard(1);
            assertTrue(sampler.sample(batch)); // the prefetched batch owed rows from shard 1: asked again
            for (final int id : assertWholeRows(batch)) {
                assertEquals(1, id / 1_000_000);
            }
            assertEquals(1, sampler.replans());
            assertEquals(1, sampler.shardCount());
            assertEquals(640, sampler.totalInserts()); // shard 1's inserts still count: the step count never goes back
            assertEquals(320, sampler.totalSize());

            fixture.streams.addTo(sampler, fixture.runtime.aeron(), 1, ShardFixture.idle(), fixture.running::get);
            // shard 1 comes back
            assertTrue(sampler.sample(batch)); // the prefetched batch, from shard 0 alone
            assertTrue(sampler.sample(batch)); // planned over both again
            int fromActor2 = 0;
            for (final int id : assertWholeRows(batch)) {
                fromActor2 += id / 1_000_000 == 2 ? 1 : 0;
            }
            assertTrue(fromActor2 == 3 || fromActor2 == 4, "rows from shard 1: " + fromActor2);
            assertEquals(2, sampler.shardCount());
            ShardFixture.sleep(20); // a stats period
            assertEquals(0, shard1.stats().rejected(), "a shard that joins mid-batch must not get bogus requests");
        }
    }

    @Test
    void shouldFinishTheBatchFromTheShardsLeftWhenAShardStopsAnsweringAndIsRemoved() throws InterruptedException {
        try (ShardFixture fixture = new ShardFixture("shard-leaves", 1 << 20)) {
            final ReplayShard shard0 = fixture.startShard(config(0, 64, 64), 10_000, RateLimiter.minSize(64), 9);
            final ReplayShard shard1 = fixture.startShard(config(1, 64, 64), 10_000, RateLimiter.minSize(64), 10);
            fixture.startActor(fixture.actorPublisher(0, 64), 1, 5, 64);
            fixture.startActor(fixture.actorPublisher(1, 64), 2, 5, 64);
            fixture.join();
            awaitStats(shard0, s -> s.inserted() == 320);
            awaitStats(shard1, s -> s.inserted() == 320);
            fixture.stopShard(1); // shard 1's node is gone: requests to it find no subscriber
            final ShardSampler sampler = fixture.sampler(0, 1);
            final ReplayBatch batch = new ReplayBatch(64, OBS, ACT);
            final Thread controlPlane = new Thread(() -> {
                ShardFixture.sleep(200);
                sampler.removeShard(1);
            });
            controlPlane.start();
            final long start = System.nanoTime();
            assertTrue(sampler.sample(batch)); // waits for shard 1 until the control plane removes it
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(150));
            controlPlane.join();
            for (final int id : assertWholeRows(batch)) {
                assertEquals(1, id / 1_000_000);
            }
            assertEquals(1, sampler.replans());
            assertTrue(sampler.requestRetries() > 0);
            assertTrue(sampler.sample(batch)); // the prefetch went to shard 0 alone
            assertEquals(1, sampler.replans());

            fixture.stopShard(0);
            fixture.running.set(false); // shutdown: a batch that no shard answers is given up
            assertTrue(!sampler.sample(new ReplayBatch(32, OBS, ACT)));
        }
    }
}
