package org.strider.learner.dqn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.strider.nn.Activation;

/**
 * Every hyperparameter of a DQN run, immutable and checked when built, in the style of
 * {@link org.strider.learner.td3.Td3Config}: {@link Networks}, {@link Optimiser}, {@link Dqn} (the loss, the
 * target network and the update schedule), {@link Exploration} (ε-greedy), {@link Replay}. Defaults
 * ({@link #defaults()}) are Stable-Baselines3's {@code DQN} class defaults ({@code stable_baselines3/dqn/dqn.py}:
 * lr 1e-4, buffer 1e6, learning_starts 100, batch 32, tau 1.0, gamma 0.99, train_freq 4, gradient_steps 1,
 * target_update_interval 10000, exploration 1.0 → 0.05 over 10 % of the run, max_grad_norm 10, Huber loss;
 * {@code MlpPolicy} net_arch [64, 64] ReLU). {@link DqnPresets} holds per-env settings.
 *
 * <p>Two unit conventions differ from SB3 and are applied when a preset is translated: the target network is
 * updated every {@code dqn.target_update_interval} <em>updates</em> (SB3 counts env steps), and ε decays over
 * {@code exploration.decay_steps} env steps (SB3: a fraction of the total run).
 *
 * <p>{@link #describe()} lists every key as {@code group.key=value}, one per line, in a fixed order: the text a
 * checkpoint stores to refuse a file written under another config.
 */
public final class DqnConfig {
    /** ε decay: linear to {@code eps_final} at {@code decay_steps}, or {@code final + (start - final) e^(-t/decay)}. */
    public enum Schedule { LINEAR, EXPONENTIAL }

    /** What {@code decay_steps} counts: training env steps, or training episodes (the seed's per-episode decay). */
    public enum DecayUnit { STEPS, EPISODES }

    /** Q network: {@code obs → [BatchNorm] → (Linear, [BatchNorm], activation)… → Linear(n actions)}. */
    public record Networks(int[] hidden, Activation activation, boolean batchNorm) {
        public Networks {
            hidden = hidden.clone();
        }

        @Override
        public int[] hidden() {
            return hidden.clone();
        }

        @Override
        public boolean equals(final Object o) {
            return o instanceof Networks n && Arrays.equals(hidden, n.hidden) && activation == n.activation
                && batchNorm == n.batchNorm;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(hidden) * 31 + activation.hashCode() + (batchNorm ? 1 : 0);
        }

        @Override
        public String toString() {
            return "Networks[hidden=" + Arrays.toString(hidden) + ", activation=" + activation + ", batchNorm="
                + batchNorm + "]";
        }
    }

    /** Adam learning rate (PyTorch's betas and eps) and the gradient-norm clip (0: none). */
    public record Optimiser(double learningRate, double maxGradNorm) {
    }

    /**
     * The loss and its schedule: discount; Double DQN (the online net picks a', the target net values it); Huber
     * δ ({@code smooth_l1} β; 0 means plain MSE); target update every {@code targetUpdateInterval} updates with
     * rate τ (1: hard copy); {@code gradientSteps} updates every {@code trainEvery} env steps.
     */
    public record Dqn(double gamma, boolean doubleQ, double huberDelta, int targetUpdateInterval, double tau,
        int trainEvery, int gradientSteps) {
    }

    /** ε-greedy: ε from {@code epsStart} to {@code epsFinal} by the {@link Schedule} over {@code decaySteps}. */
    public record Exploration(Schedule schedule, double epsStart, double epsFinal, long decaySteps, DecayUnit unit) {
    }

    /** Replay capacity, batch size, and the number of uniformly random env steps before the first update. */
    public record Replay(int capacity, int batchSize, int warmupSteps) {
    }

    /** Every key {@link #describe()} writes and {@link Builder#set} takes, in order. */
    public static final List<String> KEYS = List.of("algorithm", "networks.hidden", "networks.activation",
        "networks.batch_norm", "optimiser.lr", "optimiser.max_grad_norm", "dqn.gamma", "dqn.double_q",
        "dqn.huber_delta", "dqn.target_update_interval", "dqn.tau", "dqn.train_every", "dqn.gradient_steps",
        "exploration.schedule", "exploration.eps_start", "exploration.eps_final", "exploration.decay_steps",
        "exploration.decay_unit", "replay.capacity", "replay.batch_size", "replay.warmup_steps");

    private final Networks networks;
    private final Optimiser optimiser;
    private final Dqn dqn;
    private final Exploration exploration;
    private final Replay replay;

    private DqnConfig(final Builder b) {
        this.networks = new Networks(b.hidden, b.activation, b.batchNorm);
        this.optimiser = new Optimiser(b.learningRate, b.maxGradNorm);
        this.dqn = new Dqn(b.gamma, b.doubleQ, b.huberDelta, b.targetUpdateInterval, b.tau, b.trainEvery,
            b.gradientSteps);
        this.exploration = new Exploration(b.schedule, b.epsStart, b.epsFinal, b.decaySteps, b.decayUnit);
        this.replay = new Replay(b.capacity, b.batchSize, b.warmupSteps);
        validate();
    }

    /** SB3's DQN defaults; see {@link Builder} for where each number comes from. */
    public static DqnConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        final Builder b = new Builder();
        b.hidden = networks.hidden();
        b.activation = networks.activation();
        b.batchNorm = networks.batchNorm();
        b.learningRate = optimiser.learningRate();
        b.maxGradNorm = optimiser.maxGradNorm();
        b.gamma = dqn.gamma();
        b.doubleQ = dqn.doubleQ();
        b.huberDelta = dqn.huberDelta();
        b.targetUpdateInterval = dqn.targetUpdateInterval();
        b.tau = dqn.tau();
        b.trainEvery = dqn.trainEvery();
        b.gradientSteps = dqn.gradientSteps();
        b.schedule = exploration.schedule();
        b.epsStart = exploration.epsStart();
        b.epsFinal = exploration.epsFinal();
        b.decaySteps = exploration.decaySteps();
        b.decayUnit = exploration.unit();
        b.capacity = replay.capacity();
        b.batchSize = replay.batchSize();
        b.warmupSteps = replay.warmupSteps();
        return b;
    }

    public Networks networks() {
        return networks;
    }

    public Optimiser optimiser() {
        return optimiser;
    }

    public Dqn dqn() {
        return dqn;
    }

    public Exploration exploration() {
        return exploration;
    }

    public Replay replay() {
        return replay;
    }

    /** Every key and value, {@code group.key=value} one per line, in a fixed order. */
    public String describe() {
        final List<String> lines = new ArrayList<>();
        lines.add("algorithm=dqn");
        lines.add("networks.hidden=" + join(networks.hidden));
        lines.add("networks.activation=" + lower(networks.activation()));
        lines.add("networks.batch_norm=" + networks.batchNorm());
        lines.add("optimiser.lr=" + optimiser.learningRate());
        lines.add("optimiser.max_grad_norm=" + optimiser.maxGradNorm());
        lines.add("dqn.gamma=" + dqn.gamma());
        lines.add("dqn.double_q=" + dqn.doubleQ());
        lines.add("dqn.huber_delta=" + dqn.huberDelta());
        lines.add("dqn.target_update_interval=" + dqn.targetUpdateInterval());
        lines.add("dqn.tau=" + dqn.tau());
        lines.add("dqn.train_every=" + dqn.trainEvery());
        lines.add("dqn.gradient_steps=" + dqn.gradientSteps());
        lines.add("exploration.schedule=" + lower(exploration.schedule()));
        lines.add("exploration.eps_start=" + exploration.epsStart());
        lines.add("exploration.eps_final=" + exploration.epsFinal());
        lines.add("exploration.decay_steps=" + exploration.decaySteps());
        lines.add("exploration.decay_unit=" + lower(exploration.unit()));
        lines.add("replay.capacity=" + replay.capacity());
        lines.add("replay.batch_size=" + replay.batchSize());
        lines.add("replay.warmup_steps=" + replay.warmupSteps());
        return String.join("\n", lines) + "\n";
    }

    /** The config {@link #describe()} wrote: every key must be there once; see {@link Builder#set}. */
    public static DqnConfig parse(final String description) {
        final Builder b = builder();
        final Set<String> seen = new HashSet<>();
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
        if (seen.size() != KEYS.size()) {
            final List<String> missing = new ArrayList<>(KEYS);
            missing.removeAll(seen);
            throw new IllegalArgumentException("config description lacks keys: " + String.join(", ", missing));
        }
        return b.build();
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof DqnConfig c && describe().equals(c.describe());
    }

    @Override
    public int hashCode() {
        return describe().hashCode();
    }

    @Override
    public String toString() {
        return "DqnConfig{" + describe().trim().replace('\n', ' ') + "}";
    }

    private void validate() {
        if (networks.hidden.length == 0 || networks.hidden.length > 16) {
            throw invalid("networks.hidden", "must list 1 to 16 hidden layer widths", join(networks.hidden));
        }
        for (final int h : networks.hidden) {
            if (h < 1 || h > 1 << 16) {
                throw invalid("networks.hidden", "widths must be in [1, 65536]", join(networks.hidden));
            }
        }
        checkRange("optimiser.lr", optimiser.learningRate(), 0, false, 1, true);
        checkRange("optimiser.max_grad_norm", optimiser.maxGradNorm(), 0, true, 1e6, true);
        checkRange("dqn.gamma", dqn.gamma(), 0, true, 1, true);
        checkRange("dqn.huber_delta", dqn.huberDelta(), 0, true, 1e6, true);
        checkRange("dqn.target_update_interval", dqn.targetUpdateInterval(), 1, 100_000_000);
        checkRange("dqn.tau", dqn.tau(), 0, false, 1, true);
        checkRange("dqn.train_every", dqn.trainEvery(), 1, 1_000_000);
        checkRange("dqn.gradient_steps", dqn.gradientSteps(), 1, 1_000_000);
        checkRange("exploration.eps_start", exploration.epsStart(), 0, true, 1, true);
        checkRange("exploration.eps_final", exploration.epsFinal(), 0, true, 1, true);
        checkRange("exploration.decay_steps", exploration.decaySteps(), 0, Long.MAX_VALUE / 2);
        if (exploration.schedule() == Schedule.EXPONENTIAL && exploration.decaySteps() == 0) {
            throw invalid("exploration.decay_steps", "must be positive for schedule exponential (it is the time "
                + "constant)", exploration.decaySteps());
        }
        checkRange("replay.capacity", replay.capacity(), 1, 100_000_000);
        checkRange("replay.batch_size", replay.batchSize(), 1, 1 << 16);
        checkRange("replay.warmup_steps", replay.warmupSteps(), 0, 100_000_000);
        if (networks.batchNorm() && replay.batchSize() < 2) {
            throw invalid("replay.batch_size", "must be at least 2 with networks.batch_norm=true (batch statistics)",
                replay.batchSize());
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

    private static String lower(final Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static String join(final int[] values) {
        final StringBuilder s = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            s.append(i == 0 ? "" : ",").append(values[i]);
        }
        return s.toString();
    }

    /** Sets keys one by one; {@link #build()} checks them all. Starts from SB3's DQN defaults. */
    public static final class Builder {
        /** SB3 DQN's MlpPolicy: net_arch [64, 64], ReLU; no batch norm. */
        private int[] hidden = {64, 64};
        private Activation activation = Activation.RELU;
        private boolean batchNorm;
        /** SB3 DQN: learning_rate 1e-4, max_grad_norm 10 (clip_grad_norm_ over all Q parameters). */
        private double learningRate = 1e-4;
        private double maxGradNorm = 10;
        /** SB3 DQN: gamma 0.99, no Double DQN, smooth_l1_loss (β 1), tau 1.0 (hard copy). */
        private double gamma = 0.99;
        private boolean doubleQ;
        private double huberDelta = 1.0;
        /** SB3 DQN: target_update_interval 10000 env steps = 2500 updates at train_freq 4, gradient_steps 1. */
        private int targetUpdateInterval = 2_500;
        private double tau = 1.0;
        private int trainEvery = 4;
        private int gradientSteps = 1;
        /** SB3 DQN: exploration_initial_eps 1.0, final 0.05, linear over exploration_fraction 0.1 of the run. */
        private Schedule schedule = Schedule.LINEAR;
        private double epsStart = 1.0;
        private double epsFinal = 0.05;
        private long decaySteps = 100_000;
        private DecayUnit decayUnit = DecayUnit.STEPS;
        /** SB3 DQN: buffer_size 1e6, batch_size 32, learning_starts 100. */
        private int capacity = 1_000_000;
        private int batchSize = 32;
        private int warmupSteps = 100;

        private Builder() {
        }

        public Builder hidden(final int... widths) {
            hidden = widths.clone();
            return this;
        }

        public Builder activation(final Activation value) {
            activation = value;
            return this;
        }

        public Builder batchNorm(final boolean value) {
            batchNorm = value;
            return this;
        }

        public Builder learningRate(final double value) {
            learningRate = value;
            return this;
        }

        /** Gradient-norm clip over all Q parameters; 0 turns clipping off. */
        public Builder maxGradNorm(final double value) {
            maxGradNorm = value;
            return this;
        }

        public Builder gamma(final double value) {
            gamma = value;
            return this;
        }

        public Builder doubleQ(final boolean value) {
            doubleQ = value;
            return this;
        }

        /** Huber δ (PyTorch smooth_l1 β); 0: mean squared error. */
        public Builder huberDelta(final double value) {
            huberDelta = value;
            return this;
        }

        /** Hard target copy every {@code updates} updates. */
        public Builder hardTargetUpdate(final int updates) {
            targetUpdateInterval = updates;
            tau = 1.0;
            return this;
        }

        /** Polyak averaging with rate {@code tau} every {@code updates} updates. */
        public Builder polyakTargetUpdate(final double rate, final int updates) {
            tau = rate;
            targetUpdateInterval = updates;
            return this;
        }

        /** {@code gradientSteps} updates every {@code everyEnvSteps} env steps. */
        public Builder trainEvery(final int everyEnvSteps, final int gradientSteps) {
            this.trainEvery = everyEnvSteps;
            this.gradientSteps = gradientSteps;
            return this;
        }

        /** ε linear from {@code start} to {@code end} over {@code steps} env steps, then {@code end}. */
        public Builder linearEpsilon(final double start, final double end, final long steps) {
            schedule = Schedule.LINEAR;
            epsStart = start;
            epsFinal = end;
            decaySteps = steps;
            decayUnit = DecayUnit.STEPS;
            return this;
        }

        /** ε = end + (start - end) exp(-t / timeConstant), t in env steps or episodes. */
        public Builder exponentialEpsilon(final double start, final double end, final long timeConstant,
            final DecayUnit unit) {
            schedule = Schedule.EXPONENTIAL;
            epsStart = start;
            epsFinal = end;
            decaySteps = timeConstant;
            decayUnit = unit;
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
         * Sets one key by the name {@link #describe()} uses ({@code dqn.double_q=true}, {@code networks.hidden=256,256},
         * {@code exploration.schedule=exponential}, …). Ranges are checked by {@link #build()}.
         *
         * @throws IllegalArgumentException for an unknown key or a value that does not parse, naming both and the
         *                                  allowed values
         */
        public Builder set(final String key, final String value) {
            try {
                switch (key) {
                    case "algorithm" -> {
                        if (!value.trim().equalsIgnoreCase("dqn")) {
                            throw new IllegalArgumentException("config algorithm is dqn for a DQN config, got '"
                                + value + "' (td3 and ddpg are TD3 configs, for continuous actions)");
                        }
                    }
                    case "networks.hidden" -> hidden = ints(value);
                    case "networks.activation" -> activation = enumValue(Activation.class, key, value);
                    case "networks.batch_norm" -> batchNorm = bool(key, value);
                    case "optimiser.lr" -> learningRate = Double.parseDouble(value);
                    case "optimiser.max_grad_norm" -> maxGradNorm = Double.parseDouble(value);
                    case "dqn.gamma" -> gamma = Double.parseDouble(value);
                    case "dqn.double_q" -> doubleQ = bool(key, value);
                    case "dqn.huber_delta" -> huberDelta = Double.parseDouble(value);
                    case "dqn.target_update_interval" -> targetUpdateInterval = Integer.parseInt(value);
                    case "dqn.tau" -> tau = Double.parseDouble(value);
                    case "dqn.train_every" -> trainEvery = Integer.parseInt(value);
                    case "dqn.gradient_steps" -> gradientSteps = Integer.parseInt(value);
                    case "exploration.schedule" -> schedule = enumValue(Schedule.class, key, value);
                    case "exploration.eps_start" -> epsStart = Double.parseDouble(value);
                    case "exploration.eps_final" -> epsFinal = Double.parseDouble(value);
                    case "exploration.decay_steps" -> decaySteps = Long.parseLong(value);
                    case "exploration.decay_unit" -> decayUnit = enumValue(DecayUnit.class, key, value);
                    case "replay.capacity" -> capacity = Integer.parseInt(value);
                    case "replay.batch_size" -> batchSize = Integer.parseInt(value);
                    case "replay.warmup_steps" -> warmupSteps = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown config key '" + key + "'; keys: "
                        + String.join(", ", KEYS));
                }
            } catch (final NumberFormatException e) {
                throw new IllegalArgumentException("config " + key + " must be a number, got '" + value + "'", e);
            }
            return this;
        }

        private static <E extends Enum<E>> E enumValue(final Class<E> type, final String key, final String value) {
            for (final E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(value.trim())) {
                    return e;
                }
            }
            final List<String> names = new ArrayList<>();
            for (final E e : type.getEnumConstants()) {
                names.add(e.name().toLowerCase(Locale.ROOT));
            }
            throw new IllegalArgumentException("config " + key + " has no value '" + value + "'; values: "
                + String.join(", ", names));
        }

        private static boolean bool(final String key, final String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException("config " + key + " must be true or false, got '"
                    + value + "'");
            };
        }

        private static int[] ints(final String value) {
            return Arrays.stream(value.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        }

        /** @throws IllegalArgumentException naming the first key out of its range, the range and the value */
        public DqnConfig build() {
            return new DqnConfig(this);
        }
    }
}
