package org.strider.control;

/**
 * The run every node of a cluster joins: sent by the coordinator in {@link NodeProtocol.Welcome}, so a node that
 * joins mid-run learns the same settings as the ones that started it.
 *
 * @param runId            stamped into every data frame; frames of another run are rejected
 * @param seed             the run seed (run → node → env, see {@code Seeds.derive})
 * @param algorithm        the learner's algorithm config, as {@code key=value} lines
 * @param rollout          what actor nodes need
 * @param shards           replay shards the run expects
 * @param shardCapacity    transitions each shard holds
 * @param samplesPerInsert rate limiter: sampled transitions per inserted transition
 * @param minSizeToSample  rate limiter: transitions a shard must hold before it serves samples (the warm-up)
 * @param errorBuffer      rate limiter: slack, in samples, either side of the target ratio
 * @param weightsEvery     the learner publishes the actor's weights every this many updates
 * @param totalEnvSteps    the run ends after this many inserted transitions (all shards)
 * @param lockstep         one actor of one env, one shard, and a fixed insert/sample schedule that reproduces the
 *                         synchronous trainer bit for bit: the actor draws from the trainer's random streams, warms
 *                         up for {@code minSizeToSample - 1} env steps, and before each later step waits for the
 *                         weights of the update the trainer would have done by then; the shard lets exactly one
 *                         batch be sampled per insert after the warm-up; the learner publishes after every update
 */
public record RunSpec(long runId, long seed, String algorithm, RolloutSpec rollout, int shards, int shardCapacity,
    double samplesPerInsert, long minSizeToSample, double errorBuffer, int weightsEvery, long totalEnvSteps,
    boolean lockstep)
    implements ControlMessage {
    public RunSpec {
        if (shards <= 0 || shardCapacity <= 0 || weightsEvery <= 0 || totalEnvSteps <= 0) {
            throw new IllegalArgumentException("shards, shard capacity, weights period and total steps must be "
                + "positive: " + shards + ", " + shardCapacity + ", " + weightsEvery + ", " + totalEnvSteps);
        }
        if (!(samplesPerInsert > 0) || minSizeToSample < 1 || !(errorBuffer >= 0)) {
            throw new IllegalArgumentException("rate limiter needs samples per insert > 0, min size ≥ 1 and an error "
                + "buffer ≥ 0: " + samplesPerInsert + ", " + minSizeToSample + ", " + errorBuffer);
        }
        if (lockstep && (shards != 1 || rollout.envsPerActor() != 1)) {
            throw new IllegalArgumentException("lockstep needs 1 shard and 1 env per actor, got " + shards + " and "
                + rollout.envsPerActor());
        }
    }
}
