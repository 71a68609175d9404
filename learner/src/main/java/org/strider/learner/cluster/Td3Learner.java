package org.strider.learner.cluster;

import java.io.IOException;
import java.nio.file.Path;
import org.strider.learner.checkpoint.Checkpoint;
import org.strider.learner.replay.ReplayBatch;
import org.strider.learner.td3.Td3Metrics;
import org.strider.learner.td3.Td3State;
import org.strider.learner.td3.Td3Update;
import org.strider.learner.train.Evaluation;
import org.strider.learner.train.Evaluator;
import org.strider.nn.MlpInference;
import org.strider.nn.MlpSpec;

/**
 * TD3/DDPG behind the {@link LearnerAlgorithm} seam: {@link Td3Update} on the state, the actor's weights out, the
 * deterministic actor evaluated. Exactly what the learner loop did before the seam (a lockstep run still equals
 * {@code Td3Trainer} bit for bit).
 */
public final class Td3Learner implements LearnerAlgorithm {
    private final Td3State state;
    private final Td3Update update;
    private final MlpInference evalPolicy;
    private final boolean twin;
    private final UpdateFigures figures = new UpdateFigures();
    private Td3Metrics last;

    public Td3Learner(final Td3State state) {
        this.state = state;
        this.update = new Td3Update(state);
        this.evalPolicy = new MlpInference(state.actor().spec(), 1);
        this.twin = state.config().twinCritics();
    }

    public Td3State state() {
        return state;
    }

    /** The last update's TD3 figures (null before the first; reused by the update). */
    public Td3Metrics lastMetrics() {
        return last;
    }

    @Override
    public String name() {
        return state.config().algorithm().name().toLowerCase(java.util.Locale.ROOT);
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
        return state.actionSize();
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
        final Td3Metrics m = update.update(batch);
        last = m;
        figures.update = m.update;
        figures.loss = m.criticLoss(twin);
        figures.actorLoss = m.actorUpdated ? m.actorLoss : Double.NaN;
        figures.meanQ = m.meanQ;
        figures.tdError = m.tdError;
        figures.actingChanged = m.actorUpdated;
        return figures;
    }

    @Override
    public MlpSpec actingSpec() {
        return state.actor().spec();
    }

    @Override
    public float[] actingParams() {
        return state.actor().paramsToFloats();
    }

    @Override
    public Evaluation evaluate(final Evaluator evaluator, final int episodes, final long envSteps) {
        evalPolicy.load(state.actor().paramsToFloats());
        return evaluator.evaluate(evalPolicy, episodes, envSteps, state.updates());
    }

    @Override
    public void writeCheckpoint(final Path file, final String envId) throws IOException {
        Checkpoint.write(file, envId, state, false);
    }
}
