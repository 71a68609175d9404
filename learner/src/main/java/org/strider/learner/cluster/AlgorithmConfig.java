package org.strider.learner.cluster;

import java.util.Locale;
import org.strider.env.Box;
import org.strider.env.Discrete;
import org.strider.env.Space;
import org.strider.learner.dqn.DqnConfig;
import org.strider.learner.dqn.DqnState;
import org.strider.learner.td3.Td3Config;
import org.strider.learner.td3.Td3State;

/**
 * The algorithm a distributed run trains, as its config: TD3/DDPG ({@link Td3}) or DQN ({@link Dqn}). It builds the
 * learner's {@link LearnerAlgorithm} and answers what the run's other parts need (batch size, warm-up, replay
 * capacity, the {@code describe()} text the nodes get).
 */
public sealed interface AlgorithmConfig permits AlgorithmConfig.Td3, AlgorithmConfig.Dqn {
    /** TD3 or DDPG (continuous actions). */
    record Td3(Td3Config config) implements AlgorithmConfig {
        public Td3 {
            if (config == null) {
                throw new IllegalArgumentException("a TD3 algorithm config needs a Td3Config");
            }
        }

        @Override
        public String name() {
            return config.algorithm().name().toLowerCase(Locale.ROOT);
        }

        @Override
        public String describe() {
            return config.describe();
        }

        @Override
        public int batchSize() {
            return config.replay().batchSize();
        }

        @Override
        public int warmupSteps() {
            return config.replay().warmupSteps();
        }

        @Override
        public int capacity() {
            return config.replay().capacity();
        }

        @Override
        public AlgorithmConfig learnerConfig() {
            return new Td3(LearnerNode.learnerConfig(config));
        }

        @Override
        public LearnerAlgorithm create(final String envId, final int obsSize, final Space actionSpace,
            final long seed) {
            if (!(actionSpace instanceof Box box)) {
                throw new IllegalArgumentException(envId + " has a discrete action space; TD3 and DDPG need a "
                    + "continuous Box");
            }
            return new Td3Learner(Td3State.create(LearnerNode.learnerConfig(config), obsSize, box, seed));
        }
    }

    /** DQN (discrete actions). */
    record Dqn(DqnConfig config) implements AlgorithmConfig {
        public Dqn {
            if (config == null) {
                throw new IllegalArgumentException("a DQN algorithm config needs a DqnConfig");
            }
        }

        @Override
        public String name() {
            return "dqn";
        }

        @Override
        public String describe() {
            return config.describe();
        }

        @Override
        public int batchSize() {
            return config.replay().batchSize();
        }

        @Override
        public int warmupSteps() {
            return config.replay().warmupSteps();
        }

        @Override
        public int capacity() {
            return config.replay().capacity();
        }

        @Override
        public AlgorithmConfig learnerConfig() {
            return new Dqn(config.toBuilder().capacity(1).build());
        }

        /** The replay ratio of the synchronous trainer: {@code gradient_steps} updates every {@code train_every}. */
        public double updatesPerStep() {
            return (double) config.dqn().gradientSteps() / config.dqn().trainEvery();
        }

        @Override
        public LearnerAlgorithm create(final String envId, final int obsSize, final Space actionSpace,
            final long seed) {
            if (!(actionSpace instanceof Discrete discrete)) {
                throw new IllegalArgumentException(envId + " has a continuous action space " + actionSpace.describe()
                    + "; DQN needs a Discrete one (use td3 or ddpg)");
            }
            return new DqnLearner(DqnState.create(config.toBuilder().capacity(1).build(), obsSize, discrete.n(), seed));
        }
    }

    static AlgorithmConfig td3(final Td3Config config) {
        return new Td3(config);
    }

    static AlgorithmConfig dqn(final DqnConfig config) {
        return new Dqn(config);
    }

    /**
     * The config {@code describe()} wrote (a run spec's algorithm text): DQN when its {@code algorithm} line says
     * dqn, else TD3/DDPG.
     */
    static AlgorithmConfig parse(final String description) {
        for (final String line : description.split("\n")) {
            if (line.trim().replace(" ", "").equals("algorithm=dqn")) {
                return new Dqn(DqnConfig.parse(description));
            }
        }
        return new Td3(Td3Config.parse(description));
    }

    /** td3, ddpg or dqn. */
    String name();

    /** {@code key=value} lines; what a checkpoint and the nodes' run spec carry. */
    String describe();

    int batchSize();

    /** Env steps (all shards) before the first update. */
    int warmupSteps();

    /** Replay capacity (split across the shards). */
    int capacity();

    /** The config the learner's own state is built and checkpointed with: no replay of its own (capacity 1). */
    AlgorithmConfig learnerConfig();

    /**
     * A fresh learner state for an env with {@code obsSize} observations and {@code actionSpace}, from {@code seed}.
     *
     * @throws IllegalArgumentException when the algorithm does not fit the action space, naming the env
     */
    LearnerAlgorithm create(String envId, int obsSize, Space actionSpace, long seed);
}
