package org.strider.learner.replay.service;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import java.util.HashMap;
import java.util.Map;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.strider.learner.replay.ReplayBatch;
import org.strider.learner.replay.ReplayBuffer;
import org.strider.transport.ControlledFrameHandler;
import org.strider.transport.FramePoller;
import org.strider.transport.FramePublisher;
import org.strider.wire.DataFrame;
import org.strider.wire.FrameCodec;
import org.strider.wire.RejectReason;
import org.strider.wire.SampleReply;
import org.strider.wire.SampleRequest;
import org.strider.wire.TransitionBatch;

/**
 * One replay shard's loop, an Agrona {@link org.agrona.concurrent.Agent}: a {@link ReplayBuffer} behind an insert
 * stream and a sample request/reply pair, paced by a {@link RateLimiter}. Each duty cycle:
 * <ol>
 *   <li>reads transition batches while the limiter lets each in: a batch it holds back is left in the Aeron log
 *       (controlled poll, {@code ABORT}) and the stream is not read again until that many rows may go in. When the
 *       learner is behind, the log fills and the actors' publishers wait (back-pressure, no drops);</li>
 *   <li>reads sample requests into a FIFO of pending requests (when it is full they stay in the log);</li>
 *   <li>answers pending requests in order, each once the limiter lets it sample that many rows; the reply goes to
 *       the learner on this shard's reply stream. While no learner is subscribed to it, requests wait rather than
 *       block the loop, so inserts go on.</li>
 * </ol>
 * A frame that does not decode, has the wrong type or shape, or that the buffer refuses is dropped and counted per
 * reason; nothing a peer sends stops the loop. The loop owns the buffer, limiter, codec and transport it is given
 * (closes the transport in {@link #onClose()}); {@link #stats()} may be called from any thread.
 */
public final class ReplayShard implements org.agrona.concurrent.Agent {
    private final ShardConfig config;
    private final ReplayBuffer buffer;
    private final RateLimiter limiter;
    private final FrameCodec codec;
    private final FramePoller inserts;
    private final FramePoller requests;
    private final FramePublisher replies;
    private final ControlledFrameHandler onInsert = this::onInsert;
    private final ControlledFrameHandler onRequest = this::onRequest;
    private final ActorCounts actors = new ActorCounts();
    private final long[] shardRejects = new long[ShardRejectReason.values().length];
    private final Int2ObjectHashMap<ReplayBatch> batchesBySize = new Int2ObjectHashMap<>();
    private final long[] pendingIds;
    private final int[] pendingCounts;
    private int pendingHead;
    private int pendingSize;
    /** Rows of the last batch the limiter held back (1 when none): no poll until that many may go in. */
    private int heldBackRows = 1;
    private long batchesInserted;
    private long samplesServed;
    private long requestsServed;
    private long replyDrops;
    private long nextStatsNs;
    private volatile ShardStats stats;
    /** Null unless {@link #snapshotTo} was called. */
    private ShardSnapshot snapshotFile;
    private long snapshotRunId;
    /** Inserts a restored snapshot brought (counted by the run before): replies report only those after. */
    private long restoredInserts;

    /**
     * @param config   loop settings; its batch sizes are checked against the limiter ({@link
     *                 RateLimiter#requireNoDeadlock})
     * @param buffer   the shard's storage; its capacity must hold the limiter's min size
     * @param limiter  paces inserts against samples
     * @param codec    decodes inserts and requests, encodes replies (this loop's own)
     * @param inserts  transition batches from actors
     * @param requests sample requests from the learner
     * @param replies  sample replies to the learner; its buffer must hold a reply of {@code maxSampleBatch} rows
     */
    public ReplayShard(final ShardConfig config, final ReplayBuffer buffer, final RateLimiter limiter,
        final FrameCodec codec, final FramePoller inserts, final FramePoller requests, final FramePublisher replies) {
        if (buffer.capacity() < limiter.minSizeToSample()) {
            throw new IllegalArgumentException("replay capacity " + buffer.capacity() + " is below the limiter's min "
                + "size " + limiter.minSizeToSample() + ": sampling would never start");
        }
        limiter.requireNoDeadlock(config.maxInsertBatch(), config.maxSampleBatch());
        final long replyBytes = FrameCodec.sampleReplyLength(config.maxSampleBatch(), buffer.obsSize(),
            buffer.actionSize());
        if (replies.buffer().capacity() < replyBytes) {
            throw new IllegalArgumentException("reply buffer of " + replies.buffer().capacity() + " bytes cannot hold"
                + " a reply of " + config.maxSampleBatch() + " rows (" + replyBytes + " bytes)");
        }
        if (replyBytes > replies.maxMessageLength()) {
            throw new IllegalArgumentException("a reply of " + config.maxSampleBatch() + " rows (" + replyBytes
                + " bytes) exceeds the reply publication's max message length " + replies.maxMessageLength());
        }
        this.config = config;
        this.buffer = buffer;
        this.limiter = limiter;
        this.codec = codec;
        this.inserts = inserts;
        this.requests = requests;
        this.replies = replies;
        this.pendingIds = new long[config.maxPendingRequests()];
        this.pendingCounts = new int[config.maxPendingRequests()];
        this.stats = snapshot(System.nanoTime());
    }

    /**
     * Writes a {@link ShardSnapshot} of this shard every {@code snapshot}'s interval and when the loop closes, on the
     * loop's own thread (so it is consistent; frames wait in the Aeron logs meanwhile). Call before the loop starts.
     */
    public ReplayShard snapshotTo(final ShardSnapshot snapshot, final long runId) {
        this.snapshotFile = snapshot;
        this.snapshotRunId = runId;
        return this;
    }

    /**
     * Tells the loop its buffer was restored from a snapshot holding {@code addedBefore} inserts: those were counted
     * by the run when the shard first took them, so the insert count its replies carry (the learner's env-step
     * count) starts after them. Call before the loop starts.
     */
    public ReplayShard restoredFrom(final long addedBefore) {
        if (addedBefore < 0 || addedBefore > buffer.added()) {
            throw new IllegalArgumentException("restored inserts must be in [0, " + buffer.added() + "], got "
                + addedBefore);
        }
        this.restoredInserts = addedBefore;
        return this;
    }

    /** The snapshot this shard writes, or null; read its counters after the loop has closed. */
    public ShardSnapshot shardSnapshot() {
        return snapshotFile;
    }

    @Override
    public String roleName() {
        return "replay-shard-" + config.shardId();
    }

    @Override
    public int doWork() {
        int work = 0;
        if (limiter.canInsert(heldBackRows)) {
            work += inserts.controlledPoll(onInsert, config.insertFragmentLimit());
        }
        if (pendingSize < pendingIds.length) {
            work += requests.controlledPoll(onRequest, pendingIds.length - pendingSize);
        }
        work += servePending();
        final long now = System.nanoTime();
        if (snapshotFile != null && snapshotFile.due(now)) {
            snapshotFile.writeNow(snapshotRunId, buffer, limiter, now);
            work++;
        }
        if (now - nextStatsNs >= 0) {
            stats = snapshot(now);
            nextStatsNs = now + config.statsIntervalNs();
        }
        return work;
    }

    @Override
    public void onClose() {
        if (snapshotFile != null) {
            snapshotFile.writeNow(snapshotRunId, buffer, limiter, System.nanoTime());
        }
        stats = snapshot(System.nanoTime());
        CloseHelper.closeAll(inserts, requests, replies);
    }

    private Action onInsert(final DirectBuffer frame, final int offset, final int length) {
        final DataFrame decoded = codec.decode(frame, offset, length);
        if (decoded == null) {
            return Action.CONTINUE;
        }
        if (!(decoded instanceof TransitionBatch)) {
            return reject(ShardRejectReason.WRONG_TYPE);
        }
        final TransitionBatch batch = (TransitionBatch) decoded;
        if (batch.obsDim() != buffer.obsSize() || batch.actionDim() != buffer.actionSize()) {
            return reject(ShardRejectReason.WRONG_SHAPE);
        }
        final int count = batch.count();
        if (count > config.maxInsertBatch()) {
            return reject(ShardRejectReason.BATCH_TOO_LARGE);
        }
        if (actors.isRepeat(batch.actorId(), batch.sequence())) {
            return reject(ShardRejectReason.REPLAYED);
        }
        if (!limiter.canInsert(count)) {
            heldBackRows = Math.max(1, count);
            return Action.ABORT; // stays in the log; read again once the learner has sampled
        }
        heldBackRows = 1;
        try {
            buffer.addBatch(count, batch.obs(), batch.actions(), batch.rewards(), batch.nextObs(),
                batch.terminated());
        } catch (final IllegalArgumentException e) {
            return reject(ShardRejectReason.INVALID_ROWS);
        }
        limiter.inserted(count);
        actors.record(batch.actorId(), batch.sequence(), count);
        batchesInserted++;
        return Action.CONTINUE;
    }

    private Action onRequest(final DirectBuffer frame, final int offset, final int length) {
        final DataFrame decoded = codec.decode(frame, offset, length);
        if (decoded == null) {
            return Action.CONTINUE;
        }
        if (!(decoded instanceof SampleRequest)) {
            return reject(ShardRejectReason.WRONG_TYPE);
        }
        final SampleRequest request = (SampleRequest) decoded;
        if (request.count() < 1 || request.count() > config.maxSampleBatch()) {
            return reject(ShardRejectReason.BAD_REQUEST);
        }
        if (pendingSize == pendingIds.length) {
            return Action.ABORT;
        }
        final int tail = (pendingHead + pendingSize) % pendingIds.length;
        pendingIds[tail] = request.requestId();
        pendingCounts[tail] = request.count();
        pendingSize++;
        return Action.CONTINUE;
    }

    private int servePending() {
        int served = 0;
        if (pendingSize > 0 && !replies.isConnected()) {
            return 0; // no learner listens (yet, or any more): keep the requests, keep taking inserts
        }
        while (pendingSize > 0) {
            final int count = pendingCounts[pendingHead];
            if (buffer.size() == 0 || !limiter.canSample(count)) {
                break;
            }
            final ReplayBatch batch = batchOf(count);
            buffer.sample(batch);
            final SampleReply reply = new SampleReply(pendingIds[pendingHead], config.shardId(), count,
                buffer.obsSize(), buffer.actionSize(), batch.obs, batch.action, batch.reward, batch.nextObs,
                batch.terminated, buffer.size(), buffer.added() - restoredInserts);
            final int length = codec.encode(reply, replies.buffer(), 0);
            if (!replies.offer(length)) {
                replyDrops++;
            }
            limiter.sampled(count);
            samplesServed += count;
            requestsServed++;
            pendingHead = (pendingHead + 1) % pendingIds.length;
            pendingSize--;
            served++;
        }
        return served;
    }

    /** A reusable batch of {@code rows} rows: the learner's requests come in one or two sizes. */
    private ReplayBatch batchOf(final int rows) {
        ReplayBatch batch = batchesBySize.get(rows);
        if (batch == null) {
            if (batchesBySize.size() >= 16) {
                batchesBySize.clear();
            }
            batch = new ReplayBatch(rows, buffer.obsSize(), buffer.actionSize());
            batchesBySize.put(rows, batch);
        }
        return batch;
    }

    private Action reject(final ShardRejectReason reason) {
        shardRejects[reason.ordinal()]++;
        return Action.CONTINUE;
    }

    /** The latest snapshot, at most {@link ShardConfig#statsIntervalNs()} old while the loop runs. */
    public ShardStats stats() {
        return stats;
    }

    public int shardId() {
        return config.shardId();
    }

    private ShardStats snapshot(final long now) {
        final Map<String, Long> rejected = new HashMap<>();
        long total = 0;
        for (final RejectReason reason : RejectReason.values()) {
            final long n = codec.rejects().count(reason);
            if (n != 0) {
                rejected.put(reason.name(), n);
                total += n;
            }
        }
        for (final ShardRejectReason reason : ShardRejectReason.values()) {
            final long n = shardRejects[reason.ordinal()];
            if (n != 0) {
                rejected.put(reason.name(), n);
                total += n;
            }
        }
        return new ShardStats(config.shardId(), buffer.size(), limiter.inserts(), batchesInserted,
            actors.snapshot(), actors.sequenceGaps(), rejected, total, samplesServed, requestsServed, pendingSize,
            replyDrops, limiter.insertBlockedPolls(), limiter.sampleBlockedPolls(),
            limiter.observedSamplesPerInsert(), limiter.error(), now);
    }
}
