package org.strider.learner.dqn;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.strider.learner.nn.QNetwork;
import org.strider.learner.optim.Adam;
import org.strider.learner.replay.ReplayBuffer;
import org.strider.learner.td3.Td3State;
import org.strider.random.Seeds;
import org.strider.random.SplitMix64;

/**
 * Everything a DQN run is at one moment, and so everything a checkpoint holds (as {@link Td3State} for TD3): the
 * Q network and its target (batch-norm running statistics included: they live in the flat parameters), the Adam
 * moments and step count, the env-step and update counters, every generator's state (SplitMix64), the replay
 * buffer (the action index stored as one float), and the episode in progress (its index, its actions, the
 * current observation), from which a deterministic env is rebuilt exactly.
 *
 * <p>All randomness derives from the run seed through {@link Seeds#derive}, with the same indices as TD3: 0 the Q
 * network's initialisation, 4 replay sampling, 5 ε-greedy draws, 6 warm-up actions, 7 training episode seeds
 * (even; {@link #evalSeed evaluation seeds} are odd and shared with TD3).
 *
 * <p>Mutable and single-threaded: {@link DqnUpdate} and the trainer change it in place.
 */
public final class DqnState {
    private final DqnConfig config;
    private final long seed;
    private final int obsSize;
    private final int actions;

    private final QNetwork q;
    private final QNetwork qTarget;
    private final Adam optimiser;
    private final ReplayBuffer replay;
    private final SplitMix64 explorationRng;
    private final SplitMix64 warmupRng;

    private long envSteps;
    private long updates;
    private long learningStartsAt;
    private long episodes;
    private boolean inEpisode;
    private int episodeSteps;
    private double episodeReturn;
    private int[] episodeActions;
    private final float[] obs;

    private DqnState(final DqnConfig config, final long seed, final int obsSize, final int actions) {
        if (obsSize <= 0) {
            throw new IllegalArgumentException("observation size must be positive: " + obsSize);
        }
        if (actions < 2) {
            throw new IllegalArgumentException("DQN needs at least 2 discrete actions, got " + actions);
        }
        this.config = config;
        this.seed = seed;
        this.obsSize = obsSize;
        this.actions = actions;
        final DqnConfig.Networks nets = config.networks();
        this.q = new QNetwork(obsSize, nets.hidden(), nets.activation(), nets.batchNorm(), actions, DataType.FLOAT);
        this.qTarget = new QNetwork(obsSize, nets.hidden(), nets.activation(), nets.batchNorm(), actions,
            DataType.FLOAT);
        q.initialize(Seeds.derive(seed, 0));
        qTarget.copyParamsFrom(q);
        qTarget.training(false);
        this.optimiser = Adam.of(q, config.optimiser().learningRate());
        this.replay = new ReplayBuffer(config.replay().capacity(), obsSize, 1, Seeds.derive(seed, 4));
        this.explorationRng = new SplitMix64(Seeds.derive(seed, 5));
        this.warmupRng = new SplitMix64(Seeds.derive(seed, 6));
        this.learningStartsAt = config.replay().warmupSteps();
        this.episodeActions = new int[256];
        this.obs = new float[obsSize];
    }

    /** A fresh run: Q initialised from {@code seed}, target equal to it, empty replay. */
    public static DqnState create(final DqnConfig config, final int obsSize, final int actions, final long seed) {
        return new DqnState(config, seed, obsSize, actions);
    }

    /** The env seed of training episode {@code index} (0-based): even, so never an evaluation seed. */
    public long trainingEpisodeSeed(final long index) {
        return Seeds.derive(Seeds.derive(seed, 7), index) & ~1L;
    }

    /** The env seed of evaluation episode {@code index}: odd, the same for every run and algorithm. */
    public static long evalSeed(final int index) {
        return Td3State.evalSeed(index);
    }

    public DqnConfig config() {
        return config;
    }

    public long seed() {
        return seed;
    }

    public int obsSize() {
        return obsSize;
    }

    /** Number of discrete actions. */
    public int actions() {
        return actions;
    }

    /** The online Q network. */
    public QNetwork q() {
        return q;
    }

    /** The target Q network (always in eval mode). */
    public QNetwork qTarget() {
        return qTarget;
    }

    public Adam optimiser() {
        return optimiser;
    }

    public ReplayBuffer replay() {
        return replay;
    }

    /** Draws ε-greedy's coin and its random action. */
    public SplitMix64 explorationRng() {
        return explorationRng;
    }

    /** Draws the uniform warm-up actions. */
    public SplitMix64 warmupRng() {
        return warmupRng;
    }

    public long envSteps() {
        return envSteps;
    }

    public void envSteps(final long value) {
        envSteps = value;
    }

    public long updates() {
        return updates;
    }

    public void updates(final long value) {
        updates = value;
    }

    /** Updates run once {@link #envSteps()} exceeds this (see {@link Td3State#learningStartsAt()}). */
    public long learningStartsAt() {
        return learningStartsAt;
    }

    public void learningStartsAt(final long value) {
        learningStartsAt = value;
    }

    /** Training episodes started; the one in progress, if any, is number {@code episodes() - 1}. */
    public long episodes() {
        return episodes;
    }

    public boolean inEpisode() {
        return inEpisode;
    }

    public int episodeSteps() {
        return episodeSteps;
    }

    public double episodeReturn() {
        return episodeReturn;
    }

    /** The current observation (live). */
    public float[] obs() {
        return obs;
    }

    /** A copy of the actions taken in the episode in progress. */
    public int[] episodeActions() {
        return Arrays.copyOf(episodeActions, episodeSteps);
    }

    public void startEpisode(final float[] firstObs) {
        System.arraycopy(firstObs, 0, obs, 0, obsSize);
        episodes++;
        inEpisode = true;
        episodeSteps = 0;
        episodeReturn = 0;
    }

    /** Records one step of the episode in progress: the action taken, its reward and the next observation. */
    public void recordStep(final int action, final double reward, final float[] nextObs) {
        if (episodeSteps == episodeActions.length) {
            episodeActions = Arrays.copyOf(episodeActions, 2 * episodeActions.length);
        }
        episodeActions[episodeSteps++] = action;
        episodeReturn += reward;
        System.arraycopy(nextObs, 0, obs, 0, obsSize);
    }

    public void endEpisode() {
        inEpisode = false;
    }

    /** Restores counters and the episode in progress (checkpoint loading). */
    public void restoreProgress(final long envSteps, final long updates, final long learningStartsAt,
        final long episodes, final boolean inEpisode, final double episodeReturn, final int[] episodeActions,
        final float[] obs) {
        if (obs.length != obsSize) {
            throw new IllegalArgumentException("observation of " + obs.length + " values, the state has " + obsSize);
        }
        for (final int a : episodeActions) {
            if (a < 0 || a >= actions) {
                throw new IllegalArgumentException("episode action " + a + " outside 0.." + (actions - 1));
            }
        }
        this.envSteps = envSteps;
        this.updates = updates;
        this.learningStartsAt = learningStartsAt;
        this.episodes = episodes;
        this.inEpisode = inEpisode;
        this.episodeSteps = episodeActions.length;
        this.episodeReturn = episodeReturn;
        this.episodeActions = Arrays.copyOf(episodeActions, Math.max(256, episodeActions.length));
        System.arraycopy(obs, 0, this.obs, 0, obsSize);
    }
}
