package org.strider.learner.td3;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.strider.nn.Activation;

/**
 * Every hyperparameter of a TD3 or DDPG run, immutable and checked when built, grouped as Acme groups its TD3
 * learner: {@link Networks}, {@link Optimiser}, {@link Td3} (the loss and its schedule), {@link Exploration},
 * {@link Replay}, plus the {@link Algorithm}. Defaults ({@link #defaults()}) are the TD3 authors' reference code
 * (sfujim/TD3: {@code main.py}, {@code TD3.py}, {@code utils.py}); {@link Td3Presets} holds per-env settings.
 *
 * <p>Noise scales are fractions of the action Box's half-range {@code (high - low) / 2} (the actor's tanh scale),
 * per action dimension: a target noise of 0.2 on Pendulum's {@code [-2, 2]} torque is σ = 0.4. This is the unit
 * of the TD3 paper (actions in [-1, 1]), CleanRL ({@code actor.action_scale * exploration_noise}) and SB3/RL Zoo
 * (noise added in the [-1, 1] normalised space), so their numbers carry over unchanged.
 *
 * <pre>{@code
 * Td3Config config = Td3Presets.forEnv("Pendulum-v1").toBuilder().warmupSteps(2_000).build();
 * }</pre>
 *
 * <p>{@link #describe()} lists every key as {@code group.key=value}, one per line, in a fixed order: the text a
 * checkpoint stores to refuse a file written under another config. The same keys, each commented, are the
 * {@code strider.learner} block of the learner's {@code reference.conf} (checked equal to {@link #defaults()}).
 */
public final class Td3Config {
    /** TD3: twin critics, target smoothing, delayed actor. DDPG: one critic, no smoothing, actor every step. */
    public enum Algorithm { TD3, DDPG }

    /** How a critic sees the action. */
    public enum CriticArchitecture {
        /** {@code cat(obs, action)} at the input: the TD3 paper, CleanRL, SB3. */
        CONCAT,
        /** The action joins the first and the second layer (seed 000's TD3 critic); needs two hidden layers. */
        ACTION_AT_FIRST_TWO_LAYERS,
        /** Seed 000's DDPG critic: (Linear, LayerNorm, ReLU) state branch, ReLU action branch, summed. */
        STATE_BRANCH_LAYER_NORM
    }

    /** Exploration noise added to the actor's action once the warm-up is over. */
    public enum NoiseType { GAUSSIAN, ORNSTEIN_UHLENBECK }

    /** Network shapes. */
    public record Networks(int[] actorHidden, int[] criticHidden, Activation activation, CriticArchitecture critic) {
        public Networks {
            actorHidden = actorHidden.clone();
            criticHidden = criticHidden.clone();
        }

        @Override
        public int[] actorHidden() {
            return actorHidden.clone();
        }

        @Override
        public int[] criticHidden() {
            return criticHidden.clone();
        }

        @Override
        public boolean equals(final Object o) {
            return o instanceof Networks n && Arrays.equals(actorHidden, n.actorHidden)
                && Arrays.equals(criticHidden, n.criticHidden) && activation == n.activation && critic == n.critic;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(actorHidden) * 31 + Arrays.hashCode(criticHidden) * 7 + activation.hashCode()
                + critic.hashCode();
        }

        @Override
        public String toString() {
            return "Networks[actorHidden=" + Arrays.toString(actorHidden) + ", criticHidden="
                + Arrays.toString(criticHidden) + ", activation=" + activation + ", critic=" + critic + "]";
        }
    }

    /** Adam learning rates (PyTorch's betas and eps). */
    public record Optimiser(double actorLearningRate, double criticLearningRate) {
    }

    /**
     * The loss and its schedule: discount, polyak rate, actor/target update period (in critic updates), target
     * policy smoothing noise and its clip (fractions of the half-range).
     */
    public record Td3(double gamma, double tau, int policyDelay, double targetNoise, double targetNoiseClip) {
    }

    /**
     * Exploration after the warm-up: σ (a fraction of the half-range) decays linearly to {@code sigmaFinal} over
     * the first {@code decaySteps} env steps (0: constant σ). Ornstein-Uhlenbeck noise follows SB3's
     * discretisation {@code x += θ (0 - x) dt + σ √dt N(0, 1)}, reset at each episode start.
     */
    public record Exploration(NoiseType type, double sigma, double sigmaFinal, long decaySteps, double ouTheta,
        double ouDt) {
    }

    /** Replay capacity, batch size, and the number of uniformly random env steps before the first update. */
    public record Replay(int capacity, int batchSize, int warmupSteps) {
    }

    /** Every key {@link #describe()} writes and {@link Builder#set} takes, in order. */
    public static final List<String> KEYS = List.of("algorithm", "networks.actor_hidden", "networks.critic_hidden",
        "networks.activation", "networks.critic", "optimiser.actor_lr", "optimiser.critic_lr", "td3.gamma", "td3.tau",
        "td3.policy_delay", "td3.target_noise", "td3.target_noise_clip", "exploration.type", "exploration.sigma",
        "exploration.sigma_final", "exploration.decay_steps", "exploration.ou_theta", "exploration.ou_dt",
        "replay.capacity", "replay.batch_size", "replay.warmup_steps");

    private final Algorithm algorithm;
    private final Networks networks;
    private final Optimiser optimiser;
    private final Td3 td3;
    private final Exploration exploration;
    private final Replay replay;

    private Td3Config(final Builder b) {
        this.algorithm = b.algorithm;
        this.networks = new Networks(b.actorHidden, b.criticHidden, b.activation, b.critic);
        this.optimiser = new Optimiser(b.actorLearningRate, b.criticLearningRate);
        this.td3 = new Td3(b.gamma, b.tau, b.policyDelay, b.targetNoise, b.targetNoiseClip);
        this.exploration = new Exploration(b.noiseType, b.sigma, b.sigmaFinal, b.decaySteps, b.ouTheta, b.ouDt);
        this.replay = new Replay(b.capacity, b.batchSize, b.warmupSteps);
        validate();
    }

    /** The TD3 authors' defaults (sfujim/TD3); see {@link Builder} for where each number comes from. */
    public static Td3Config defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        final Builder b = new Builder();
        b.algorithm = algorithm;
        b.actorHidden = networks.actorHidden();
        b.criticHidden = networks.criticHidden();
        b.activation = networks.activation();
        b.critic = networks.critic();
        b.actorLearningRate = optimiser.actorLearningRate();
        b.criticLearningRate = optimiser.criticLearningRate();
        b.gamma = td3.gamma();
        b.tau = td3.tau();
        b.policyDelay = td3.policyDelay();
        b.targetNoise = td3.targetNoise();
        b.targetNoiseClip = td3.targetNoiseClip();
        b.noiseType = exploration.type();
        b.sigma = exploration.sigma();
        b.sigmaFinal = exploration.sigmaFinal();
        b.decaySteps = exploration.decaySteps();
        b.ouTheta = exploration.ouTheta();
        b.ouDt = exploration.ouDt();
        b.capacity = replay.capacity();
        b.batchSize = replay.batchSize();
        b.warmupSteps = replay.warmupSteps();
        return b;
    }

    public Algorithm algorithm() {
        return algorithm;
    }

    public Networks networks() {
        return networks;
    }

    public Optimiser optimiser() {
        return optimiser;
    }

    public Td3 td3() {
        return td3;
    }

    public Exploration exploration() {
        return exploration;
    }

    public Replay replay() {
        return replay;
    }

    /** Twin critics (TD3) or one (DDPG). */
    public boolean twinCritics() {
        return algorithm == Algorithm.TD3;
    }

    /** Every key and value, {@code group.key=value} one per line, in a fixed order. */
    public String describe() {
        final List<String> lines = new ArrayList<>();
        lines.add("algorithm=" + algorithm.name().toLowerCase(Locale.ROOT));
        lines.add("networks.actor_hidden=" + join(networks.actorHidden));
        lines.add("networks.critic_hidden=" + join(networks.criticHidden));
        lines.add("networks.activation=" + networks.activation().name().toLowerCase(Locale.ROOT));
        lines.add("networks.critic=" + networks.critic().name().toLowerCase(Locale.ROOT));
        lines.add("optimiser.actor_lr=" + optimiser.actorLearningRate());
        lines.add("optimiser.critic_lr=" + optimiser.criticLearningRate());
        lines.add("td3.gamma=" + td3.gamma());
        lines.add("td3.tau=" + td3.tau());
        lines.add("td3.policy_delay=" + td3.policyDelay());
        lines.add("td3.target_noise=" + td3.targetNoise());
        lines.add("td3.target_noise_clip=" + td3.targetNoiseClip());
        lines.add("exploration.type=" + exploration.type().name().toLowerCase(Locale.ROOT));
        lines.add("exploration.sigma=" + exploration.sigma());
        lines.add("exploration.sigma_final=" + exploration.sigmaFinal());
        lines.add("exploration.decay_steps=" + exploration.decaySteps());
        lines.add("exploration.ou_theta=" + exploration.ouTheta());
        lines.add("exploration.ou_dt=" + exploration.ouDt());
        lines.add("replay.capacity=" + replay.capacity());
        lines.add("replay.batch_size=" + replay.batchSize());
        lines.add("replay.warmup_steps=" + replay.warmupSteps());
        return String.join("\n", lines) + "\n";
    }

    /** The config {@link #describe()} wrote: every key must be there once; see {@link Builder#set}. */
    public static Td3Config parse(final String description) {
        final Builder b = builder();
        final java.util.Set<String> seen = new java.util.HashSet<>();
        for (final String line : description.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            final int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("config line '" + line + "' is not key=value");
            }
            final String key = line.substring(0, eq).trim();
            if (!seen.add(key)) {
                throw new IllegalArgumentException("config key " + key + " is given twice");
            }
            b.set(key, line.substring(eq + 1).trim());
        }
        final Td3Config config = b.build();
        if (seen.size() != config.describe().lines().count()) {
            throw new IllegalArgumentException("config description lacks keys: has " + seen.size() + " of "
                + config.describe().lines().count());
        }
        return config;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Td3Config c && describe().equals(c.describe());
    }

    @Override
    public int hashCode() {
        return describe().hashCode();
    }

    @Override
    public String toString() {
        return "Td3Config{" + describe().trim().replace('\n', ' ') + "}";
    }

    private void validate() {
        checkHidden("networks.actor_hidden", networks.actorHidden);
        checkHidden("networks.critic_hidden", networks.criticHidden);
        if (networks.critic() == CriticArchitecture.ACTION_AT_FIRST_TWO_LAYERS && networks.criticHidden.length != 2) {
            throw invalid("networks.critic_hidden", "must have exactly 2 layers for critic "
                + "action_at_first_two_layers", join(networks.criticHidden));
        }
        if (networks.critic() == CriticArchitecture.STATE_BRANCH_LAYER_NORM
            && networks.activation() != Activation.RELU) {
            throw invalid("networks.activation", "must be relu for critic state_branch_layer_norm (its branches "
                + "are ReLU)", networks.activation());
        }
        checkRange("optimiser.actor_lr", optimiser.actorLearningRate(), 0, false, 1, true);
        checkRange("optimiser.critic_lr", optimiser.criticLearningRate(), 0, false, 1, true);
        checkRange("td3.gamma", td3.gamma(), 0, true, 1, true);
        checkRange("td3.tau", td3.tau(), 0, false, 1, true);
        checkRange("td3.policy_delay", td3.policyDelay(), 1, 1000);
        checkRange("td3.target_noise", td3.targetNoise(), 0, true, 10, true);
        checkRange("td3.target_noise_clip", td3.targetNoiseClip(), 0, true, 10, true);
        if (algorithm == Algorithm.DDPG && td3.policyDelay() != 1) {
            throw invalid("td3.policy_delay", "must be 1 for algorithm ddpg (the actor learns every step)",
                td3.policyDelay());
        }
        if (algorithm == Algorithm.DDPG && td3.targetNoise() != 0) {
            throw invalid("td3.target_noise", "must be 0 for algorithm ddpg (no target policy smoothing)",
                td3.targetNoise());
        }
        checkRange("exploration.sigma", exploration.sigma(), 0, true, 10, true);
        checkRange("exploration.sigma_final", exploration.sigmaFinal(), 0, true, 10, true);
        checkRange("exploration.decay_steps", exploration.decaySteps(), 0, Long.MAX_VALUE / 2);
        checkRange("exploration.ou_theta", exploration.ouTheta(), 0, false, 1000, true);
        checkRange("exploration.ou_dt", exploration.ouDt(), 0, false, 1, true);
        if (exploration.ouTheta() * exploration.ouDt() > 1) {
            throw invalid("exploration.ou_theta", "times exploration.ou_dt must be <= 1 (else the noise "
                + "overshoots its mean and diverges)", exploration.ouTheta() + " * " + exploration.ouDt());
        }
        checkRange("replay.capacity", replay.capacity(), 1, 100_000_000);
        checkRange("replay.batch_size", replay.batchSize(), 1, 1 << 16);
        checkRange("replay.warmup_steps", replay.warmupSteps(), 0, 100_000_000);
    }

    private static void checkHidden(final String key, final int[] hidden) {
        if (hidden.length == 0 || hidden.length > 16) {
            throw invalid(key, "must list 1 to 16 hidden layer widths", join(hidden));
        }
        for (final int h : hidden) {
            if (h < 1 || h > 1 << 16) {
                throw invalid(key, "widths must be in [1, 65536]", join(hidden));
            }
        }
    }

    private static void checkRange(final String key, final double value, final double low, final boolean lowClosed,
        final double high, final boolean highClosed) {
        final boolean ok = Double.isFinite(value) && (lowClosed ? value >= low : value > low)
            && (highClosed ? value <= high : value < high);
        if (!ok) {
            throw invalid(key, "must be in " + (lowClosed ? "[" : "(") + low + ", " + high + (highClosed ? "]" : ")"),
                value);
        }
    }

    private static void checkRange(final String key, final long value, final long low, final long high) {
        if (value < low || value > high) {
            throw invalid(key, "must be in [" + low + ", " + high + "]", value);
        }
    }

    private static IllegalArgumentException invalid(final String key, final String rule, final Object value) {
        return new IllegalArgumentException("config " + key + " " + rule + ", got " + value);
    }

    private static String join(final int[] values) {
        final StringBuilder s = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            s.append(i == 0 ? "" : ",").append(values[i]);
        }
        return s.toString();
    }

    /**
     * Sets keys one by one; {@link #build()} checks them all. Starts from the TD3 authors' defaults
     * (sfujim/TD3), each commented with its source.
     */
    public static final class Builder {
        private Algorithm algorithm = Algorithm.TD3;
        /** sfujim/TD3 TD3.py: Actor and Critic are 256-256 ReLU MLPs (the paper's v1 used 400-300). */
        private int[] actorHidden = {256, 256};
        private int[] criticHidden = {256, 256};
        private Activation activation = Activation.RELU;
        /** TD3.py: {@code torch.cat([state, action], 1)} at the critic's input. */
        private CriticArchitecture critic = CriticArchitecture.CONCAT;
        /** TD3.py: {@code torch.optim.Adam(..., lr=3e-4)} for actor and critic. */
        private double actorLearningRate = 3e-4;
        private double criticLearningRate = 3e-4;
        /** main.py: discount 0.99, tau 0.005, policy_freq 2, policy_noise 0.2, noise_clip 0.5. */
        private double gamma = 0.99;
        private double tau = 0.005;
        private int policyDelay = 2;
        private double targetNoise = 0.2;
        private double targetNoiseClip = 0.5;
        /** main.py: expl_noise 0.1 (Gaussian, times max_action), constant. */
        private NoiseType noiseType = NoiseType.GAUSSIAN;
        private double sigma = 0.1;
        private double sigmaFinal = 0.1;
        private long decaySteps;
        /** SB3's OrnsteinUhlenbeckActionNoise defaults: theta 0.15, dt 1e-2. */
        private double ouTheta = 0.15;
        private double ouDt = 1e-2;
        /** utils.py: ReplayBuffer max_size 1e6; main.py: batch_size 256, start_timesteps 25e3. */
        private int capacity = 1_000_000;
        private int batchSize = 256;
        private int warmupSteps = 25_000;

        private Builder() {
        }

        /** TD3 or DDPG; {@link #ddpg()} also sets what DDPG requires. */
        public Builder algorithm(final Algorithm value) {
            algorithm = value;
            return this;
        }

        /** DDPG: one critic, no target smoothing, actor and targets every step. */
        public Builder ddpg() {
            algorithm = Algorithm.DDPG;
            policyDelay = 1;
            targetNoise = 0;
            return this;
        }

        public Builder hidden(final int... widths) {
            actorHidden = widths.clone();
            criticHidden = widths.clone();
            return this;
        }

        public Builder actorHidden(final int... widths) {
            actorHidden = widths.clone();
            return this;
        }

        public Builder criticHidden(final int... widths) {
            criticHidden = widths.clone();
            return this;
        }

        public Builder activation(final Activation value) {
            activation = value;
            return this;
        }

        public Builder critic(final CriticArchitecture value) {
            critic = value;
            return this;
        }

        public Builder learningRate(final double value) {
            actorLearningRate = value;
            criticLearningRate = value;
            return this;
        }

        public Builder actorLearningRate(final double value) {
            actorLearningRate = value;
            return this;
        }

        public Builder criticLearningRate(final double value) {
            criticLearningRate = value;
            return this;
        }

        public Builder gamma(final double value) {
            gamma = value;
            return this;
        }

        public Builder tau(final double value) {
            tau = value;
            return this;
        }

        public Builder policyDelay(final int value) {
            policyDelay = value;
            return this;
        }

        public Builder targetNoise(final double value) {
            targetNoise = value;
            return this;
        }

        public Builder targetNoiseClip(final double value) {
            targetNoiseClip = value;
            return this;
        }

        public Builder noiseType(final NoiseType value) {
            noiseType = value;
            return this;
        }

        /** Constant exploration σ (fraction of the half-range). */
        public Builder sigma(final double value) {
            sigma = value;
            sigmaFinal = value;
            decaySteps = 0;
            return this;
        }

        /** σ decaying linearly from {@code start} to {@code end} over {@code steps} env steps. */
        public Builder sigmaDecay(final double start, final double end, final long steps) {
            sigma = start;
            sigmaFinal = end;
            decaySteps = steps;
            return this;
        }

        public Builder ouTheta(final double value) {
            ouTheta = value;
            return this;
        }

        public Builder ouDt(final double value) {
            ouDt = value;
            return this;
        }

        public Builder capacity(final int value) {
            capacity = value;
            return this;
        }

        public Builder batchSize(final int value) {
            batchSize = value;
            return this;
        }

        public Builder warmupSteps(final int value) {
            warmupSteps = value;
            return this;
        }

        /**
         * Sets one key by the name {@link #describe()} uses ({@code td3.tau}, {@code networks.actor_hidden=400,300},
         * {@code exploration.type=ornstein_uhlenbeck}, …): what a {@code --set key=value} override or a stored
         * description gives. Ranges are checked by {@link #build()}.
         *
         * @throws IllegalArgumentException for an unknown key or a value that does not parse, naming both
         */
        public Builder set(final String key, final String value) {
            try {
                switch (key) {
                    case "algorithm" -> algorithm = Algorithm.valueOf(value.toUpperCase(Locale.ROOT));
                    case "networks.actor_hidden" -> actorHidden = ints(value);
                    case "networks.critic_hidden" -> criticHidden = ints(value);
                    case "networks.activation" -> activation = Activation.valueOf(value.toUpperCase(Locale.ROOT));
                    case "networks.critic" -> critic = CriticArchitecture.valueOf(value.toUpperCase(Locale.ROOT));
                    case "optimiser.actor_lr" -> actorLearningRate = Double.parseDouble(value);
                    case "optimiser.critic_lr" -> criticLearningRate = Double.parseDouble(value);
                    case "td3.gamma" -> gamma = Double.parseDouble(value);
                    case "td3.tau" -> tau = Double.parseDouble(value);
                    case "td3.policy_delay" -> policyDelay = Integer.parseInt(value);
                    case "td3.target_noise" -> targetNoise = Double.parseDouble(value);
                    case "td3.target_noise_clip" -> targetNoiseClip = Double.parseDouble(value);
                    case "exploration.type" -> noiseType = NoiseType.valueOf(value.toUpperCase(Locale.ROOT));
                    case "exploration.sigma" -> sigma = Double.parseDouble(value);
                    case "exploration.sigma_final" -> sigmaFinal = Double.parseDouble(value);
                    case "exploration.decay_steps" -> decaySteps = Long.parseLong(value);
                    case "exploration.ou_theta" -> ouTheta = Double.parseDouble(value);
                    case "exploration.ou_dt" -> ouDt = Double.parseDouble(value);
                    case "replay.capacity" -> capacity = Integer.parseInt(value);
                    case "replay.batch_size" -> batchSize = Integer.parseInt(value);
                    case "replay.warmup_steps" -> warmupSteps = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown config key '" + key + "'; keys: "
                        + String.join(", ", KEYS));
                }
            } catch (final NumberFormatException e) {
                throw new IllegalArgumentException("config " + key + " must be a number, got '" + value + "'", e);
            } catch (final IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("unknown config key")) {
                    throw e;
                }
                throw new IllegalArgumentException("config " + key + " has no value '" + value + "'", e);
            }
            return this;
        }

        private static int[] ints(final String value) {
            return java.util.Arrays.stream(value.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        }

        /** @throws IllegalArgumentException naming the first key out of its range, the range and the value */
        public Td3Config build() {
            return new Td3Config(this);
        }
    }
}
