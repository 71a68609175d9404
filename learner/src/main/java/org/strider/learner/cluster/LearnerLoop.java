package org.strider.learner.cluster;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.agrona.collections.LongLongConsumer;
import org.strider.learner.replay.ReplayBatch;
import org.strider.learner.td3.Td3State;
import org.strider.learner.train.Evaluation;
import org.strider.learner.train.Evaluator;
import org.strider.wire.WeightFrame;

/**
 * The distributed learner's thread: sample a batch from the shards (the next one already requested), one update
 * of the {@link LearnerAlgorithm} (TD3/DDPG or DQN), the acting network's weights out every {@code weightsEvery} updates (and at once when an actor joins), an
 * evaluation every {@code evalEvery} inserted transitions, until the shards have taken {@code totalEnvSteps}
 * transitions or {@link #stop} is called. Shard changes arrive from the coordinator's thread through a queue
 * and are applied between updates. A NaN loss ends the loop with the update's number (the update's check).
 *
 * <p>Every {@code checkpointEvery} env steps it asks its listener to write {@code latest.ckpt} (on this thread,
 * between updates, where the state is consistent); {@link #requestEvaluation} (any thread) adds an evaluation after
 * the current update. A loop started from a restored state counts env steps on from the checkpoint's and publishes
 * the restored actor before its first update (see the constructor).
 *
 * <p>In lockstep the loop is the synchronous trainer's update side: it publishes the initial actor (update 0) before
 * it samples, then the actor after every update (a frame's update count is what the lockstep actor waits for), and
 * ends after {@code totalEnvSteps - learningStartsAt} updates, the trainer's count, rather than on the inserts.
 */
public final class LearnerLoop implements Runnable {
    /**
     * How often a resumed learner sends its restored actor again until its first update: an actor that subscribes
     * after the first send (a weight offer nobody takes is skipped) gets it within this time, so the shards refill
     * from the restored policy rather than at random. The same frame (version 1) each time: nothing allocated, and
     * an actor that holds it ignores the repeats.
     */
    static final long RESTORED_REPUBLISH_NS = 10_000_000L;
    private final LearnerAlgorithm state;
    private final BatchSource source;
    private final Consumer<WeightFrame> weightsOut;
    private final Evaluator evaluator;
    private final LearnerListener listener;
    private final ReplayBatch batch;
    private final int weightsEvery;
    private final long totalEnvSteps;
    private final long evalEvery;
    private final int evalEpisodes;
    private final boolean lockstep;
    private final long checkpointEvery;
    private final long envStepOffset;
    private final boolean evaluateAtEnd;
    /** Given to the source as "keep waiting for a batch": one object, not a lambda per update. */
    private final BooleanSupplier keepWaiting = this::keepWaiting;
    private final Queue<Consumer<BatchSource>> changes = new ConcurrentLinkedQueue<>();
    private final AtomicLong version = new AtomicLong();
    /** Updates and their summed wall time (learner thread writes, metrics read). */
    private final AtomicLong timedUpdates = new AtomicLong();
    private final AtomicLong updateNanos = new AtomicLong();
    private volatile boolean running = true;
    private volatile String stopReason = "stopped";
    private volatile boolean republish;
    private volatile boolean evalRequested;
    /** Resumed and no update yet: the restored actor is sent again every {@link #RESTORED_REPUBLISH_NS}. */
    private boolean restoredPending;
    private long nextRestoredPublishNs;
    private WeightFrame restoredFrame;
    private volatile LongLongConsumer publishClock;
    private long nextEval;
    private long nextCheckpoint;
    private long publishedAt;

    public LearnerLoop(final Td3State state, final BatchSource source, final Consumer<WeightFrame> weightsOut,
        final Evaluator evaluator, final LearnerListener listener, final int weightsEvery, final long totalEnvSteps,
        final long evalEvery, final int evalEpisodes) {
        this(state, source, weightsOut, evaluator, listener, weightsEvery, totalEnvSteps, evalEvery, evalEpisodes,
            false);
    }

    /** @param lockstep reproduce the synchronous trainer (see the class comment) */
    public LearnerLoop(final Td3State state, final BatchSource source, final Consumer<WeightFrame> weightsOut,
        final Evaluator evaluator, final LearnerListener listener, final int weightsEvery, final long totalEnvSteps,
        final long evalEvery, final int evalEpisodes, final boolean lockstep) {
        this(state, source, weightsOut, evaluator, listener, weightsEvery, totalEnvSteps, evalEvery, evalEpisodes,
            lockstep, 0, false, false);
    }

    /**
     * @param lockstep        reproduce the synchronous trainer (see the class comment)
     * @param checkpointEvery ask the listener for {@code latest.ckpt} every this many env steps (0: never)
     * @param restored        {@code state} comes from a checkpoint: env steps go on from {@code state.envSteps()}
     *                        (new shards count from 0; shards that outlived the checkpoint's learner count only their
     *                        inserts beyond its {@link ShardMarks}), and the restored actor is published at once (and
     *                        again every 10 ms until the first update) so the actors refill the shards with it
     * @param evalOnRequest   {@link #requestEvaluation} is used (evaluation every N episodes): evaluate at the end
     *                        even when {@code evalEvery} is 0
     */
    public LearnerLoop(final Td3State state, final BatchSource source, final Consumer<WeightFrame> weightsOut,
        final Evaluator evaluator, final LearnerListener listener, final int weightsEvery, final long totalEnvSteps,
        final long evalEvery, final int evalEpisodes, final boolean lockstep, final long checkpointEvery,
        final boolean restored, final boolean evalOnRequest) {
        this(new Td3Learner(state), source, weightsOut, evaluator, listener, weightsEvery, totalEnvSteps, evalEvery,
            evalEpisodes, lockstep, checkpointEvery, restored, evalOnRequest);
    }

    /** As above for any algorithm (see {@link LearnerAlgorithm}). */
    public LearnerLoop(final LearnerAlgorithm state, final BatchSource source,
        final Consumer<WeightFrame> weightsOut, final Evaluator evaluator, final LearnerListener listener,
        final int weightsEvery, final long totalEnvSteps, final long evalEvery, final int evalEpisodes,
        final boolean lockstep, final long checkpointEvery, final boolean restored, final boolean evalOnRequest) {
        if (lockstep && restored) {
            throw new IllegalArgumentException("a lockstep run cannot resume: it reproduces the synchronous trainer "
                + "from step 0");
        }
        this.lockstep = lockstep;
        this.checkpointEvery = checkpointEvery;
        this.envStepOffset = restored ? state.envSteps() : 0;
        this.restoredPending = restored;
        this.evaluateAtEnd = evalEvery > 0 || evalOnRequest;
        this.state = state;
        this.source = source;
        this.weightsOut = weightsOut;
        this.evaluator = evaluator;
        this.listener = listener;
        this.batch = new ReplayBatch(state.batchSize(), state.obsSize(), state.actionSize());
        this.weightsEvery = weightsEvery;
        this.totalEnvSteps = totalEnvSteps;
        this.evalEvery = evalEvery;
        this.evalEpisodes = evalEpisodes;
        this.nextEval = evalEvery > 0 ? (envStepOffset / evalEvery + 1) * evalEvery : Long.MAX_VALUE;
        this.nextCheckpoint = checkpointEvery > 0 ? (envStepOffset / checkpointEvery + 1) * checkpointEvery
            : Long.MAX_VALUE;
    }

    /** Applies {@code change} to the batch source on the learner thread, before the next batch. Any thread. */
    public void change(final Consumer<BatchSource> change) {
        changes.add(change);
    }

    /** Publish the current weights again before the next update (an actor joined). Any thread. */
    public void republish() {
        republish = true;
    }

    /**
     * Numbers the next weight versions above {@code held} (an actor that acted under a learner that died holds that
     * version and ignores any at or below it). Call {@link #republish} after it. Any thread.
     */
    public void raiseVersion(final long held) {
        version.accumulateAndGet(held, Math::max);
    }

    /** Newest weight version published; 0 before the first. Any thread. */
    public long weightsVersion() {
        return version.get();
    }

    /** Updates this loop ran. Any thread. */
    public long updates() {
        return timedUpdates.get();
    }

    /** Wall time spent in those updates (the update only, not the wait for a batch), in ns. Any thread. */
    public long updateNanos() {
        return updateNanos.get();
    }

    public void stop() {
        running = false;
    }

    /** Ends the loop as {@link #stop} does, with {@code why} as the finish reason. Any thread. */
    public void stop(final String why) {
        stopReason = why;
        running = false;
    }

    /** Evaluate once more after the current update (e.g. every N finished episodes). Any thread. */
    public void requestEvaluation() {
        evalRequested = true;
    }

    /** Env steps of the run: the checkpoint's when resumed, plus the transitions the shards took since. */
    private long envSteps() {
        return envStepOffset + source.totalInserts();
    }

    /**
     * Optional, for benchmarks: {@code clock} gets {@code (version, System.nanoTime())} on the learner thread as each
     * version starts to be published (before its params are copied out and offered). Null (the default) turns it
     * off; then publishing costs nothing more. Any thread.
     */
    public void timeWeights(final LongLongConsumer clock) {
        publishClock = clock;
    }

    /** False once {@link #stop} was called or the loop ended. Any thread. */
    public boolean running() {
        return running;
    }

    @Override
    public void run() {
        String reason = null;
        Throwable failure = null;
        try {
            if (lockstep) {
                publishWeights(); // update 0: the policy the trainer acts with right after its warm-up
            } else if (restoredPending) {
                restoredFrame = publishWeights(); // the restored actor, for the actors refilling the shards
                nextRestoredPublishNs = System.nanoTime() + RESTORED_REPUBLISH_NS;
            }
            while (running) {
                applyChanges();
                if (republish && version.get() > 0) {
                    republish = false;
                    final WeightFrame frame = publishWeights();
                    if (restoredPending) {
                        restoredFrame = frame; // the restored actor again, under its new version
                    }
                }
                if (restoredPending) {
                    publishRestoredAgain();
                }
                final long inserted = envSteps();
                if (lockstep ? state.updates() >= totalEnvSteps - state.learningStartsAt() : inserted >= totalEnvSteps) {
                    reason = "reached " + totalEnvSteps + " env steps";
                    break;
                }
                if (inserted >= nextEval) {
                    evaluate(inserted);
                    nextEval = (inserted / evalEvery + 1) * evalEvery;
                } else if (evalRequested) {
                    evalRequested = false;
                    evaluate(inserted);
                }
                if (inserted >= nextCheckpoint) {
                    state.envSteps(inserted);
                    listener.onCheckpointDue(inserted);
                    nextCheckpoint = (inserted / checkpointEvery + 1) * checkpointEvery;
                }
                if (source.shardCount() == 0 || !source.sample(batch, keepWaiting)) {
                    Thread.onSpinWait();
                    continue;
                }
                final long updateStart = System.nanoTime();
                final UpdateFigures metrics = state.update(batch);
                updateNanos.lazySet(updateNanos.get() + System.nanoTime() - updateStart);
                timedUpdates.lazySet(timedUpdates.get() + 1);
                restoredPending = false;
                final long envSteps = envSteps();
                state.envSteps(envSteps);
                listener.onUpdate(metrics, envSteps);
                if (lockstep || metrics.actingChanged
                    && (version.get() == 0 || state.updates() - publishedAt >= weightsEvery)) {
                    publishWeights();
                }
            }
            final long end = envSteps();
            state.envSteps(Math.max(end, state.envSteps()));
            if (evaluateAtEnd) {
                evaluate(end);
            }
        } catch (final RuntimeException e) {
            reason = "failed: " + e.getMessage();
            failure = e;
        } finally {
            running = false;
            listener.onFinished(reason == null ? stopReason : reason, failure);
        }
    }

    /** While the source waits for a batch: keep waiting unless stopped or the shards changed. Learner thread. */
    private boolean keepWaiting() {
        if (restoredPending) {
            publishRestoredAgain();
        }
        return running && changes.isEmpty();
    }

    private void publishRestoredAgain() {
        final long now = System.nanoTime();
        if (republish || now - nextRestoredPublishNs >= 0) {
            republish = false; // an actor joined: it gets the restored actor now
            nextRestoredPublishNs = now + RESTORED_REPUBLISH_NS;
            if (restoredFrame.version() < version.get()) {
                restoredFrame = publishWeights(); // raised above an actor's version: the same actor, numbered anew
            } else {
                weightsOut.accept(restoredFrame);
            }
        }
    }

    private void applyChanges() {
        Consumer<BatchSource> c;
        while ((c = changes.poll()) != null) {
            c.accept(source);
        }
    }

    private WeightFrame publishWeights() {
        final LongLongConsumer clock = publishClock;
        final long startNs = clock == null ? 0 : System.nanoTime();
        final float[] params = state.actingParams();
        final long v = version.incrementAndGet();
        if (clock != null) {
            clock.accept(v, startNs);
        }
        publishedAt = state.updates();
        final WeightFrame frame = new WeightFrame(v, state.updates(), params, params.length);
        weightsOut.accept(frame);
        listener.onWeightsPublished(v, state.updates());
        return frame;
    }

    private void evaluate(final long envSteps) {
        final Evaluation e = state.evaluate(evaluator, evalEpisodes, envSteps);
        listener.onEvaluation(e);
    }
}
