package org.strider.learner.td3;

import org.strider.random.Gaussian;
import org.strider.random.SplitMix64;

/**
 * How the trainer acts while it learns: uniformly random actions for the first {@code warmup_steps} env steps
 * (drawn exactly as {@link org.strider.env.RandomPolicy} draws them, from a generator a checkpoint can hold),
 * then the actor's action plus Gaussian or Ornstein-Uhlenbeck noise, clipped to the action Box. σ is a fraction
 * of each dimension's half-range and may decay linearly with the env step count. Every draw comes from the
 * {@link Td3State}'s generators and the OU value lives there too, so a checkpoint resumes the same noise.
 */
public final class Exploration {
    private final Td3State s;
    private final Td3Config.Exploration settings;
    private final float[] low;
    private final float[] high;
    private final float[] scale;

    public Exploration(final Td3State state) {
        this.s = state;
        this.settings = state.config().exploration();
        this.low = state.actionLow();
        this.high = state.actionHigh();
        this.scale = state.actionScale();
    }

    /** Whether the env step about to be taken is still a warm-up (uniformly random) step. */
    public boolean warmingUp() {
        return s.envSteps() < s.config().replay().warmupSteps();
    }

    /** A uniformly random action in the Box (the same sequence as {@code RandomPolicy} from the same seed). */
    public void randomAction(final float[] actionOut) {
        final SplitMix64 rng = s.warmupRng();
        for (int j = 0; j < low.length; j++) {
            actionOut[j] = Math.min(high[j], (float) (low[j] + (high[j] - (double) low[j]) * rng.nextDouble()));
        }
    }

    /** σ at the current env step: linear from {@code sigma} to {@code sigma_final} over {@code decay_steps}. */
    public double sigma() {
        if (settings.decaySteps() == 0) {
            return settings.sigma();
        }
        final double progress = Math.min(1.0, (double) s.envSteps() / settings.decaySteps());
        return settings.sigma() + (settings.sigmaFinal() - settings.sigma()) * progress;
    }

    /** Adds exploration noise to the actor's {@code action} in place and clips it to the Box. */
    public void perturb(final float[] action) {
        final double sigma = sigma();
        final SplitMix64 rng = s.explorationRng();
        final double[] ou = s.ouNoise();
        for (int j = 0; j < low.length; j++) {
            final double noise;
            if (settings.type() == Td3Config.NoiseType.GAUSSIAN) {
                noise = sigma * Gaussian.next(rng);
            } else {
                // SB3's OrnsteinUhlenbeckActionNoise: x += theta (mu - x) dt + sigma sqrt(dt) N(0, 1), mu = 0.
                final double dt = settings.ouDt();
                ou[j] += settings.ouTheta() * -ou[j] * dt + sigma * Math.sqrt(dt) * Gaussian.next(rng);
                noise = ou[j];
            }
            action[j] = Math.max(low[j], Math.min(high[j], (float) (action[j] + noise * scale[j])));
        }
    }

    /** Restarts the OU process at 0, as SB3 does at each episode's end. */
    public void resetEpisode() {
        java.util.Arrays.fill(s.ouNoise(), 0.0);
    }
}
