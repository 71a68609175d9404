package org.strider.learner.dqn;

/**
 * ε of ε-greedy exploration as a function of training progress {@code t} (env steps or episodes, as the config's
 * {@link DqnConfig.DecayUnit} says):
 * <ul>
 *   <li>linear: {@code start + (final - start) · min(1, t / decay)} (SB3's {@code get_linear_fn}; decay 0 means
 *       {@code final} from the start);</li>
 *   <li>exponential: {@code final + (start - final) · exp(-t / decay)} (the seed notebook's
 *       {@code p_exploration}, there per episode with start 0.9, final 0.01, decay 500).</li>
 * </ul>
 * {@link #apeX} is Ape-X's fixed per-actor ε (Horgan et al. 2018), for the distributed run.
 */
public final class EpsilonSchedule {
    /** Ape-X's base ε. */
    public static final double APE_X_EPSILON = 0.4;
    /** Ape-X's α. */
    public static final double APE_X_ALPHA = 7;

    private final DqnConfig.Schedule schedule;
    private final double start;
    private final double end;
    private final double decay;

    public EpsilonSchedule(final DqnConfig.Exploration settings) {
        this(settings.schedule(), settings.epsStart(), settings.epsFinal(), settings.decaySteps());
    }

    public EpsilonSchedule(final DqnConfig.Schedule schedule, final double start, final double end,
        final long decay) {
        if (!(start >= 0 && start <= 1 && end >= 0 && end <= 1) || decay < 0
            || (schedule == DqnConfig.Schedule.EXPONENTIAL && decay == 0)) {
            throw new IllegalArgumentException("epsilon schedule " + schedule + " needs start and final in [0, 1] "
                + "and decay >= 0 (> 0 for exponential), got " + start + ", " + end + ", " + decay);
        }
        this.schedule = schedule;
        this.start = start;
        this.end = end;
        this.decay = decay;
    }

    /** ε after {@code t} env steps or episodes. */
    public double at(final long t) {
        if (schedule == DqnConfig.Schedule.LINEAR) {
            if (decay == 0) {
                return end;
            }
            return start + (end - start) * Math.min(1.0, t / decay);
        }
        return end + (start - end) * Math.exp(-t / decay);
    }

    /**
     * Ape-X's ε of actor {@code i} of {@code n}: {@code ε^(1 + α i / (n - 1))}, so actor 0 explores with ε and the
     * last with ε^(1+α); one actor gets ε.
     */
    public static double apeX(final int i, final int n, final double epsilon, final double alpha) {
        if (n < 1 || i < 0 || i >= n) {
            throw new IllegalArgumentException("actor index " + i + " of " + n + " actors: need 0 <= i < n");
        }
        if (!(epsilon >= 0 && epsilon <= 1) || !(alpha >= 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("Ape-X needs epsilon in [0, 1] and a finite alpha >= 0, got "
                + epsilon + ", " + alpha);
        }
        return n == 1 ? epsilon : Math.pow(epsilon, 1 + (double) i / (n - 1) * alpha);
    }

    /** {@link #apeX(int, int, double, double)} with Ape-X's ε 0.4 and α 7. */
    public static double apeX(final int i, final int n) {
        return apeX(i, n, APE_X_EPSILON, APE_X_ALPHA);
    }
}
