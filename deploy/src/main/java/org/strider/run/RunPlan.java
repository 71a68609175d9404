package org.strider.run;

import org.strider.control.RolloutSpec;
import org.strider.control.RunSpec;
import org.strider.learner.cluster.AlgorithmConfig;
import org.strider.learner.dqn.DqnConfig;
import org.strider.learner.td3.Td3Config;
import org.strider.random.Seeds;

/**
 * A distributed run as the user asks for it: the env and algorithm config (TD3/DDPG or DQN: {@link AlgorithmConfig};
 * {@link #config()} is the TD3 one, kept for TD3 call sites), how many actor nodes with how many
 * envs each, how many shards, and the replay ratio; {@link #toRunSpec} turns it into the settings every node gets.
 *
 * @param updatesPerStep learner updates per env step (the replay ratio); the shards' rate limiter holds it at
 *                       {@code samples per insert = updatesPerStep × batch size} whatever the actors' speed (DQN:
 *                       the config loader sets it to {@code dqn.gradient_steps / dqn.train_every})
 * @param apeX           DQN only: each actor node keeps Ape-X's fixed ε_i = 0.4^(1 + 7 i / (actors - 1)) instead of
 *                       the config's ε schedule
 * @param rowsPerFrame   transitions per frame an actor publishes
 * @param weightsEvery   learner updates between weight broadcasts
 * @param evalEvery      env steps between evaluations (0: none)
 * @param lockstep       reproduce {@code Td3Trainer} bit for bit (see {@link RunSpec#lockstep()}): needs one actor
 *                       of one env, one shard and one update per step; frames of one transition and weights after
 *                       every update are then implied, whatever {@code rowsPerFrame} and {@code weightsEvery} say
 */
public record RunPlan(String envId, AlgorithmConfig algorithm, long seed, int actors, int envsPerActor, int shards,
    long totalSteps, double updatesPerStep, int rowsPerFrame, int weightsEvery, long evalEvery, int evalEpisodes,
    boolean lockstep, boolean apeX) {
    public RunPlan {
        if (algorithm == null) {
            throw new IllegalArgumentException("a run plan needs an algorithm config");
        }
        if (actors < 0 || envsPerActor < 1 || shards < 1 || totalSteps < 1 || !(updatesPerStep > 0)
            || rowsPerFrame < 1 || weightsEvery < 1 || evalEvery < 0 || evalEpisodes < 1) {
            throw new IllegalArgumentException("run plan out of range: actors " + actors + " (>= 0), envs per actor "
                + envsPerActor + " (>= 1), shards " + shards + " (>= 1), steps " + totalSteps + " (>= 1), updates per "
                + "step " + updatesPerStep + " (> 0), rows per frame " + rowsPerFrame + " (>= 1), weights every "
                + weightsEvery + " (>= 1), eval every " + evalEvery + " (>= 0), eval episodes " + evalEpisodes);
        }
        if (actors > 0 && actors < shards) {
            throw new IllegalArgumentException("--actors " + actors + " is fewer than --shards " + shards + ": actor "
                + "i feeds shard i mod shards, so some shards would never reach their warm-up and the learner, which "
                + "samples every shard, would wait for them; use at least as many actors as shards");
        }
        if (lockstep && algorithm instanceof AlgorithmConfig.Dqn) {
            throw new IllegalArgumentException("lockstep reproduces the synchronous TD3 trainer; a DQN run has none");
        }
        if (apeX && !(algorithm instanceof AlgorithmConfig.Dqn)) {
            throw new IllegalArgumentException("Ape-X per-actor epsilon is for DQN; this run trains "
                + algorithm.name());
        }
        if (lockstep && (actors != 1 || envsPerActor != 1 || shards != 1 || updatesPerStep != 1.0)) {
            throw new IllegalArgumentException("lockstep reproduces the synchronous trainer: it needs 1 actor, 1 env "
                + "per actor, 1 shard and 1 update per step; got " + actors + ", " + envsPerActor + ", " + shards
                + ", " + updatesPerStep);
        }
    }

    /** A TD3/DDPG run, lockstep if asked. */
    public RunPlan(final String envId, final Td3Config config, final long seed, final int actors,
        final int envsPerActor, final int shards, final long totalSteps, final double updatesPerStep,
        final int rowsPerFrame, final int weightsEvery, final long evalEvery, final int evalEpisodes,
        final boolean lockstep) {
        this(envId, new AlgorithmConfig.Td3(config), seed, actors, envsPerActor, shards, totalSteps, updatesPerStep,
            rowsPerFrame, weightsEvery, evalEvery, evalEpisodes, lockstep, false);
    }

    /**
     * A DQN run at the synchronous trainer's replay ratio ({@code gradient_steps / train_every} updates per env
     * step); {@code apeX}: Ape-X's per-actor ε instead of the config's schedule.
     */
    public static RunPlan dqn(final String envId, final DqnConfig config, final long seed, final int actors,
        final int envsPerActor, final int shards, final long totalSteps, final int rowsPerFrame,
        final int weightsEvery, final long evalEvery, final int evalEpisodes, final boolean apeX) {
        final AlgorithmConfig.Dqn dqn = new AlgorithmConfig.Dqn(config);
        return new RunPlan(envId, dqn, seed, actors, envsPerActor, shards, totalSteps, dqn.updatesPerStep(),
            rowsPerFrame, weightsEvery, evalEvery, evalEpisodes, false, apeX);
    }

    /** A normal (not lockstep) TD3/DDPG run. */
    public RunPlan(final String envId, final Td3Config config, final long seed, final int actors,
        final int envsPerActor, final int shards, final long totalSteps, final double updatesPerStep,
        final int rowsPerFrame, final int weightsEvery, final long evalEvery, final int evalEpisodes) {
        this(envId, config, seed, actors, envsPerActor, shards, totalSteps, updatesPerStep, rowsPerFrame,
            weightsEvery, evalEvery, evalEpisodes, false);
    }

    /**
     * The lockstep run of {@code totalSteps} env steps that gives {@code Td3Trainer.create(envId, config, seed, ..)
     * .runUntil(totalSteps, ..)}'s weights: 1 actor of 1 env, 1 shard, 1 update per step, no evaluation.
     */
    public static RunPlan lockstep(final String envId, final Td3Config config, final long seed,
        final long totalSteps) {
        return new RunPlan(envId, config, seed, 1, 1, 1, totalSteps, 1.0, 1, 1, 0, 1, true);
    }

    /**
     * The TD3/DDPG config.
     *
     * @throws IllegalStateException for a DQN plan (see {@link #algorithm()})
     */
    public Td3Config config() {
        if (!(algorithm instanceof AlgorithmConfig.Td3 td3)) {
            throw new IllegalStateException("this plan trains " + algorithm.name() + ", not TD3/DDPG: use algorithm()");
        }
        return td3.config();
    }

    /** Whether the plan trains DQN. */
    public boolean isDqn() {
        return algorithm instanceof AlgorithmConfig.Dqn;
    }

    /** The same plan, lockstep or not (checked again: see {@link #lockstep()}). */
    public RunPlan withLockstep(final boolean value) {
        return new RunPlan(envId, algorithm, seed, actors, envsPerActor, shards, totalSteps, updatesPerStep,
            rowsPerFrame, weightsEvery, evalEvery, evalEpisodes, value, apeX);
    }

    /** Samples per inserted transition the shards hold the learner to. */
    public double samplesPerInsert() {
        return updatesPerStep * algorithm.batchSize();
    }

    /**
     * The rate limiter's slack: one actor frame's worth of samples plus one batch either way, so neither side
     * waits on the other for less than a frame or a batch.
     */
    public double errorBuffer() {
        if (lockstep) {
            // The least the limiter allows (a window of one insert and one batch): sample k of B rows is served
            // exactly when inserts >= warm-up + k, i.e. minDiff = spi * minSize - B = warm-up * B.
            return algorithm.batchSize();
        }
        return samplesPerInsert() * (rowsPerFrame + envsPerActor) + algorithm.batchSize();
    }

    /**
     * The run id every data frame carries (and the input of the run's frame key, {@code RunKey#forRun}): derived from
     * the seed, the env and the algorithm's whole configuration, so a restarted learner computes the same id from the
     * run's config while two trials of a sweep that share a seed but not their hyperparameters get different ones,
     * and each rejects the other's frames as WRONG_RUN. Total steps, node counts and outputs are left out: they may
     * change on {@code --resume} or while the run goes on.
     */
    public long runId() {
        long h = 0xcbf29ce484222325L; // FNV-1a 64 over the text: stable across JVMs, unlike identity hash codes
        final String text = envId + '\n' + algorithm;
        for (int i = 0; i < text.length(); i++) {
            h = (h ^ text.charAt(i)) * 0x100000001b3L;
        }
        return Seeds.derive(Seeds.derive(seed, 0x5EED), h) & Long.MAX_VALUE;
    }

    /** The settings every node of this run gets (in {@code NodeProtocol.Welcome}). */
    public RunSpec toRunSpec() {
        final long runId = runId();
        final RolloutSpec rollout;
        if (algorithm instanceof AlgorithmConfig.Dqn dqn) {
            // The actors act on the Q network's inference form: the hidden widths and activation, batch norm folded.
            final DqnConfig c = dqn.config();
            final DqnConfig.Exploration e = c.exploration();
            rollout = RolloutSpec.discrete(envId, envsPerActor, c.networks().hidden(),
                c.networks().activation().name(), e.schedule().name(), e.epsStart(), e.epsFinal(), e.decaySteps(),
                e.unit() == DqnConfig.DecayUnit.EPISODES, apeX ? Math.max(1, actors) : 0, rowsPerFrame);
        } else {
            final Td3Config config = config();
            final Td3Config.Exploration e = config.exploration();
            rollout = new RolloutSpec(envId, envsPerActor, config.networks().actorHidden(),
                config.networks().activation().name(), e.type().name(), e.sigma(), e.sigmaFinal(), e.decaySteps(),
                e.ouTheta(), e.ouDt(), lockstep ? 1 : rowsPerFrame);
        }
        // Lockstep: the trainer updates after env step n once n > warm-up, so the first sample needs warm-up + 1.
        final long minSize = lockstep ? algorithm.warmupSteps() + 1
            : Math.max(1, Math.max(algorithm.warmupSteps(), algorithm.batchSize()) / shards);
        return new RunSpec(runId, seed, algorithm.describe(), rollout, shards,
            Math.max(1, algorithm.capacity() / shards), samplesPerInsert(), minSize, errorBuffer(),
            lockstep ? 1 : weightsEvery, totalSteps, lockstep);
    }
}
