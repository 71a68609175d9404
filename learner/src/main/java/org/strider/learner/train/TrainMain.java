package org.strider.learner.train;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import org.nd4j.linalg.factory.Nd4j;
import java.util.List;
import java.util.function.BiConsumer;
import org.strider.env.Discrete;
import org.strider.env.Env;
import org.strider.env.EnvRegistry;
import org.strider.env.Space;
import org.strider.learner.checkpoint.Checkpoint;
import org.strider.learner.dqn.DqnConfig;
import org.strider.learner.dqn.DqnMetrics;
import org.strider.learner.dqn.DqnPresets;
import org.strider.learner.td3.Td3Config;
import org.strider.learner.td3.Td3Metrics;
import org.strider.learner.td3.Td3Presets;

/**
 * Runs {@link Td3Trainer} or {@link DqnTrainer} from the command line and writes what a benchmark report needs:
 * <pre>
 *   TrainMain ENV_ID STEPS SEED [PRESET] [OUT_DIR] [--eval-every N] [--eval-episodes M] [--threads T]
 *             [--checkpoint-every N] [--resume FILE] [--stop-at-average R [--stop-window K]] [--set key=value]...
 * </pre>
 * The algorithm is a config choice: {@code --set algorithm=dqn} (or td3, ddpg); without it a discrete env
 * (CartPole-v1, LunarLander-v3) trains DQN with {@link DqnPresets}, a continuous one TD3/DDPG with
 * {@link Td3Presets}. An algorithm that does not fit the env's action space exits 2 with a message before anything
 * runs. {@code --stop-at-average R} ends the run once the last K (default 100) training episodes average R.
 * {@code --set} overrides one config key of the preset (e.g. {@code --set replay.warmup_steps=1000}); a resumed
 * run must use the same preset and overrides as the run that wrote the checkpoint.
 * PRESET defaults to the env's ({@link Td3Presets#forEnv}), OUT_DIR to {@code runs/ENV_ID-seedSEED}. Evaluation
 * every 5000 steps on 10 episodes by default. OUT_DIR receives {@code returns.csv} (step, updates, eval mean and
 * std, each evaluation episode's return), {@code episodes.csv} (every training episode), {@code config.txt}, and
 * {@code final.ckpt} (with the replay buffer; {@code latest.ckpt} every {@code --checkpoint-every} steps, a
 * multiple of the evaluation period; {@code --resume latest.ckpt} continues it exactly and appends to the CSVs).
 * Progress goes to stdout. Run with {@code OMP_NUM_THREADS} equal to {@code --threads} (default 1).
 */
public final class TrainMain {
    private TrainMain() {
    }

    public static void main(final String[] args) throws IOException {
        final Args a;
        final Td3Config config;
        final DqnConfig dqnConfig;
        try {
            a = Args.parse(args);
            if (usesDqn(a.envId, a.overrides)) {
                final DqnConfig.Builder chosen = (a.preset == null ? DqnPresets.forEnv(a.envId)
                    : DqnPresets.named(a.preset)).toBuilder();
                applyOverrides(a, chosen::set);
                dqnConfig = chosen.build();
                config = null;
            } else {
                final Td3Config.Builder chosen = (a.preset == null ? Td3Presets.forEnv(a.envId)
                    : Td3Presets.named(a.preset)).toBuilder();
                applyOverrides(a, chosen::set);
                config = chosen.build();
                dqnConfig = null;
            }
        } catch (final IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("usage: TrainMain ENV_ID STEPS SEED [PRESET] [OUT_DIR] [--eval-every N] "
                + "[--eval-episodes M] [--threads T] [--checkpoint-every N] [--resume FILE] "
                + "[--stop-at-average R] [--stop-window K] [--set key=value]...");
            System.err.println("TD3/DDPG presets: " + String.join(", ", Td3Presets.names()));
            System.err.println("TD3/DDPG config keys: " + String.join(", ", Td3Config.KEYS));
            System.err.println("DQN presets: " + String.join(", ", DqnPresets.names()));
            System.err.println("DQN config keys: " + String.join(", ", DqnConfig.KEYS));
            System.exit(2);
            return;
        }
        Nd4j.getEnvironment().setMaxThreads(a.threads);
        Nd4j.getEnvironment().setMaxMasterThreads(a.threads);
        Files.createDirectories(a.out);
        final String description = config != null ? config.describe() : dqnConfig.describe();
        Files.writeString(a.out.resolve("config.txt"), "env=" + a.envId + "\nseed=" + a.seed + "\nsteps=" + a.steps
            + "\npreset=" + (a.preset == null ? a.envId + " (by env)" : a.preset) + "\n"
            + (a.stopAt == null ? "" : "stop_at_average=" + a.stopAt.threshold() + "\nstop_window="
            + a.stopAt.window() + "\n") + description);
        final TrainSettings settings = new TrainSettings(a.evalEvery, a.evalEpisodes, a.evalEvery, a.stopAt);
        final Td3Trainer trainer;
        final DqnTrainer dqnTrainer;
        if (config != null) {
            trainer = a.resume == null
                ? Td3Trainer.create(a.envId, config, a.seed, settings)
                : Td3Trainer.resume(a.envId, Checkpoint.read(a.resume, a.envId, config), settings);
            dqnTrainer = null;
        } else {
            dqnTrainer = a.resume == null
                ? DqnTrainer.create(a.envId, dqnConfig, a.seed, settings)
                : DqnTrainer.resume(a.envId, Checkpoint.readDqn(a.resume, a.envId, dqnConfig), settings);
            trainer = null;
        }
        System.out.printf(Locale.ROOT, "%s seed %d, %d steps, ND4J %s with %d thread(s)%n%s", a.envId, a.seed,
            a.steps, Nd4j.getBackend().getClass().getSimpleName(), a.threads, description);

        final boolean append = a.resume != null;
        final CheckpointWriter writer = file -> {
            if (trainer != null) {
                Checkpoint.write(file, a.envId, trainer.state(), true);
            } else {
                Checkpoint.write(file, a.envId, dqnTrainer.state(), true);
            }
        };
        try (PrintWriter returns = csv(a.out.resolve("returns.csv"), append, returnsHeader(a.evalEpisodes));
             PrintWriter episodes = csv(a.out.resolve("episodes.csv"), append,
                 "episode,end_step,return,length,terminated")) {
            final Progress progress = new Progress(writer, returns, episodes, a);
            if (trainer != null) {
                trainer.runUntil(a.steps, progress);
            } else {
                dqnTrainer.runUntil(a.steps, progress);
            }
        }
        writer.write(a.out.resolve("final.ckpt"));
        System.out.println("wrote " + a.out.resolve("returns.csv") + ", episodes.csv, final.ckpt");
    }

    /**
     * DQN when {@code --set algorithm=dqn} says so, or when no algorithm is set and the env's actions are
     * discrete; an algorithm that does not fit the env's action space is refused here, before anything runs.
     */
    static boolean usesDqn(final String envId, final List<String> overrides) {
        String algorithm = null;
        for (final String override : overrides) {
            if (override.startsWith("algorithm=")) {
                algorithm = override.substring("algorithm=".length()).trim().toLowerCase(Locale.ROOT);
            }
        }
        final Space actions;
        try (Env env = EnvRegistry.make(envId)) {
            actions = env.actionSpace();
        }
        final boolean discrete = actions instanceof Discrete;
        if (algorithm == null) {
            return discrete;
        }
        if (!List.of("dqn", "td3", "ddpg").contains(algorithm)) {
            throw new IllegalArgumentException("config algorithm has no value '" + algorithm + "'; values: td3, "
                + "ddpg (continuous actions), dqn (discrete actions)");
        }
        if (algorithm.equals("dqn") && !discrete) {
            throw new IllegalArgumentException("algorithm dqn needs a discrete action space, but " + envId
                + " has " + actions.describe() + "; use algorithm td3 or ddpg (or a discrete env such as "
                + "LunarLander-v3)");
        }
        if (!algorithm.equals("dqn") && discrete) {
            throw new IllegalArgumentException("algorithm " + algorithm + " needs a continuous (Box) action space, "
                + "but " + envId + " has " + actions.describe() + "; use algorithm dqn (or a continuous env "
                + "such as LunarLanderContinuous-v3)");
        }
        return algorithm.equals("dqn");
    }

    private static void applyOverrides(final Args a, final BiConsumer<String, String> set) {
        for (final String override : a.overrides) {
            final int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--set takes key=value, got " + override);
            }
            set.accept(override.substring(0, eq), override.substring(eq + 1));
        }
    }

    /** Writes the running trainer's state to a file. */
    @FunctionalInterface
    private interface CheckpointWriter {
        void write(Path file) throws IOException;
    }

    private static String returnsHeader(final int episodes) {
        final StringBuilder s = new StringBuilder("step,updates,eval_mean,eval_std");
        for (int k = 0; k < episodes; k++) {
            s.append(",return_").append(k);
        }
        return s.toString();
    }

    private static PrintWriter csv(final Path file, final boolean append, final String header) throws IOException {
        final boolean fresh = !append || !Files.exists(file);
        final PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, fresh
            ? new java.nio.file.OpenOption[] {}
            : new java.nio.file.OpenOption[] {java.nio.file.StandardOpenOption.APPEND}));
        if (fresh) {
            w.println(header);
        }
        return w;
    }

    /** Writes the CSV rows, prints progress and writes the periodic checkpoint. */
    private static final class Progress implements TrainListener {
        private final CheckpointWriter checkpoint;
        private final PrintWriter returns;
        private final PrintWriter episodes;
        private final Args args;
        private final Deque<Double> recent = new ArrayDeque<>();
        private final long start = System.nanoTime();
        private Evaluation lastEval;

        Progress(final CheckpointWriter checkpoint, final PrintWriter returns, final PrintWriter episodes,
            final Args args) {
            this.checkpoint = checkpoint;
            this.returns = returns;
            this.episodes = episodes;
            this.args = args;
        }

        @Override
        public void onEpisode(final Episode e) {
            episodes.printf(Locale.ROOT, "%d,%d,%.4f,%d,%b%n", e.index(), e.endStep(), e.totalReward(), e.length(),
                e.terminated());
            recent.addLast(e.totalReward());
            if (recent.size() > 10) {
                recent.removeFirst();
            }
        }

        @Override
        public void onEvaluation(final Evaluation e) {
            lastEval = e;
            final StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%d,%d,%.4f,%.4f", e.envStep(),
                e.updates(), e.mean(), e.std()));
            for (final double r : e.returns()) {
                row.append(String.format(Locale.ROOT, ",%.4f", r));
            }
            returns.println(row);
            returns.flush();
            episodes.flush();
        }

        @Override
        public void onProgress(final long step, final Td3Metrics m, final double stepsPerSecond) {
            print(step, stepsPerSecond, m == null ? "  (warm-up)" : String.format(Locale.ROOT,
                "  q1_loss %.4g  actor_loss %.4g  mean_q %.4g", m.q1Loss, m.actorLoss, m.meanQ));
        }

        @Override
        public void onDqnProgress(final long step, final DqnMetrics m, final double stepsPerSecond) {
            print(step, stepsPerSecond, m == null ? "  (warm-up)" : String.format(Locale.ROOT,
                "  loss %.4g  mean_q %.4g  td_error %.4g  updates %d", m.loss, m.meanQ, m.tdError, m.update));
        }

        @Override
        public void onStopAtAverage(final long step, final double average, final StopAtAverage criterion) {
            System.out.printf(Locale.ROOT, "stopping at step %d: %s reached (%.2f)%n", step, criterion, average);
        }

        private void print(final long step, final double stepsPerSecond, final String metrics) {
            final double train = recent.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            System.out.printf(Locale.ROOT, "step %d/%d  %.0fs  %.0f steps/s  train return (last %d) %.1f  eval %s%s%n",
                step, args.steps, (System.nanoTime() - start) / 1e9, stepsPerSecond, recent.size(), train,
                lastEval == null ? "-" : String.format(Locale.ROOT, "%.1f ± %.1f", lastEval.mean(), lastEval.std()),
                metrics);
            if (args.checkpointEvery > 0 && step % args.checkpointEvery == 0) {
                try {
                    checkpoint.write(args.out.resolve("latest.ckpt"));
                } catch (final IOException ex) {
                    throw new java.io.UncheckedIOException(ex);
                }
            }
        }
    }

    /** Parsed command line. */
    private static final class Args {
        String envId;
        long steps;
        long seed;
        String preset;
        Path out;
        long evalEvery = 5_000;
        int evalEpisodes = 10;
        int threads = 1;
        long checkpointEvery;
        Path resume;
        StopAtAverage stopAt;
        final java.util.List<String> overrides = new java.util.ArrayList<>();

        static Args parse(final String[] argv) {
            final Args a = new Args();
            final java.util.List<String> positional = new java.util.ArrayList<>();
            Double stopAverage = null;
            int stopWindow = 100;
            for (int i = 0; i < argv.length; i++) {
                final String arg = argv[i];
                if (!arg.startsWith("--")) {
                    positional.add(arg);
                    continue;
                }
                if (i + 1 >= argv.length) {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                final String value = argv[++i];
                switch (arg) {
                    case "--eval-every" -> a.evalEvery = positiveLong(arg, value);
                    case "--eval-episodes" -> a.evalEpisodes = (int) positiveLong(arg, value);
                    case "--threads" -> a.threads = (int) positiveLong(arg, value);
                    case "--checkpoint-every" -> a.checkpointEvery = positiveLong(arg, value);
                    case "--resume" -> a.resume = Path.of(value);
                    case "--set" -> a.overrides.add(value);
                    case "--stop-at-average" -> stopAverage = number(arg, value);
                    case "--stop-window" -> stopWindow = (int) positiveLong(arg, value);
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            if (positional.size() < 3 || positional.size() > 5) {
                throw new IllegalArgumentException("expected ENV_ID STEPS SEED [PRESET] [OUT_DIR], got "
                    + positional.size() + " positional arguments");
            }
            a.envId = positional.get(0);
            a.steps = positiveLong("STEPS", positional.get(1));
            try {
                a.seed = Long.parseLong(positional.get(2));
            } catch (final NumberFormatException e) {
                throw new IllegalArgumentException("SEED must be an integer, got " + positional.get(2));
            }
            a.preset = positional.size() > 3 && !positional.get(3).equals("-") ? positional.get(3) : null;
            a.out = positional.size() > 4 ? Path.of(positional.get(4)) : Path.of("runs", a.envId + "-seed" + a.seed);
            if (stopAverage != null) {
                a.stopAt = new StopAtAverage(stopAverage, stopWindow);
            }
            if (a.checkpointEvery % a.evalEvery != 0) {
                throw new IllegalArgumentException("--checkpoint-every " + a.checkpointEvery
                    + " must be a multiple of --eval-every " + a.evalEvery);
            }
            return a;
        }

        private static double number(final String name, final String value) {
            try {
                return Double.parseDouble(value);
            } catch (final NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a number, got " + value);
            }
        }

        private static long positiveLong(final String name, final String value) {
            try {
                final long v = Long.parseLong(value.replace("_", ""));
                if (v <= 0) {
                    throw new IllegalArgumentException(name + " must be positive, got " + value);
                }
                return v;
            } catch (final NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a positive integer, got " + value);
            }
        }
    }
}
