package org.strider.actor;

import java.util.Arrays;
import org.strider.control.RolloutSpec;
import org.strider.control.ShardInfo;
import org.strider.env.Box;
import org.strider.env.VectorEnv;
import org.strider.env.VectorStep;
import org.strider.nn.Activation;
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
 * <p>Stored transitions bootstrap through truncation: {@code next obs} is the episode's true last observation
 * and {@code terminated} is set only when the MDP ended.
 */
public final class RolloutLoop implements Runnable {
    private final int actorId;
    private final VectorEnv envs;
    private final VectorStep step;
    private final MlpInference policy;
    private final ExplorationNoise noise;
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
    private volatile ShardInfo nextRoute;
    private volatile boolean running = true;
    private long sequence;
    private int rows;
    private long version;

    /**
     * @param stepLimit the node stops after this many env steps of its own (Long.MAX_VALUE: until stopped)
     */
    public RolloutLoop(final int actorId, final RolloutSpec spec, final long seed, final ActorDataPlane plane,
        final RolloutStats stats, final long stepLimit) {
        this.actorId = actorId;
        this.k = spec.envsPerActor();
        this.envs = VectorEnv.make(spec.envId(), java.util.Map.of(), k, Seeds.derive(seed, 0));
        this.step = VectorStep.forEnv(envs);
        this.obsSize = envs.obsSize();
        this.actionSize = envs.actionSize();
        if (!(envs.env(0).actionSpace() instanceof Box box) || !box.isBounded()) {
            throw new IllegalArgumentException(spec.envId() + " has action space " + envs.env(0).actionSpace()
                .describe() + "; the TD3/DDPG actor needs a bounded Box");
        }
        final MlpSpec actorSpec = MlpSpec.actor(obsSize, spec.actorHidden(), Activation.valueOf(spec.activation()),
            box);
        this.policy = new MlpInference(actorSpec, k);
        this.noise = new ExplorationNoise(spec, k, box.low(), box.high(), Seeds.derive(seed, 1));
        this.plane = plane;
        this.stats = stats;
        this.rowsPerFrame = spec.rowsPerFrame();
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

    /** Parameters the actor network expects in a weight frame. */
    public int paramCount() {
        return policy.spec().paramCount();
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

    @Override
    public void run() {
        try {
            envs.reset(obs);
            long steps = 0;
            while (running && steps < stepLimit) {
                applyRoute();
                applyNewestWeights();
                if (version == 0) {
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
                        noise.endEpisode(i);
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
        if (plane.publish(batch)) {
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
        }
    }

    private void applyNewestWeights() {
        final WeightFrame w = plane.pollWeights(policy.spec().paramCount());
        stats.weightRejects.set(plane.rejectedWeights());
        if (w == null || w.version() <= version) {
            return;
        }
        policy.load(w.params(), 0, w.length());
        version = w.version();
        stats.policyApplied(version);
    }

    @Override
    public String toString() {
        return "RolloutLoop[actor " + actorId + ", " + envs.spec().id() + " ×" + k + ", version " + version
            + ", frame " + Arrays.toString(new int[] {rows, rowsPerFrame}) + "]";
    }
}
