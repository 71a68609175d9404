package org.strider.learner.cluster;

import java.io.IOException;
import java.nio.file.Path;
import org.strider.learner.checkpoint.Checkpoint;
import org.strider.learner.dqn.DqnMetrics;
import org.strider.learner.dqn.DqnState;
import org.strider.learner.dqn.DqnUpdate;
import org.strider.learner.replay.ReplayBatch;
import org.strider.learner.train.Evaluation;
import org.strider.learner.train.Evaluator;
import org.strider.nn.GreedyPolicy;
import org.strider.nn.MlpSpec;

/**
 * DQN behind the {@link LearnerAlgorithm} seam: {@link DqnUpdate} on the state (Double DQN, Huber loss, gradient
 * clip, hard or polyak target every {@code target_update_interval} updates, all as the config says: the
 * synchronous trainer's update, bit for bit), the Q network's inference form out as weights (batch norm folded in
 * eval mode, what {@link GreedyPolicy} runs on the actors), greedy evaluation.
 *
 * <p>The synchronous trainer's {@code train_every} and {@code gradient_steps} do not apply here: the run's replay
 * ratio ({@code gradient_steps / train_every} updates per env step, held by the shards' rate limiter) replaces the
 * bursts with a steady flow.
 */
public final class DqnLearner implements LearnerAlgorithm {
    private final DqnState state;
    private final DqnUpdate update;
    private final GreedyPolicy evalPolicy;
    private final UpdateFigures figures = new UpdateFigures();
    private DqnMetrics last;

    public DqnLearner(final DqnState state) {
        this.state = state;
        this.update = new DqnUpdate(state);
        this.evalPolicy = new GreedyPolicy(state.q().inferenceSpec(), 1);
    }

    public DqnState state() {
        return state;
    }

    /** The last update's DQN figures (null before the first; reused by the update). */
    public DqnMetrics lastMetrics() {
        return last;
    }

    @Override
    public String name() {
        return "dqn";
    }

    @Override
    public String describe() {
        return state.config().describe();
    }

    @Override
    public int obsSize() {
        return state.obsSize();
    }

    @Override
    public int actionSize() {
        return 1;
    }

    @Override
    public int batchSize() {
        return state.config().replay().batchSize();
    }

    @Override
    public long updates() {
        return state.updates();
    }

    @Override
    public long envSteps() {
        return state.envSteps();
    }

    @Override
    public void envSteps(final long value) {
        state.envSteps(value);
    }

    @Override
    public long learningStartsAt() {
        return state.learningStartsAt();
    }

    @Override
    public UpdateFigures update(final ReplayBatch batch) {
        final DqnMetrics m = update.update(batch);
        last = m;
        figures.update = m.update;
        figures.loss = m.loss;
        figures.actorLoss = Double.NaN;
        figures.meanQ = m.meanQ;
        figures.tdError = m.tdError;
        figures.actingChanged = true;
        return figures;
    }

    @Override
    public MlpSpec actingSpec() {
        return state.q().inferenceSpec();
    }

    @Override
    public float[] actingParams() {
        return state.q().inferenceParams();
    }

    @Override
    public Evaluation evaluate(final Evaluator evaluator, final int episodes, final long envSteps) {
        evalPolicy.load(state.q().inferenceParams());
        return evaluator.evaluate(evalPolicy, episodes, envSteps, state.updates());
    }

    @Override
    public void writeCheckpoint(final Path file, final String envId) throws IOException {
        Checkpoint.write(file, envId, state, false);
    }
}
