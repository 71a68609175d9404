package org.strider.learner.td3;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.strider.env.Box;
import org.strider.learner.nn.BranchCritic;
import org.strider.learner.nn.Mlp;
import org.strider.learner.nn.MlpCritic;
import org.strider.learner.nn.Network;
import org.strider.learner.nn.QFunction;
import org.strider.learner.optim.Adam;
import org.strider.learner.replay.ReplayBuffer;
import org.strider.nn.MlpSpec;
import org.strider.random.Seeds;
import org.strider.random.SplitMix64;

/**
 * Everything a TD3/DDPG run is at one moment, and so everything a checkpoint holds: the actor, the critics (two
 * for TD3, one for DDPG), their targets, the Adam moments and step counts, the env-step and update counters,
 * every generator's state, the replay buffer, and the episode in progress (its index, the actions taken so far
 * and the current observation, from which a deterministic env is rebuilt exactly).
 *
 * <p>All randomness comes from the run seed through {@link Seeds#derive}: network initialisation, target-policy
 * noise, replay sampling, exploration noise, warm-up actions, and each training episode's env seed. Training
 * episode seeds are even and {@link #evalSeed evaluation seeds} odd, so the two never meet.
 *
 * <p>Mutable and single-threaded: {@link Td3Update} and the trainer change it in place.
 */
public final class Td3State {
    /** Root of the evaluation seeds: the same episodes for every run and every evaluation. */
    private static final long EVAL_SEED_ROOT = 0x5D3E_7A11L;

    private final Td3Config config;
    private final long seed;
    private final int obsSize;
    private final int actionSize;
    private final float[] actionLow;
    private final float[] actionHigh;
    private final float[] actionScale;

    private final Mlp actor;
    private final Mlp actorTarget;
    private final Network critic1;
    private final Network critic1Target;
    private final Network critic2;
    private final Network critic2Target;
    private final Adam actorOptimiser;
    private final Adam critic1Optimiser;
    private final Adam critic2Optimiser;
    private final ReplayBuffer replay;

    private final SplitMix64 targetNoiseRng;
    private final SplitMix64 explorationRng;
    private final SplitMix64 warmupRng;
    private final double[] ouNoise;

    private long envSteps;
    private long updates;
    private long learningStartsAt;
    private long episodes;
    private boolean inEpisode;
    private int episodeSteps;
    private double episodeReturn;
    private float[] episodeActions;
    private final float[] obs;

    private Td3State(final Td3Config config, final long seed, final int obsSize, final Box actionSpace) {
        if (obsSize <= 0) {
            throw new IllegalArgumentException("observation size must be positive: " + obsSize);
        }
        if (!actionSpace.isBounded()) {
            throw new IllegalArgumentException("TD3 needs a bounded action Box, got " + actionSpace.describe());
        }
        this.config = config;
        this.seed = seed;
        this.obsSize = obsSize;
        this.actionSize = actionSpace.flatSize();
        this.actionLow = actionSpace.low();
        this.actionHigh = actionSpace.high();
        this.actionScale = new float[actionSize];
        for (int j = 0; j < actionSize; j++) {
            actionScale[j] = (actionHigh[j] - actionLow[j]) / 2f;
        }
        final Td3Config.Networks nets = config.networks();
        final MlpSpec actorSpec = MlpSpec.actor(obsSize, nets.actorHidden(), nets.activation(), actionLow, actionHigh);
        this.actor = new Mlp(actorSpec, DataType.FLOAT);
        this.actorTarget = new Mlp(actorSpec, DataType.FLOAT);
        this.critic1 = newCritic();
        this.critic1Target = newCritic();
        this.critic2 = config.twinCritics() ? newCritic() : null;
        this.critic2Target = config.twinCritics() ? newCritic() : null;
        actor.initialize(Seeds.derive(seed, 0));
        critic1.initialize(Seeds.derive(seed, 1));
        actorTarget.copyParamsFrom(actor);
        critic1Target.copyParamsFrom(critic1);
        if (critic2 != null) {
            critic2.initialize(Seeds.derive(seed, 2));
            critic2Target.copyParamsFrom(critic2);
        }
        this.actorOptimiser = Adam.of(actor, config.optimiser().actorLearningRate());
        this.critic1Optimiser = Adam.of(critic1, config.optimiser().criticLearningRate());
        this.critic2Optimiser = critic2 == null ? null : Adam.of(critic2, config.optimiser().criticLearningRate());
        this.targetNoiseRng = new SplitMix64(Seeds.derive(seed, 3));
        this.replay = new ReplayBuffer(config.replay().capacity(), obsSize, actionSize, Seeds.derive(seed, 4));
        this.explorationRng = new SplitMix64(Seeds.derive(seed, 5));
        this.warmupRng = new SplitMix64(Seeds.derive(seed, 6));
        this.ouNoise = new double[actionSize];
        this.learningStartsAt = config.replay().warmupSteps();
        this.episodeActions = new float[actionSize * 256];
        this.obs = new float[obsSize];
    }

    /** A fresh run: networks initialised from {@code seed}, targets equal to them, empty replay. */
    public static Td3State create(final Td3Config config, final int obsSize, final Box actionSpace, final long seed) {
        return new Td3State(config, seed, obsSize, actionSpace);
    }

    private Network newCritic() {
        final Td3Config.Networks nets = config.networks();
        return switch (nets.critic()) {
            case CONCAT -> MlpCritic.concat(obsSize, actionSize, nets.criticHidden(), nets.activation(), DataType.FLOAT);
            case ACTION_AT_FIRST_TWO_LAYERS -> MlpCritic.actionAtFirstTwoLayers(obsSize, actionSize,
                nets.criticHidden()[0], nets.criticHidden()[1], DataType.FLOAT);
            case STATE_BRANCH_LAYER_NORM -> new BranchCritic(obsSize, actionSize, nets.criticHidden(), DataType.FLOAT);
        };
    }

    /** The env seed of training episode {@code index} (0-based): even, so never an evaluation seed. */
    public long trainingEpisodeSeed(final long index) {
        return Seeds.trainingEpisodeSeed(seed, index);
    }

    /** The env seed of evaluation episode {@code index}: odd, the same for every run. */
    public static long evalSeed(final int index) {
        return Seeds.derive(EVAL_SEED_ROOT, index) | 1L;
    }

    public Td3Config config() {
        return config;
    }

    /** The run seed everything else derives from. */
    public long seed() {
        return seed;
    }

    public int obsSize() {
        return obsSize;
    }

    public int actionSize() {
        return actionSize;
    }

    public float[] actionLow() {
        return actionLow.clone();
    }

    public float[] actionHigh() {
        return actionHigh.clone();
    }

    /** Half-range {@code (high - low) / 2} per action dimension: the unit of every noise σ. */
    public float[] actionScale() {
        return actionScale.clone();
    }

    public Mlp actor() {
        return actor;
    }

    public Mlp actorTarget() {
        return actorTarget;
    }

    /** The first critic (the one the actor climbs), a {@link QFunction}. */
    public Network critic1() {
        return critic1;
    }

    public Network critic1Target() {
        return critic1Target;
    }

    /** The twin critic; null for DDPG. */
    public Network critic2() {
        return critic2;
    }

    public Network critic2Target() {
        return critic2Target;
    }

    public Adam actorOptimiser() {
        return actorOptimiser;
    }

    public Adam critic1Optimiser() {
        return critic1Optimiser;
    }

    /** Null for DDPG. */
    public Adam critic2Optimiser() {
        return critic2Optimiser;
    }

    public ReplayBuffer replay() {
        return replay;
    }

    /** Draws the target-policy smoothing noise. */
    public SplitMix64 targetNoiseRng() {
        return targetNoiseRng;
    }

    /** Draws the exploration noise. */
    public SplitMix64 explorationRng() {
        return explorationRng;
    }

    /** Draws the uniform warm-up actions. */
    public SplitMix64 warmupRng() {
        return warmupRng;
    }

    /** The Ornstein-Uhlenbeck process's current value per action dimension (live; zeros for Gaussian noise). */
    public double[] ouNoise() {
        return ouNoise;
    }

    /** Env steps taken in training (evaluation steps not counted). */
    public long envSteps() {
        return envSteps;
    }

    public void envSteps(final long value) {
        envSteps = value;
    }

    /** Updates done (critic steps); the actor learns on those whose number is a multiple of the policy delay. */
    public long updates() {
        return updates;
    }

    public void updates(final long value) {
        updates = value;
    }

    /**
     * Updates run after each env step once {@link #envSteps()} exceeds this: the warm-up at first; after a
     * checkpoint loaded without its replay buffer, the loaded step count plus another warm-up's worth of steps.
     */
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

    /** A copy of the actions taken in the episode in progress, {@code episodeSteps() * actionSize()} floats. */
    public float[] episodeActions() {
        return Arrays.copyOf(episodeActions, episodeSteps * actionSize);
    }

    /** Marks a new episode started with {@code firstObs}. */
    public void startEpisode(final float[] firstObs) {
        System.arraycopy(firstObs, 0, obs, 0, obsSize);
        episodes++;
        inEpisode = true;
        episodeSteps = 0;
        episodeReturn = 0;
    }

    /** Records one step of the episode in progress: the action taken, its reward and the next observation. */
    public void recordStep(final float[] action, final double reward, final float[] nextObs) {
        final int at = episodeSteps * actionSize;
        if (at + actionSize > episodeActions.length) {
            episodeActions = Arrays.copyOf(episodeActions, Math.max(at + actionSize, 2 * episodeActions.length));
        }
        System.arraycopy(action, 0, episodeActions, at, actionSize);
        episodeSteps++;
        episodeReturn += reward;
        System.arraycopy(nextObs, 0, obs, 0, obsSize);
    }

    public void endEpisode() {
        inEpisode = false;
    }

    /** Restores counters and the episode in progress (checkpoint loading). */
    public void restoreProgress(final long envSteps, final long updates, final long learningStartsAt,
        final long episodes, final boolean inEpisode, final int episodeSteps, final double episodeReturn,
        final float[] episodeActions, final float[] obs) {
        if (episodeActions.length != episodeSteps * actionSize || obs.length != obsSize) {
            throw new IllegalArgumentException("episode in progress does not fit: " + episodeSteps + " steps with "
                + episodeActions.length + " action values, observation of " + obs.length);
        }
        this.envSteps = envSteps;
        this.updates = updates;
        this.learningStartsAt = learningStartsAt;
        this.episodes = episodes;
        this.inEpisode = inEpisode;
        this.episodeSteps = episodeSteps;
        this.episodeReturn = episodeReturn;
        this.episodeActions = Arrays.copyOf(episodeActions, Math.max(actionSize * 256, episodeActions.length));
        System.arraycopy(obs, 0, this.obs, 0, obsSize);
    }
}
