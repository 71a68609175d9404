package org.strider.learner.replay.service;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.strider.learner.replay.ReplayBatch;
import org.strider.transport.FrameHandler;
import org.strider.transport.FramePoller;
import org.strider.transport.FramePublisher;
import org.strider.wire.DataFrame;
import org.strider.wire.FrameCodec;
import org.strider.wire.SampleReply;
import org.strider.wire.SampleRequest;

/**
 * The learner's side of sampling: fills a {@link ReplayBatch} with rows from every replay shard, {@code size / S}
 * from each of S shards (the remainder goes one row each to shards taken in turn, so it spreads over batches).
 *
 * <p>Prefetch: once {@link #sample} has filled {@code out}, it sends the requests for the next batch of the same
 * size before returning, so the shards sample and the replies travel while the learner runs its update; the next
 * call mostly finds them waiting in the Aeron logs. The calling loop is simply:
 * <pre>{@code
 *   while (sampler.sample(batch)) { update(batch); }
 * }</pre>
 *
 * <p>{@link #addShard} and {@link #removeShard} may be called from any thread (the control plane); the sampling
 * thread applies them at its next {@link #sample} call or wait. A new shard takes part from the next request; when
 * a shard that owes rows of the batch in flight is removed, that batch is requested again from the shards left
 * (replies to the abandoned requests are recognised by id and ignored). Apart from that, one thread.
 *
 * <p>Request publishers should have a connect timeout of 0 ({@link ShardStreams#addTo} does so): a request to a
 * shard that is not (or no longer) subscribed then fails at once and is offered again on each wait, instead of
 * blocking the learner; a shard that has left is dropped with {@link #removeShard}.
 */
public final class ShardSampler implements AutoCloseable {
    private final FrameCodec codec;
    private final IdleStrategy idle;
    private final BooleanSupplier running;
    private final List<Shard> shards = new ArrayList<>();
    private final Queue<Runnable> changes = new ConcurrentLinkedQueue<>();
    private ReplayBatch target;
    private boolean inFlight;
    private int plannedRows;
    private int remaining;
    private long nextRequestId = 1;
    private long batches;
    private long rotation;
    private long requestsSent;
    private long requestRetries;
    private long ignoredReplies;
    private long replans;
    /** Inserts the removed shards had reported: their transitions were taken, so the run's step count keeps them. */
    private long retiredInserts;

    /**
     * @param codec   this sampler's codec (encodes requests, decodes replies)
     * @param idle    how to wait for replies
     * @param running {@link #sample} gives up (returns false) once this turns false
     */
    public ShardSampler(final FrameCodec codec, final IdleStrategy idle, final BooleanSupplier running) {
        this.codec = codec;
        this.idle = idle;
        this.running = running;
    }

    /**
     * Adds shard {@code shardId}, reached through {@code requests} and answering on {@code replies} (owned now). A
     * shard already known under that id is replaced (its streams closed).
     */
    public void addShard(final int shardId, final FramePublisher requests, final FramePoller replies) {
        addShard(shardId, requests, replies, 0);
    }

    /**
     * {@link #addShard(int, FramePublisher, FramePoller)} for a shard whose first {@code countedBefore} inserts the
     * run's step count already holds (a shard that outlived its learner: the restarted learner's checkpoint counted
     * them); {@link #totalInserts} counts only its inserts beyond those.
     */
    public void addShard(final int shardId, final FramePublisher requests, final FramePoller replies,
        final long countedBefore) {
        if (requests.buffer().capacity() < FrameCodec.sampleRequestLength()) {
            throw new IllegalArgumentException("request buffer of " + requests.buffer().capacity() + " bytes is too "
                + "small for a sample request");
        }
        if (countedBefore < 0) {
            throw new IllegalArgumentException("inserts counted before must be >= 0, got " + countedBefore);
        }
        changes.add(() -> {
            remove(shardId); // a shard that rejoins under its id replaces its old streams
            shards.add(new Shard(shardId, requests, replies, countedBefore));
        });
    }

    /**
     * How many of shard {@code shardId}'s own inserts (as it counts them) the run's step count holds: those counted
     * before it was added, or all it reported since if more; -1 for a shard not sampled now. Sampling thread only.
     */
    public long countedInserts(final int shardId) {
        for (int i = 0; i < shards.size(); i++) {
            final Shard shard = shards.get(i);
            if (shard.id == shardId) {
                return Math.max(shard.countedBefore, shard.inserts);
            }
        }
        return -1;
    }

    /** Stops sampling shard {@code shardId} and closes its streams; a no-op for an unknown shard. */
    public void removeShard(final int shardId) {
        changes.add(() -> remove(shardId));
    }

    private void remove(final int shardId) {
        for (int i = 0; i < shards.size(); i++) {
            final Shard shard = shards.get(i);
            if (shard.id == shardId) {
                shards.remove(i);
                retiredInserts += shard.newInserts();
                if (inFlight && shard.rows > 0 && !shard.received) {
                    inFlight = false; // the batch in flight lacks this shard's rows: ask again
                    replans++;
                }
                CloseHelper.closeAll(shard.requests, shard.replies);
                return;
            }
        }
    }

    /** Applies pending {@link #addShard}/{@link #removeShard} calls (done by {@link #sample} too). */
    public void applyChanges() {
        Runnable change;
        while ((change = changes.poll()) != null) {
            change.run();
        }
    }

    /**
     * Fills every row of {@code out} from the shards, then sends the requests for the next batch of the same size.
     *
     * @return true when {@code out} is full; false if {@code running} turned false first
     * @throws IllegalStateException if no shard is left to sample
     */
    public boolean sample(final ReplayBatch out) {
        applyChanges();
        if (!inFlight || plannedRows != out.size) {
            request(out.size);
        }
        target = out;
        Arrays.fill(out.index, -1);
        idle.reset();
        try {
            while (remaining > 0) {
                int work = 0;
                for (int i = 0; i < shards.size(); i++) {
                    final Shard shard = shards.get(i);
                    if (!shard.sent) {
                        work += send(shard);
                    }
                    if (!shard.received) {
                        work += shard.replies.poll(shard.onReply, 64);
                    }
                }
                if (remaining == 0) {
                    break;
                }
                if (!running.getAsBoolean()) {
                    inFlight = false; // ask afresh next time: this batch's rows may be half in another array
                    return false;
                }
                idle.idle(work);
                if (!changes.isEmpty()) {
                    applyChanges();
                    if (!inFlight) {
                        request(out.size);
                    }
                }
            }
        } finally {
            target = null;
        }
        batches++;
        request(out.size); // prefetch: the next batch is sampled while the caller updates
        return true;
    }

    private void request(final int rows) {
        final int count = shards.size();
        if (count == 0) {
            throw new IllegalStateException("no replay shard to sample from");
        }
        final int base = rows / count;
        final int extra = rows % count;
        final int first = (int) (rotation++ % count);
        int offset = 0;
        int owing = 0;
        for (int k = 0; k < count; k++) {
            final Shard shard = shards.get((first + k) % count);
            shard.rowOffset = offset;
            shard.rows = base + (k < extra ? 1 : 0);
            shard.requestId = nextRequestId++;
            shard.received = shard.rows == 0;
            shard.sent = shard.rows == 0;
            offset += shard.rows;
            owing += shard.rows > 0 ? 1 : 0;
        }
        for (int i = 0; i < count; i++) {
            final Shard shard = shards.get(i);
            if (!shard.sent) {
                send(shard);
            }
        }
        plannedRows = rows;
        remaining = owing;
        inFlight = true;
    }

    private int send(final Shard shard) {
        final int length = codec.encode(new SampleRequest(shard.requestId, shard.rows), shard.requests.buffer(), 0);
        if (shard.requests.offer(length)) {
            shard.sent = true;
            requestsSent++;
            return 1;
        }
        requestRetries++; // no shard subscribed (yet, or any more): offered again on the next wait
        return 0;
    }

    private void onReply(final Shard shard, final DirectBuffer buffer, final int offset, final int length) {
        final DataFrame frame = codec.decode(buffer, offset, length);
        if (!(frame instanceof SampleReply)) {
            ignoredReplies++; // counted by the codec when it did not decode
            return;
        }
        final SampleReply reply = (SampleReply) frame;
        final ReplayBatch out = target;
        if (out == null || shard.received || reply.requestId() != shard.requestId || reply.count() != shard.rows
            || reply.obsDim() != out.obsSize || reply.actionDim() != out.actionSize) {
            ignoredReplies++;
            return;
        }
        final int rows = reply.count();
        final int at = shard.rowOffset;
        System.arraycopy(reply.obs(), 0, out.obs, at * out.obsSize, rows * out.obsSize);
        System.arraycopy(reply.actions(), 0, out.action, at * out.actionSize, rows * out.actionSize);
        System.arraycopy(reply.rewards(), 0, out.reward, at, rows);
        System.arraycopy(reply.nextObs(), 0, out.nextObs, at * out.obsSize, rows * out.obsSize);
        System.arraycopy(reply.terminated(), 0, out.terminated, at, rows);
        shard.received = true;
        shard.inserts = reply.shardInserts();
        shard.size = reply.shardSize();
        remaining--;
    }

    /**
     * Transitions ever inserted into the shards, as their latest replies reported: the shards sampled now (one that
     * has not replied yet counts 0) plus what removed shards had reported when they left (a shard that died took its
     * transitions with it, but they were inserted and sampled: the run's step count does not go back). A shard that
     * rejoins under its id counts from its own 0 again; one added with inserts counted before counts only those
     * beyond them. Sampling thread only.
     */
    public long totalInserts() {
        long total = retiredInserts;
        for (int i = 0; i < shards.size(); i++) {
            total += shards.get(i).newInserts();
        }
        return total;
    }

    /** Transitions held by the shards sampled now, as their latest replies reported. Sampling thread only. */
    public long totalSize() {
        long total = 0;
        for (int i = 0; i < shards.size(); i++) {
            total += shards.get(i).size;
        }
        return total;
    }

    public int shardCount() {
        return shards.size();
    }

    /** Batches filled. */
    public long batches() {
        return batches;
    }

    public long requestsSent() {
        return requestsSent;
    }

    /** Request offers that found no shard subscribed, each offered again on the next wait. */
    public long requestRetries() {
        return requestRetries;
    }

    /** Replies not matching an open request (abandoned after a shard left, or foreign). */
    public long ignoredReplies() {
        return ignoredReplies;
    }

    /** Batches requested again because a shard that owed rows was removed. */
    public long replans() {
        return replans;
    }

    @Override
    public void close() {
        applyChanges();
        for (final Shard shard : shards) {
            CloseHelper.closeAll(shard.requests, shard.replies);
        }
        shards.clear();
    }

    /** One shard's streams and its part of the batch in flight. */
    private final class Shard {
        final int id;
        final FramePublisher requests;
        final FramePoller replies;
        final FrameHandler onReply;
        long requestId;
        int rowOffset;
        int rows;
        boolean sent;
        boolean received;
        long inserts;
        long size;
        /** Its inserts the run had counted before it was added (see {@link #addShard}). */
        final long countedBefore;

        Shard(final int id, final FramePublisher requests, final FramePoller replies, final long countedBefore) {
            this.id = id;
            this.countedBefore = countedBefore;
            this.requests = requests;
            this.replies = replies;
            this.onReply = (buffer, offset, length) -> ShardSampler.this.onReply(this, buffer, offset, length);
            this.sent = true; // owes nothing until the next request plans it in
            this.received = true;
        }

        /** Its inserts the run's count does not hold yet (0 before its first reply). */
        long newInserts() {
            return Math.max(0, inserts - countedBefore);
        }
    }
}
