package org.strider.actor;

import java.util.SplittableRandom;
import org.strider.control.RolloutSpec;

/**
 * An actor node's ε-greedy exploration for K envs of a discrete action space (DQN): per env and step one coin; below
 * ε the action is uniformly random, else the greedy one. ε follows the rollout spec's schedule over this node's env
 * steps (or finished episodes): linear {@code start + (final - start) min(1, t / decay)} or exponential
 * {@code final + (start - final) e^(-t / decay)} (the learner's {@code EpsilonSchedule}, the same formulas), or is
 * Ape-X's fixed {@code 0.4^(1 + 7 i / (N - 1))} for actor i of N (Horgan et al. 2018). Actions are written as the
 * index in one float each. Allocation-free.
 */
public final class EpsilonGreedy {
    /** Ape-X's base ε. */
    public static final double APE_X_EPSILON = 0.4;
    /** Ape-X's α. */
    public static final double APE_X_ALPHA = 7;

    private final int actions;
    private final boolean exponential;
    private final double start;
    private final double end;
    private final double decay;
    private final boolean perEpisode;
    /** Ape-X's fixed ε, or NaN for the schedule. */
    private final double fixed;
    private final SplittableRandom random;

    public EpsilonGreedy(final RolloutSpec spec, final int actorId, final int actions, final long seed) {
        if (!spec.discrete()) {
            throw new IllegalArgumentException("epsilon-greedy needs a discrete rollout spec");
        }
        if (actions < 2) {
            throw new IllegalArgumentException("epsilon-greedy needs at least 2 actions, got " + actions);
        }
        this.actions = actions;
        this.exponential = "EXPONENTIAL".equals(spec.epsilonSchedule());
        this.start = spec.epsilonStart();
        this.end = spec.epsilonFinal();
        this.decay = spec.epsilonDecay();
        this.perEpisode = spec.epsilonPerEpisode();
        final int n = spec.apeXActors();
        this.fixed = n > 0 ? apeX(Math.floorMod(actorId, n), n) : Double.NaN;
        this.random = new SplittableRandom(seed);
    }

    /** Ape-X's ε of actor {@code i} of {@code n}: 0.4 for one actor, else {@code 0.4^(1 + 7 i / (n - 1))}. */
    public static double apeX(final int i, final int n) {
        return n == 1 ? APE_X_EPSILON : Math.pow(APE_X_EPSILON, 1 + (double) i / (n - 1) * APE_X_ALPHA);
    }

    /** ε after {@code steps} env steps and {@code episodes} finished episodes of this node. */
    public double epsilon(final long steps, final long episodes) {
        if (!Double.isNaN(fixed)) {
            return fixed;
        }
        final long t = perEpisode ? episodes : steps;
        if (exponential) {
            return end + (start - end) * Math.exp(-t / decay);
        }
        return decay == 0 ? end : start + (end - start) * Math.min(1.0, t / decay);
    }

    /** Uniformly random action indices for the K envs (the warm-up, before any weights arrive). */
    public void random(final float[] out, final int envs) {
        for (int i = 0; i < envs; i++) {
            out[i] = random.nextInt(actions);
        }
    }

    /** The K actions from the greedy ones: each replaced by a uniform one with probability ε. */
    public void choose(final int[] greedy, final float[] out, final int envs, final long steps, final long episodes) {
        final double eps = epsilon(steps, episodes);
        for (int i = 0; i < envs; i++) {
            out[i] = random.nextDouble() < eps ? random.nextInt(actions) : greedy[i];
        }
    }
}
