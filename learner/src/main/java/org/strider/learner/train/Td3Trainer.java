package org.strider.learner.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.strider.env.Box;
import org.strider.env.Env;
import org.strider.env.EnvRegistry;
import org.strider.env.Step;
import org.strider.learner.replay.ReplayBatch;
import org.strider.learner.td3.Exploration;
import org.strider.learner.td3.Td3Config;
import org.strider.learner.td3.Td3Metrics;
import org.strider.learner.td3.Td3State;
import org.strider.learner.td3.Td3Update;
import org.strider.nn.MlpInference;

/**
 * The synchronous single-thread trainer, CleanRL's loop: act (random during the warm-up, then actor + noise),
 * step the env, store the transition, then one update per env step once the warm-up is over; evaluate every
 * {@code evalEvery} env steps. The actor acts through the plain-Java {@link MlpInference}, reloaded from the
 * learner's flat parameters whenever an update steps the actor.
 *
 * <p>Reproducible bit for bit on CPU: the same config and seed give the same weights (every random draw comes
 * from the {@link Td3State}, the env is deterministic for its seed and actions, ND4J on one thread). A
 * {@link #resume resumed} state continues exactly where it stopped, the episode in progress included: the env is
 * rebuilt by resetting it with the episode's seed and replaying the actions the state recorded.
 *
 * <pre>{@code
 * Td3Trainer trainer = Td3Trainer.create("Pendulum-v1", Td3Presets.forEnv("Pendulum-v1"), seed, settings);
 * TrainResult result = trainer.runUntil(20_000, listener);
 * }</pre>
 */
public final class Td3Trainer {
    private final String envId;
    private final Env env;
    private final Evaluator evaluator;
    private final Td3State state;
    private final TrainSettings settings;
    private final Td3Update learner;
    private final Exploration exploration;
    private final MlpInference policy;
    private final ReplayBatch batch;
    private final Step step;
    private final float[] action;
    private Td3Metrics lastMetrics;
    private boolean stopRequested;
    private StopAtAverage.Window recentReturns;

    private Td3Trainer(final String envId, final Env env, final Env evalEnv, final Td3State state,
        final TrainSettings settings) {
        this.envId = envId;
        this.env = env;
        this.evaluator = new Evaluator(evalEnv);
        this.state = state;
        this.settings = settings;
        this.learner = new Td3Update(state);
        this.exploration = new Exploration(state);
        this.policy = new MlpInference(state.actor().spec(), 1);
        this.batch = new ReplayBatch(state.config().replay().batchSize(), state.obsSize(), state.actionSize());
        this.step = Step.forEnv(env);
        this.action = new float[state.actionSize()];
        policy.load(state.actor().paramsToFloats());
        if (state.inEpisode()) {
            replayEpisodeInProgress();
        }
    }

    /** A fresh run of {@code config} on the registered env {@code envId} (default options) from {@code seed}. */
    public static Td3Trainer create(final String envId, final Td3Config config, final long seed,
        final TrainSettings settings) {
        final Env env = EnvRegistry.make(envId);
        final Td3State state = Td3State.create(config, env.observationSpace().flatSize(), actionBox(env), seed);
        return new Td3Trainer(envId, env, EnvRegistry.make(envId), state, settings);
    }

    /**
     * Continues {@code state} (e.g. loaded from a checkpoint) on the env {@code envId}; an episode in progress is
     * rebuilt exactly, or the constructor throws if the env does not reproduce the recorded observation.
     */
    public static Td3Trainer resume(final String envId, final Td3State state, final TrainSettings settings) {
        return create(EnvRegistry.make(envId), EnvRegistry.make(envId), state, settings);
    }

    /**
     * A trainer on envs the caller built (e.g. with options): {@code env} trains, {@code evalEnv} (another
     * instance of the same env) evaluates. An episode in progress in {@code state} is rebuilt in {@code env}.
     */
    public static Td3Trainer create(final Env env, final Env evalEnv, final Td3State state,
        final TrainSettings settings) {
        checkFits(env, state);
        checkFits(evalEnv, state);
        return new Td3Trainer(env.spec().id(), env, evalEnv, state, settings);
    }

    private static void checkFits(final Env env, final Td3State state) {
        final Box box = actionBox(env);
        if (env.observationSpace().flatSize() != state.obsSize() || !Arrays.equals(box.low(), state.actionLow())
            || !Arrays.equals(box.high(), state.actionHigh())) {
            throw new IllegalArgumentException(env.spec().id() + " has observations of "
                + env.observationSpace().flatSize() + " and actions " + box.describe() + "; the state was made for "
                + "observations of " + state.obsSize() + " and actions in " + Arrays.toString(state.actionLow())
                + " .. " + Arrays.toString(state.actionHigh()));
        }
    }

    private static Box actionBox(final Env env) {
        if (!(env.actionSpace() instanceof Box box)) {
            throw new IllegalArgumentException(env.spec().id() + " has a discrete action space "
                + env.actionSpace().describe() + "; TD3 and DDPG need a continuous Box");
        }
        return box;
    }

    public Td3State state() {
        return state;
    }

    public String envId() {
        return envId;
    }

    /** Ends {@link #runUntil} after the current env step (call it from a listener hook). */
    public void stop() {
        stopRequested = true;
    }

    /** The deterministic policy's evaluation now, outside the schedule. */
    public Evaluation evaluate(final int episodes) {
        return evaluator.evaluate(policy, episodes, state.envSteps(), state.updates());
    }

    /**
     * Trains until {@link Td3State#envSteps()} reaches {@code totalEnvSteps}, a listener calls {@link #stop}, or
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
                listener.onProgress(n, lastMetrics, (n - startSteps) / Math.max(seconds, 1e-9));
            }
        }
        return new TrainResult(curve, episodes, state.envSteps(), state.updates(),
            (System.nanoTime() - start) / 1e9);
    }

    private void envStep(final List<Episode> episodes, final TrainListener listener) {
        final float[] obs = state.obs();
        if (exploration.warmingUp()) {
            exploration.randomAction(action);
        } else {
            policy.forward(obs, 1, action);
            exploration.perturb(action);
        }
        env.step(action, step);
        final long n = state.envSteps() + 1;
        try {
            // Stored as terminated (no bootstrap) only when the MDP ended; a time-limit truncation is stored as 0.
            state.replay().add(obs, action, (float) step.reward, step.obs, step.terminated);
        } catch (final IllegalArgumentException e) {
            throw new IllegalStateException(envId + ": training env step " + n + " (episode "
                + (state.episodes() - 1) + ", step " + (state.episodeSteps() + 1) + ") gave a transition the replay "
                + "buffer refused: " + e.getMessage(), e);
        }
        // The next observation becomes the current one (CleanRL: "CRUCIAL step easy to overlook").
        state.recordStep(action, step.reward, step.obs);
        state.envSteps(n);

        if (n > state.learningStartsAt()) {
            state.replay().sample(batch);
            try {
                lastMetrics = learner.update(batch);
            } catch (final IllegalStateException e) {
                throw new IllegalStateException(envId + ", env step " + n + ": " + e.getMessage(), e);
            }
            if (lastMetrics.actorUpdated) {
                policy.load(state.actor().paramsToFloats());
            }
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
        exploration.resetEpisode();
        state.startEpisode(step.obs);
    }

    /** Rebuilds the env inside the episode in progress: reset with its seed, then the recorded actions. */
    private void replayEpisodeInProgress() {
        final long episode = state.episodes() - 1;
        env.reset(state.trainingEpisodeSeed(episode), step);
        final float[] actions = state.episodeActions();
        final float[] one = new float[state.actionSize()];
        for (int t = 0; t < state.episodeSteps(); t++) {
            if (step.done()) {
                throw new IllegalStateException(envId + ": replaying episode " + episode + " of the state, the env "
                    + "ended after " + t + " of " + state.episodeSteps() + " recorded steps; is it deterministic?");
            }
            System.arraycopy(actions, t * one.length, one, 0, one.length);
            env.step(one, step);
        }
        if (!Arrays.equals(step.obs, state.obs()) || step.done()) {
            throw new IllegalStateException(envId + ": replaying episode " + episode + " of the state for "
                + state.episodeSteps() + " steps gave observation " + Arrays.toString(step.obs)
                + (step.done() ? " (episode over)" : "") + ", the state recorded " + Arrays.toString(state.obs())
                + "; is the env deterministic, and the same env?");
        }
    }
}
