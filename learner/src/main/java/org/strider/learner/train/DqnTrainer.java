package org.strider.learner.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.strider.env.Discrete;
import org.strider.env.Env;
import org.strider.env.EnvRegistry;
import org.strider.env.Step;
import org.strider.learner.dqn.DqnConfig;
import org.strider.learner.dqn.DqnMetrics;
import org.strider.learner.dqn.DqnState;
import org.strider.learner.dqn.DqnUpdate;
import org.strider.learner.dqn.EpsilonSchedule;
import org.strider.learner.replay.ReplayBatch;
import org.strider.nn.GreedyPolicy;

/**
 * The synchronous single-thread DQN trainer, SB3's loop for one env: act (uniformly random during the warm-up,
 * then ε-greedy on Q), step the env, store the transition (the action index as one float), and every
 * {@code train_every} env steps past the warm-up run {@code gradient_steps} updates; evaluate greedily every
 * {@code evalEvery} env steps on the fixed evaluation episodes. The greedy action comes from the plain-Java
 * {@link GreedyPolicy} an actor node runs, reloaded from {@link org.strider.learner.nn.QNetwork#inferenceParams()}
 * after each burst of updates (batch norm folded in eval mode).
 *
 * <p>Reproducible bit for bit on CPU, and a {@link #resume resumed} state continues exactly, the episode in
 * progress rebuilt by replaying its recorded actions, as {@link Td3Trainer}.
 *
 * <pre>{@code
 * DqnTrainer trainer = DqnTrainer.create("CartPole-v1", DqnPresets.forEnv("CartPole-v1"), seed, settings);
 * TrainResult result = trainer.runUntil(50_000, listener);
 * }</pre>
 */
public final class DqnTrainer {
    private final String envId;
    private final Env env;
    private final Evaluator evaluator;
    private final DqnState state;
    private final TrainSettings settings;
    private final DqnUpdate learner;
    private final EpsilonSchedule epsilon;
    private final boolean epsilonPerEpisode;
    private final GreedyPolicy policy;
    private final ReplayBatch batch;
    private final Step step;
    private final float[] storedAction = new float[1];
    private final int trainEvery;
    private final int gradientSteps;
    private DqnMetrics lastMetrics;
    private boolean stopRequested;
    private StopAtAverage.Window recentReturns;

    private DqnTrainer(final String envId, final Env env, final Env evalEnv, final DqnState state,
        final TrainSettings settings) {
        this.envId = envId;
        this.env = env;
        this.evaluator = new Evaluator(evalEnv);
        this.state = state;
        this.settings = settings;
        this.learner = new DqnUpdate(state);
        final DqnConfig config = state.config();
        this.epsilon = new EpsilonSchedule(config.exploration());
        this.epsilonPerEpisode = config.exploration().unit() == DqnConfig.DecayUnit.EPISODES;
        this.policy = new GreedyPolicy(state.q().inferenceSpec(), 1);
        this.batch = new ReplayBatch(config.replay().batchSize(), state.obsSize(), 1);
        this.step = Step.forEnv(env);
        this.trainEvery = config.dqn().trainEvery();
        this.gradientSteps = config.dqn().gradientSteps();
        policy.load(state.q().inferenceParams());
        if (state.inEpisode()) {
            replayEpisodeInProgress();
        }
    }

    /** A fresh run of {@code config} on the registered env {@code envId} (default options) from {@code seed}. */
    public static DqnTrainer create(final String envId, final DqnConfig config, final long seed,
        final TrainSettings settings) {
        final Env env = EnvRegistry.make(envId);
        final DqnState state = DqnState.create(config, env.observationSpace().flatSize(), discrete(env).n(), seed);
        return new DqnTrainer(envId, env, EnvRegistry.make(envId), state, settings);
    }

    /** Continues {@code state} (e.g. loaded from a checkpoint) on the env {@code envId}. */
    public static DqnTrainer resume(final String envId, final DqnState state, final TrainSettings settings) {
        return create(EnvRegistry.make(envId), EnvRegistry.make(envId), state, settings);
    }

    /** A trainer on envs the caller built: {@code env} trains, {@code evalEnv} (another instance) evaluates. */
    public static DqnTrainer create(final Env env, final Env evalEnv, final DqnState state,
        final TrainSettings settings) {
        checkFits(env, state);
        checkFits(evalEnv, state);
        return new DqnTrainer(env.spec().id(), env, evalEnv, state, settings);
    }

    private static void checkFits(final Env env, final DqnState state) {
        final Discrete space = discrete(env);
        if (env.observationSpace().flatSize() != state.obsSize() || space.n() != state.actions()) {
            throw new IllegalArgumentException(env.spec().id() + " has observations of "
                + env.observationSpace().flatSize() + " and actions " + space.describe() + "; the state was made for "
                + "observations of " + state.obsSize() + " and Discrete(" + state.actions() + ")");
        }
    }

    /** The env's discrete action space, or an error saying DQN needs one. */
    static Discrete discrete(final Env env) {
        if (!(env.actionSpace() instanceof Discrete d)) {
            throw new IllegalArgumentException(env.spec().id() + " has a continuous action space "
                + env.actionSpace().describe() + "; DQN needs a Discrete one (use td3 or ddpg)");
        }
        return d;
    }

    public DqnState state() {
        return state;
    }

    public String envId() {
        return envId;
    }

    /** The greedy policy the trainer acts with (current weights). */
    public GreedyPolicy policy() {
        return policy;
    }

    /** Ends {@link #runUntil} after the current env step. */
    public void stop() {
        stopRequested = true;
    }

    /** ε for the next training step. */
    public double epsilon() {
        return epsilon.at(epsilonPerEpisode ? Math.max(0, state.episodes() - (state.inEpisode() ? 1 : 0))
            : state.envSteps());
    }

    /** The greedy policy's evaluation now, outside the schedule. */
    public Evaluation evaluate(final int episodes) {
        return evaluator.evaluate(policy, episodes, state.envSteps(), state.updates());
    }

    /**
     * Trains until {@link DqnState#envSteps()} reaches {@code totalEnvSteps}, a listener calls {@link #stop}, or
     * the settings' {@link StopAtAverage} is reached.
     */
    public TrainResult runUntil(final long totalEnvSteps, final TrainListener listener) {
        final long start = System.nanoTime();
        final long startSteps = state.envSteps();
        final List<Evaluation> curve = new ArrayList<>();
        final List<Episode> episodes = new ArrayList<>();
        stopRequested = false;
        recentReturns = settings.stopAt() == null ? null : settings.stopAt().newWindow();
        while (state.envSteps() < totalEnvSteps && !stopRequested) {
            if (!state.inEpisode()) {
                startEpisode();
            }
            envStep(episodes, listener);
            final long n = state.envSteps();
            if (settings.evalEvery() > 0 && n % settings.evalEvery() == 0) {
                final Evaluation evaluation = evaluate(settings.evalEpisodes());
                curve.add(evaluation);
                listener.onEvaluation(evaluation);
            }
            if (settings.progressEvery() > 0 && n % settings.progressEvery() == 0) {
                final double seconds = (System.nanoTime() - start) / 1e9;
                listener.onDqnProgress(n, lastMetrics, (n - startSteps) / Math.max(seconds, 1e-9));
            }
        }
        return new TrainResult(curve, episodes, state.envSteps(), state.updates(),
            (System.nanoTime() - start) / 1e9);
    }

    private int chooseAction(final float[] obs) {
        if (state.envSteps() < state.config().replay().warmupSteps()) {
            return state.warmupRng().nextInt(state.actions());
        }
        // SB3's predict: a coin per step, a uniform action when it falls below epsilon, else argmax Q.
        if (state.explorationRng().nextDouble() < epsilon()) {
            return state.explorationRng().nextInt(state.actions());
        }
        return policy.act(obs);
    }

    private void envStep(final List<Episode> episodes, final TrainListener listener) {
        final float[] obs = state.obs();
        final int action = chooseAction(obs);
        env.step(action, step);
        final long n = state.envSteps() + 1;
        storedAction[0] = action;
        try {
            // Stored as terminated (no bootstrap) only when the MDP ended; a time-limit truncation is stored as 0.
            state.replay().add(obs, storedAction, (float) step.reward, step.obs, step.terminated);
        } catch (final IllegalArgumentException e) {
            throw new IllegalStateException(envId + ": training env step " + n + " (episode "
                + (state.episodes() - 1) + ", step " + (state.episodeSteps() + 1) + ") gave a transition the replay "
                + "buffer refused: " + e.getMessage(), e);
        }
        state.recordStep(action, step.reward, step.obs);
        state.envSteps(n);

        if (n > state.learningStartsAt() && n % trainEvery == 0) {
            for (int g = 0; g < gradientSteps; g++) {
                state.replay().sample(batch);
                try {
                    lastMetrics = learner.update(batch);
                } catch (final IllegalStateException e) {
                    throw new IllegalStateException(envId + ", env step " + n + ": " + e.getMessage(), e);
                }
            }
            policy.load(state.q().inferenceParams());
        }
        if (step.done()) {
            final Episode episode = new Episode(state.episodes() - 1, n, state.episodeReturn(), state.episodeSteps(),
                step.terminated);
            state.endEpisode();
            episodes.add(episode);
            listener.onEpisode(episode);
            if (recentReturns != null && recentReturns.add(episode.totalReward())) {
                stopRequested = true;
                listener.onStopAtAverage(n, recentReturns.average(), settings.stopAt());
            }
        }
    }

    private void startEpisode() {
        env.reset(state.trainingEpisodeSeed(state.episodes()), step);
        state.startEpisode(step.obs);
    }

    /** Rebuilds the env inside the episode in progress: reset with its seed, then the recorded actions. */
    private void replayEpisodeInProgress() {
        final long episode = state.episodes() - 1;
        env.reset(state.trainingEpisodeSeed(episode), step);
        final int[] actions = state.episodeActions();
        for (int t = 0; t < actions.length; t++) {
            if (step.done()) {
                throw new IllegalStateException(envId + ": replaying episode " + episode + " of the state, the env "
                    + "ended after " + t + " of " + actions.length + " recorded steps; is it deterministic?");
            }
            env.step(actions[t], step);
        }
        if (!Arrays.equals(step.obs, state.obs()) || step.done()) {
            throw new IllegalStateException(envId + ": replaying episode " + episode + " of the state for "
                + actions.length + " steps gave observation " + Arrays.toString(step.obs)
                + (step.done() ? " (episode over)" : "") + ", the state recorded " + Arrays.toString(state.obs())
                + "; is the env deterministic, and the same env?");
        }
    }
}
