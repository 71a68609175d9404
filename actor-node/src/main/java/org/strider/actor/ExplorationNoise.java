package org.strider.actor;

import java.util.SplittableRandom;
import org.strider.control.RolloutSpec;
import org.strider.random.Gaussian;
import org.strider.random.SplitMix64;

/**
 * An actor node's exploration noise for K envs: Gaussian or Ornstein-Uhlenbeck, σ a fraction of each action
 * dimension's half-range with an optional linear decay over the node's env steps, results clipped to the Box.
 * Each env has its own OU state, reset when its episode ends. Allocation-free.
 *
 * <p>{@link #trainerStreams} is the lockstep variant: it draws exactly as the synchronous trainer's
 * {@code Exploration} does, warm-up actions from one {@link SplitMix64} and Box-Muller {@link Gaussian} noise from
 * another, with the trainer's σ schedule, so one env of a lockstep actor takes the trainer's actions bit for bit.
 */
public final class ExplorationNoise {
    private final boolean ou;
    private final double sigma;
    private final double sigmaFinal;
    private final long decaySteps;
    private final double theta;
    private final double dt;
    private final float[] low;
    private final float[] high;
    private final float[] halfRange;
    private final double[] ouState;
    private final SplittableRandom random;
    /** Lockstep only (else null): the trainer's warm-up and exploration generators. */
    private final SplitMix64 warmupRng;
    private final SplitMix64 explorationRng;

    public ExplorationNoise(final RolloutSpec spec, final int envs, final float[] low, final float[] high,
        final long seed) {
        this(spec, envs, low, high, new SplittableRandom(seed), null, null);
    }

    /**
     * The synchronous trainer's draws for one env: warm-up actions from {@code SplitMix64(warmupSeed)}, noise from
     * {@code SplitMix64(explorationSeed)} through {@link Gaussian#next}, σ as the trainer computes it.
     */
    public static ExplorationNoise trainerStreams(final RolloutSpec spec, final float[] low, final float[] high,
        final long warmupSeed, final long explorationSeed) {
        return new ExplorationNoise(spec, 1, low, high, null, new SplitMix64(warmupSeed),
            new SplitMix64(explorationSeed));
    }

    private ExplorationNoise(final RolloutSpec spec, final int envs, final float[] low, final float[] high,
        final SplittableRandom random, final SplitMix64 warmupRng, final SplitMix64 explorationRng) {
        this.ou = switch (spec.noise()) {
            case "GAUSSIAN" -> false;
            case "ORNSTEIN_UHLENBECK" -> true;
            default -> throw new IllegalArgumentException("exploration noise must be GAUSSIAN or ORNSTEIN_UHLENBECK, got "
                + spec.noise());
        };
        this.sigma = spec.sigma();
        this.sigmaFinal = spec.sigmaFinal();
        this.decaySteps = spec.decaySteps();
        this.theta = spec.ouTheta();
        this.dt = spec.ouDt();
        this.low = low.clone();
        this.high = high.clone();
        this.halfRange = new float[low.length];
        for (int j = 0; j < low.length; j++) {
            halfRange[j] = (high[j] - low[j]) / 2f;
        }
        this.ouState = new double[envs * low.length];
        this.random = random;
        this.warmupRng = warmupRng;
        this.explorationRng = explorationRng;
    }

    /** σ after {@code steps} env steps of this node. */
    public double sigmaAt(final long steps) {
        if (explorationRng != null) {
            // The trainer's Exploration.sigma(), operation for operation (its value at the decay's end can differ
            // from sigmaFinal in the last bit).
            if (decaySteps == 0) {
                return sigma;
            }
            final double progress = Math.min(1.0, (double) steps / decaySteps);
            return sigma + (sigmaFinal - sigma) * progress;
        }
        if (decaySteps <= 0 || steps >= decaySteps) {
            return decaySteps <= 0 ? sigma : sigmaFinal;
        }
        return sigma + (sigmaFinal - sigma) * ((double) steps / decaySteps);
    }

    /** Adds noise to the K actions in {@code actions} (flat) and clips them to the Box. */
    public void perturb(final float[] actions, final int envs, final long steps) {
        final double s = sigmaAt(steps);
        final int n = low.length;
        for (int i = 0; i < envs; i++) {
            for (int j = 0; j < n; j++) {
                final double gauss = explorationRng != null ? Gaussian.next(explorationRng) : random.nextGaussian();
                final double noise;
                if (ou) {
                    final int k = i * n + j;
                    if (explorationRng != null) {
                        // SB3's form, as the trainer's Exploration writes it (same rounding).
                        ouState[k] += theta * -ouState[k] * dt + s * Math.sqrt(dt) * gauss;
                    } else {
                        ouState[k] += -theta * ouState[k] * dt + s * Math.sqrt(dt) * gauss;
                    }
                    noise = ouState[k];
                } else {
                    noise = s * gauss;
                }
                final int a = i * n + j;
                actions[a] = clip((float) (actions[a] + noise * halfRange[j]), j);
            }
        }
    }

    /** Uniformly random actions in the Box for the K envs (the global warm-up, before any weights arrive). */
    public void random(final float[] actions, final int envs) {
        final int n = low.length;
        for (int i = 0; i < envs; i++) {
            for (int j = 0; j < n; j++) {
                final double u = warmupRng != null ? warmupRng.nextDouble() : random.nextDouble();
                actions[i * n + j] = clip((float) (low[j] + (high[j] - (double) low[j]) * u), j);
            }
        }
    }

    /** Env {@code i}'s episode ended: its OU process starts again from zero. */
    public void endEpisode(final int i) {
        final int n = low.length;
        for (int j = 0; j < n; j++) {
            ouState[i * n + j] = 0;
        }
    }

    private float clip(final float v, final int j) {
        return Math.max(low[j], Math.min(high[j], v));
    }
}
