package org.strider.actor;

import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.strider.control.RolloutSpec;
import org.strider.control.ShardInfo;
import org.strider.env.Box;
import org.strider.env.Discrete;
import org.strider.env.VectorEnv;
import org.strider.env.VectorStep;
import org.strider.nn.Activation;
import org.strider.nn.GreedyPolicy;
import org.strider.nn.MlpInference;
import org.strider.nn.MlpSpec;
import org.strider.random.Seeds;
import org.strider.wire.TransitionBatch;
import org.strider.wire.WeightFrame;

/**
 * The actor node's rollout: K envs stepped together, one batched forward pass of the actor per step, exploration
 * noise, and transitions published in frames of {@code rowsPerFrame} rows. Until the first weights arrive every
 * action is uniformly random: that is the run's global warm-up, because the learner publishes nothing before its
 * shards hold {@code minSizeToSample} transitions. Between env steps it switches to the newest weights and to a
 * new shard when the coordinator re-routed it. Runs on its own thread until {@link #stop}.
 *
 * <p>In {@link #lockstep lockstep} (one env) the loop replays the synchronous trainer's acting instead: the
 * trainer's episode seeds and random streams, a warm-up of exactly {@code warmupSteps} random env steps, and before
 * each later env step {@code n + 1} it waits on the weight stream for the actor after update {@code n - warmupSteps}
 * (weight frames carry their update count), the policy the trainer acts with at that step.
 *
 * <p>A discrete rollout spec (DQN) acts ε-greedily instead ({@link EpsilonGreedy}): the weight frames hold the Q
 * network's inference parameters, a {@link GreedyPolicy} picks {@code argmax Q} for the K envs in one batched
 * pass, and each transition's action is the index as one float (action size 1 on the wire and in the shards).
 * Random until the first weights, as above; no lockstep.
 *
 * <p>Stored transitions bootstrap through truncation: {@code next obs} is the episode's true last observation
 * and {@code terminated} is set only when the MDP ended.
 */
public final class RolloutLoop implements Runnable {
    private final int actorId;
    private final VectorEnv envs;
    private final VectorStep step;
    /** The actor (continuous); null for a discrete spec. */
    private final MlpInference policy;
    private final ExplorationNoise noise;
    /** The Q network's greedy policy and ε-greedy (discrete); null for a continuous spec. */
    private final GreedyPolicy greedy;
    private final EpsilonGreedy epsilon;
    private final int[] greedyActions;
    private long episodes;
    private final ActorDataPlane plane;
    private final RolloutStats stats;
    private final int k;
    private final int obsSize;
    private final int actionSize;
    private final float[] obs;
    private final float[] actions;
    private final float[] frameObs;
    private final float[] frameActions;
    private final float[] frameRewards;
    private final float[] frameNextObs;
    private final float[] frameTerminated;
    private final int rowsPerFrame;
    private final long stepLimit;
    /** Lockstep: random env steps before the policy acts; -1 in the normal mode. */
    private final long lockstepWarmup;
    /** Lockstep: the update count of the weights held; -1 before the first. */
    private long heldUpdates = -1;
    private volatile ShardInfo nextRoute;
    private boolean routed;
    private volatile boolean running = true;
    private long sequence;
    private int rows;
    private long version;

    /**
     * @param stepLimit the node stops after this many env steps of its own (Long.MAX_VALUE: until stopped)
     */
    public RolloutLoop(final int actorId, final RolloutSpec spec, final long seed, final ActorDataPlane plane,
        final RolloutStats stats, final long stepLimit) {
        this(actorId, spec, VectorEnv.make(spec.envId(), Map.of(), spec.envsPerActor(),
            Seeds.derive(seed, 0)), plane, stats, stepLimit, -1, seed);
    }

    /**
     * The lockstep rollout of one env that acts exactly as {@code Td3Trainer} does from run seed {@code runSeed}:
     * episode seeds {@link Seeds#trainingEpisodeSeed}, warm-up actions from {@code SplitMix64(derive(runSeed, 6))},
     * exploration noise from {@code SplitMix64(derive(runSeed, 5))}, {@code warmupSteps} random steps, then the
     * actor of the update the trainer would have reached (waited for on the weight stream).
     */
    public static RolloutLoop lockstep(final int actorId, final RolloutSpec spec, final long runSeed,
        final long warmupSteps, final ActorDataPlane plane, final RolloutStats stats, final long stepLimit) {
        if (spec.envsPerActor() != 1) {
            throw new IllegalArgumentException("lockstep needs one env per actor, got " + spec.envsPerActor());
        }
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warm-up steps must be >= 0: " + warmupSteps);
        }
        return new RolloutLoop(actorId, spec, VectorEnv.make(spec.envId(), Map.of(), 1,
            (env, episode) -> Seeds.trainingEpisodeSeed(runSeed, episode)), plane, stats, stepLimit, warmupSteps,
            runSeed);
    }

    private RolloutLoop(final int actorId, final RolloutSpec spec, final VectorEnv envs, final ActorDataPlane plane,
        final RolloutStats stats, final long stepLimit, final long lockstepWarmup, final long seed) {
        this.actorId = actorId;
        this.k = spec.envsPerActor();
        this.envs = envs;
        this.lockstepWarmup = lockstepWarmup;
        this.step = VectorStep.forEnv(envs);
        this.obsSize = envs.obsSize();
        this.actionSize = envs.actionSize();
        if (spec.discrete()) {
            if (!(envs.env(0).actionSpace() instanceof Discrete discrete)) {
                throw new IllegalArgumentException(spec.envId() + " has action space " + envs.env(0).actionSpace()
                    .describe() + "; the DQN actor needs a Discrete one");
            }
            if (lockstepWarmup >= 0) {
                throw new IllegalArgumentException("lockstep reproduces the TD3 trainer; a DQN rollout has none");
            }
            this.greedy = new GreedyPolicy(MlpSpec.mlp(obsSize, spec.actorHidden(),
                Activation.valueOf(spec.activation()), discrete.n()), k);
            this.epsilon = new EpsilonGreedy(spec, actorId, discrete.n(), Seeds.derive(seed, 1));
            this.greedyActions = new int[k];
            this.policy = null;
            this.noise = null;
        } else {
            if (!(envs.env(0).actionSpace() instanceof Box box) || !box.isBounded()) {
                throw new IllegalArgumentException(spec.envId() + " has action space " + envs.env(0).actionSpace()
                    .describe() + "; the TD3/DDPG actor needs a bounded Box");
            }
            final MlpSpec actorSpec = MlpSpec.actor(obsSize, spec.actorHidden(), Activation.valueOf(spec.activation()),
                box);
            this.policy = new MlpInference(actorSpec, k);
            this.noise = lockstepWarmup < 0 ? new ExplorationNoise(spec, k, box.low(), box.high(),
                Seeds.derive(seed, 1)) : ExplorationNoise.trainerStreams(spec, box.low(), box.high(),
                    Seeds.derive(seed, 6), Seeds.derive(seed, 5));
            this.greedy = null;
            this.epsilon = null;
            this.greedyActions = null;
        }
        this.plane = plane;
        this.stats = stats;
        this.rowsPerFrame = lockstepWarmup < 0 ? spec.rowsPerFrame() : 1; // lockstep: every transition at once
        final int capacity = rowsPerFrame + k;
        this.obs = new float[k * obsSize];
        this.actions = new float[k * actionSize];
        this.frameObs = new float[capacity * obsSize];
        this.frameActions = new float[capacity * actionSize];
        this.frameRewards = new float[capacity];
        this.frameNextObs = new float[capacity * obsSize];
        this.frameTerminated = new float[capacity];
        this.stepLimit = stepLimit;
    }

    /** Parameters the actor network (DQN: the Q network) expects in a weight frame. */
    public int paramCount() {
        return policy != null ? policy.spec().paramCount() : greedy.spec().paramCount();
    }

    /** Re-route transitions to {@code shard}; takes effect before the next publish. Any thread. */
    public void route(final ShardInfo shard) {
        nextRoute = shard;
    }

    /** Ends the loop after the current step; the partial frame is published first. Any thread. */
    public void stop() {
        running = false;
    }

    public boolean running() {
        return running;
    }

    /** Whether a {@link #route} is waiting to be applied: a publish waiting on the old shard should give up. */
    public boolean reroutePending() {
        return nextRoute != null;
    }

    @Override
    public void run() {
        try {
            envs.reset(obs);
            long steps = 0;
            while (running && steps < stepLimit) {
                applyRoute();
                if (!routed) {
                    // No shard yet (the actor was welcomed before any shard joined): wait rather than make
                    // transitions that could only be dropped.
                    LockSupport.parkNanos(1_000_000);
                    continue;
                }
                final boolean random;
                if (lockstepWarmup < 0) {
                    applyNewestWeights();
                    random = version == 0;
                } else {
                    random = steps < lockstepWarmup;
                    if (!random && !awaitWeightsOfUpdate(steps - lockstepWarmup)) {
                        break; // stopped while waiting
                    }
                }
                if (greedy != null) {
                    if (random) {
                        epsilon.random(actions, k);
                    } else {
                        greedy.act(obs, k, greedyActions);
                        epsilon.choose(greedyActions, actions, k, steps, episodes);
                    }
                } else if (random) {
                    noise.random(actions, k);
                } else {
                    policy.forward(obs, k, actions);
                    noise.perturb(actions, k, steps);
                }
                envs.step(actions, step);
                steps++;
                for (int i = 0; i < k; i++) {
                    addRow(i);
                    if (step.done(i)) {
                        stats.episode(step.episodeReturn[i], step.episodeLength[i]);
                        episodes++;
                        if (noise != null) {
                            noise.endEpisode(i);
                        }
                    }
                }
                stats.produced.addAndGet(k);
                System.arraycopy(step.obs, 0, obs, 0, obs.length);
                if (rows >= rowsPerFrame) {
                    flush();
                }
            }
            flush();
        } finally {
            running = false;
            envs.close();
        }
    }

    private void addRow(final int i) {
        final int r = rows++;
        System.arraycopy(obs, i * obsSize, frameObs, r * obsSize, obsSize);
        System.arraycopy(actions, i * actionSize, frameActions, r * actionSize, actionSize);
        frameRewards[r] = (float) step.rewards[i];
        System.arraycopy(step.finalObs, i * obsSize, frameNextObs, r * obsSize, obsSize);
        frameTerminated[r] = step.terminated[i] ? 1f : 0f;
    }

    private void flush() {
        if (rows == 0) {
            return;
        }
        applyRoute();
        final TransitionBatch batch = new TransitionBatch(actorId, sequence++, version, rows, obsSize, actionSize,
            frameObs, frameActions, frameRewards, frameNextObs, frameTerminated);
        boolean published = plane.publish(batch);
        // A wait on a shard that left (or that holds inserts back while the learner waits on another shard) ends
        // when the node is re-routed (see reroutePending): the frame goes to the new shard. Without this an actor
        // blocked on its old shard never feeds its new one, and the learner, waiting on that one, never samples
        // the old one to unblock it.
        while (!published && nextRoute != null) {
            applyRoute();
            published = plane.publish(batch);
        }
        if (published) {
            stats.published.addAndGet(rows);
        } else {
            stats.dropped.addAndGet(rows);
        }
        rows = 0;
    }

    private void applyRoute() {
        final ShardInfo route = nextRoute;
        if (route != null) {
            nextRoute = null;
            plane.route(route);
            routed = true;
        }
    }

    /**
     * Lockstep: polls the weight stream until the held weights are those after update {@code updates} (the learner
     * cannot be further ahead: it samples one batch per insert after the warm-up). False if stopped first.
     */
    private boolean awaitWeightsOfUpdate(final long updates) {
        int idle = 0;
        while (heldUpdates < updates) {
            if (!running) {
                return false;
            }
            final WeightFrame w = plane.pollWeights(policy.spec().paramCount());
            stats.weightRejects.set(plane.rejectedWeights());
            if (w != null && w.updates() > heldUpdates) {
                policy.load(w.params(), 0, w.length());
                heldUpdates = w.updates();
                version = w.version();
                stats.policyVersion.set(version);
                idle = 0;
            } else if (++idle > 100) {
                java.util.concurrent.locks.LockSupport.parkNanos(20_000);
            } else {
                Thread.onSpinWait();
            }
        }
        return true;
    }

    private void applyNewestWeights() {
        final WeightFrame w = plane.pollWeights(paramCount());
        stats.weightRejects.set(plane.rejectedWeights());
        if (w == null || w.version() <= version) {
            return;
        }
        if (greedy != null) {
            greedy.load(w.params(), 0, w.length());
        } else {
            policy.load(w.params(), 0, w.length());
        }
        version = w.version();
        stats.policyApplied(version);
    }

    @Override
    public String toString() {
        return "RolloutLoop[actor " + actorId + ", " + envs.spec().id() + " ×" + k + ", version " + version
            + ", frame " + rows + "/" + rowsPerFrame + " rows]";
    }
}
