package org.strider.actor;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.strider.control.Endpoint;
import org.strider.control.NodeProtocol;
import org.strider.control.RolloutSpec;
import org.strider.control.ShardInfo;
import org.strider.env.Env;
import org.strider.env.EnvRegistry;
import org.strider.transport.FramePoller;
import org.strider.transport.FramePublisher;
import org.strider.wire.DataFrame;
import org.strider.wire.FrameCodec;
import org.strider.wire.RunKey;
import org.strider.wire.TransitionBatch;
import org.strider.wire.WeightFrame;
import org.strider.wire.WireLimits;

/**
 * An actor node's Aeron streams: one exclusive publication to its shard's insert stream (replaced on re-route)
 * and a subscription to the learner's weight stream. Frames that are not weights, or are malformed, or of another
 * run, are counted by the codec's {@link FrameCodec#rejects()} and skipped. The newest weights are copied out of
 * the codec's scratch into a buffer of this plane, so they stay valid across polls.
 */
public final class AeronActorDataPlane implements ActorDataPlane {
    /** How long a frame waits for its shard to connect before it is dropped (and counted). */
    public static final long CONNECT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    /** Fragments read from the weight stream per poll: a 400-300 actor's frame is ~120 IPC fragments. */
    private static final int WEIGHT_FRAGMENTS = 1024;

    private final Aeron aeron;
    private final FrameCodec codec;
    private final FramePoller weights;
    private final BooleanSupplier running;
    private final int frameCapacity;
    private FramePublisher inserts;
    private float[] newest = new float[0];
    /** The newest weights read and not yet handed out (by {@link #pollWeights}); newest wins. */
    private WeightFrame pending;
    private long otherFrames;
    private long wrongLength;
    private int expectedLength;

    /**
     * @param maxRows most rows a published batch holds (sizes the encode buffer)
     */
    public AeronActorDataPlane(final Aeron aeron, final long runId, final Endpoint weightStream, final int maxRows,
        final int obsDim, final int actionDim, final BooleanSupplier running) {
        this(aeron, runId, weightStream, maxRows, obsDim, actionDim, running, null);
    }

    /** As above, signing batches with {@code key} and taking only weights signed with it (null: no key). */
    public AeronActorDataPlane(final Aeron aeron, final long runId, final Endpoint weightStream, final int maxRows,
        final int obsDim, final int actionDim, final BooleanSupplier running, final RunKey key) {
        this.aeron = aeron;
        this.codec = new FrameCodec(runId, WireLimits.DEFAULT, key);
        this.weights = new FramePoller(aeron.addSubscription(weightStream.channel(), weightStream.streamId()));
        this.running = running;
        this.frameCapacity = (int) FrameCodec.transitionBatchLength(maxRows, obsDim, actionDim);
    }

    /** Builds each node's plane on {@code aeron} from its welcome: frames sized for the run's env and batches. */
    public static BiFunction<NodeProtocol.Welcome, BooleanSupplier, ActorDataPlane> factory(final Aeron aeron) {
        return factory(aeron, "127.0.0.1");
    }

    /**
     * {@link #factory(Aeron)} for a node whose UDP weight subscription receives on {@code localHost} (the
     * welcome's weight channel names it as {@code {host}}; IPC channels have no such placeholder).
     */
    public static BiFunction<NodeProtocol.Welcome, BooleanSupplier, ActorDataPlane> factory(final Aeron aeron,
        final String localHost) {
        return factory(aeron, localHost, null);
    }

    /** {@link #factory(Aeron, String)} whose planes sign and check frames with the node's {@code key} (null: none). */
    public static BiFunction<NodeProtocol.Welcome, BooleanSupplier, ActorDataPlane> factory(final Aeron aeron,
        final String localHost, final RunKey key) {
        return (welcome, running) -> {
            final RolloutSpec rollout = welcome.run().rollout();
            final int obsDim;
            final int actionDim;
            try (Env probe = EnvRegistry.make(rollout.envId())) {
                obsDim = probe.observationSpace().flatSize();
                actionDim = probe.actionSpace().flatSize();
            }
            final Endpoint weights = new Endpoint(welcome.weights().channel().replace("{host}", localHost),
                welcome.weights().streamId());
            return new AeronActorDataPlane(aeron, welcome.run().runId(), weights,
                rollout.rowsPerFrame() + rollout.envsPerActor(), obsDim, actionDim, running, key);
        };
    }

    /** Frames received on the weight stream that were rejected or were not weights. */
    public long rejectedFrames() {
        return codec.rejects().total() + otherFrames;
    }

    public FrameCodec codec() {
        return codec;
    }

    @Override
    public void route(final ShardInfo shard) {
        CloseHelper.quietClose(inserts);
        final ExclusivePublication publication = aeron.addExclusivePublication(shard.inserts().channel(),
            shard.inserts().streamId());
        inserts = new FramePublisher(publication, new BackoffIdleStrategy(1, 10, 1_000, 1_000_000), this::whileWaiting,
            CONNECT_TIMEOUT_NS, frameCapacity);
    }

    @Override
    public boolean publish(final TransitionBatch batch) {
        if (inserts == null) {
            return false;
        }
        final int length = codec.encode(batch, inserts.buffer(), 0);
        return inserts.offer(length);
    }

    @Override
    public WeightFrame pollWeights(final int expectedLength) {
        this.expectedLength = expectedLength;
        weights.poll(this::onFrame, WEIGHT_FRAGMENTS);
        final WeightFrame newestFrame = pending;
        pending = null;
        return newestFrame;
    }

    /**
     * Called by the insert publisher on every back-pressure wait: keeps reading the weight stream, so a blocked
     * actor neither holds the learner's weight broadcast back nor falls behind it, and acts with the newest
     * version as soon as its frame is taken. Returns whether the publisher should go on waiting.
     */
    private boolean whileWaiting() {
        if (expectedLength > 0) {
            weights.poll(this::onFrame, WEIGHT_FRAGMENTS);
        }
        return running.getAsBoolean();
    }

    @Override
    public long rejectedWeights() {
        return wrongLength;
    }

    private void onFrame(final DirectBuffer buffer, final int offset, final int length) {
        final DataFrame frame = codec.decode(buffer, offset, length);
        if (frame instanceof WeightFrame w) {
            if (w.length() != expectedLength) {
                wrongLength++;
                return;
            }
            if (newest.length < w.length()) {
                newest = new float[w.length()];
            }
            System.arraycopy(w.params(), 0, newest, 0, w.length());
            pending = new WeightFrame(w.version(), w.updates(), newest, w.length());
        } else if (frame != null) {
            otherFrames++;
        }
    }

    @Override
    public void close() {
        CloseHelper.quietCloseAll(inserts, weights);
    }
}
