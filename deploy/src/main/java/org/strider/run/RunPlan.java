package org.strider.run;

import org.strider.control.RolloutSpec;
import org.strider.control.RunSpec;
import org.strider.learner.td3.Td3Config;

/**
 * A distributed run as the user asks for it: the env and algorithm config, how many actor nodes with how many
 * envs each, how many shards, and the replay ratio; {@link #toRunSpec} turns it into the settings every node gets.
 *
 * @param updatesPerStep learner updates per env step (the replay ratio); the shards' rate limiter holds it at
 *                       {@code samples per insert = updatesPerStep × batch size} whatever the actors' speed
 * @param rowsPerFrame   transitions per frame an actor publishes
 * @param weightsEvery   learner updates between weight broadcasts
 * @param evalEvery      env steps between evaluations (0: none)
 */
public record RunPlan(String envId, Td3Config config, long seed, int actors, int envsPerActor, int shards,
    long totalSteps, double updatesPerStep, int rowsPerFrame, int weightsEvery, long evalEvery, int evalEpisodes) {
    public RunPlan {
        if (actors < 0 || envsPerActor < 1 || shards < 1 || totalSteps < 1 || !(updatesPerStep > 0)
            || rowsPerFrame < 1 || weightsEvery < 1 || evalEvery < 0 || evalEpisodes < 1) {
            throw new IllegalArgumentException("run plan out of range: actors " + actors + " (>= 0), envs per actor "
                + envsPerActor + " (>= 1), shards " + shards + " (>= 1), steps " + totalSteps + " (>= 1), updates per "
                + "step " + updatesPerStep + " (> 0), rows per frame " + rowsPerFrame + " (>= 1), weights every "
                + weightsEvery + " (>= 1), eval every " + evalEvery + " (>= 0), eval episodes " + evalEpisodes);
        }
    }

    /** Samples per inserted transition the shards hold the learner to. */
    public double samplesPerInsert() {
        return updatesPerStep * config.replay().batchSize();
    }

    /**
     * The rate limiter's slack: one actor frame's worth of samples plus one batch either way, so neither side
     * waits on the other for less than a frame or a batch.
     */
    public double errorBuffer() {
        return samplesPerInsert() * (rowsPerFrame + envsPerActor) + config.replay().batchSize();
    }

    public RunSpec toRunSpec(final long runId) {
        final Td3Config.Exploration e = config.exploration();
        final RolloutSpec rollout = new RolloutSpec(envId, envsPerActor, config.networks().actorHidden(),
            config.networks().activation().name(), e.type().name(), e.sigma(), e.sigmaFinal(), e.decaySteps(),
            e.ouTheta(), e.ouDt(), rowsPerFrame);
        final long minSize = Math.max(1, Math.max(config.replay().warmupSteps(), config.replay().batchSize()) / shards);
        return new RunSpec(runId, seed, config.describe(), rollout, shards,
            Math.max(1, config.replay().capacity() / shards), samplesPerInsert(), minSize, errorBuffer(), weightsEvery,
            totalSteps);
    }
}
