package org.strider.learner.cluster;

import java.io.IOException;
import java.nio.file.Path;
import org.strider.learner.replay.ReplayBatch;
import org.strider.learner.train.Evaluation;
import org.strider.learner.train.Evaluator;
import org.strider.nn.MlpSpec;

/**
 * The algorithm seam of the distributed learner: what {@link LearnerLoop} and {@link LearnerNode} need from TD3/DDPG
 * ({@link Td3Learner}) or DQN ({@link DqnLearner}), so one loop, one node and one run directory serve both. The
 * loop calls it on the learner thread only:
 *
 * <pre>{@code
 * while (running) {
 *     source.sample(batch);                         // batchSize() rows of obsSize() / actionSize() floats
 *     UpdateFigures f = algorithm.update(batch);    // target updates happen inside
 *     listener.onUpdate(f, envSteps);               // learner.csv, metrics
 *     if (f.actingChanged && due) publish(algorithm.actingParams());   // for actingSpec()
 * }
 * algorithm.evaluate(evaluator, episodes, envSteps);   // TD3: deterministic actor; DQN: greedy on Q
 * algorithm.writeCheckpoint(file, envId);              // Checkpoint's TD3 or DQN format, no replay
 * }</pre>
 */
public interface LearnerAlgorithm {
    /** td3, ddpg or dqn. */
    String name();

    /** The config's {@code describe()} text: what a checkpoint of this state must match to resume. */
    String describe();

    int obsSize();

    /** Floats per action in a transition: the Box's size (TD3), or 1 (DQN: the action index as one float). */
    int actionSize();

    int batchSize();

    /** Updates run so far. */
    long updates();

    /** Env steps of the run as last set (the checkpoint's counter). */
    long envSteps();

    void envSteps(long value);

    /** The warm-up: env steps before the first update (a lockstep run counts its updates from there). */
    long learningStartsAt();

    /**
     * One update from {@code batch}, target networks included. Allocates nothing of its own.
     *
     * @throws IllegalStateException when the loss is not finite, naming the update
     */
    UpdateFigures update(ReplayBatch batch);

    /** The network actors act with: TD3's actor, DQN's Q network in its plain inference form (batch norm folded). */
    MlpSpec actingSpec();

    /** A fresh copy of {@link #actingSpec()}'s parameters, for a weight frame. */
    float[] actingParams();

    /** The deterministic policy now (TD3: the actor; DQN: argmax Q) on the evaluation episodes. */
    Evaluation evaluate(Evaluator evaluator, int episodes, long envSteps);

    /** Writes the state (no replay: the shards hold it) to {@code file} in its algorithm's checkpoint format. */
    void writeCheckpoint(Path file, String envId) throws IOException;
}
