package org.strider.learner.train;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import org.nd4j.linalg.factory.Nd4j;
import org.strider.learner.checkpoint.Checkpoint;
import org.strider.learner.td3.Td3Config;
import org.strider.learner.td3.Td3Metrics;
import org.strider.learner.td3.Td3Presets;
import org.strider.learner.td3.Td3State;

/**
 * Runs {@link Td3Trainer} from the command line and writes what a benchmark report needs:
 * <pre>
 *   TrainMain ENV_ID STEPS SEED [PRESET] [OUT_DIR] [--eval-every N] [--eval-episodes M] [--threads T]
 *             [--checkpoint-every N] [--resume FILE] [--set key=value]...
 * </pre>
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
        try {
            a = Args.parse(args);
            final Td3Config.Builder chosen = (a.preset == null ? Td3Presets.forEnv(a.envId)
                : Td3Presets.named(a.preset)).toBuilder();
            for (final String override : a.overrides) {
                final int eq = override.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--set takes key=value, got " + override);
                }
                chosen.set(override.substring(0, eq), override.substring(eq + 1));
            }
            config = chosen.build();
        } catch (final IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("usage: TrainMain ENV_ID STEPS SEED [PRESET] [OUT_DIR] [--eval-every N] "
                + "[--eval-episodes M] [--threads T] [--checkpoint-every N] [--resume FILE] [--set key=value]...");
            System.err.println("presets: " + String.join(", ", Td3Presets.names()));
            System.err.println("config keys: " + String.join(", ", Td3Config.KEYS));
            System.exit(2);
            return;
        }
        Nd4j.getEnvironment().setMaxThreads(a.threads);
        Nd4j.getEnvironment().setMaxMasterThreads(a.threads);
        Files.createDirectories(a.out);
        Files.writeString(a.out.resolve("config.txt"), "env=" + a.envId + "\nseed=" + a.seed + "\nsteps=" + a.steps
            + "\npreset=" + (a.preset == null ? a.envId + " (by env)" : a.preset) + "\n" + config.describe());
        final TrainSettings settings = new TrainSettings(a.evalEvery, a.evalEpisodes, a.evalEvery);
        final Td3Trainer trainer = a.resume == null
            ? Td3Trainer.create(a.envId, config, a.seed, settings)
            : Td3Trainer.resume(a.envId, Checkpoint.read(a.resume, a.envId, config), settings);
        System.out.printf(Locale.ROOT, "%s seed %d, %d steps, ND4J %s with %d thread(s)%n%s", a.envId, a.seed,
            a.steps, Nd4j.getBackend().getClass().getSimpleName(), a.threads, config.describe());

        final boolean append = a.resume != null;
        try (PrintWriter returns = csv(a.out.resolve("returns.csv"), append, returnsHeader(a.evalEpisodes));
             PrintWriter episodes = csv(a.out.resolve("episodes.csv"), append,
                 "episode,end_step,return,length,terminated")) {
            final Progress progress = new Progress(trainer, returns, episodes, a);
            trainer.runUntil(a.steps, progress);
        }
        Checkpoint.write(a.out.resolve("final.ckpt"), a.envId, trainer.state(), true);
        System.out.println("wrote " + a.out.resolve("returns.csv") + ", episodes.csv, final.ckpt");
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
        private final Td3Trainer trainer;
        private final PrintWriter returns;
        private final PrintWriter episodes;
        private final Args args;
        private final Deque<Double> recent = new ArrayDeque<>();
        private final long start = System.nanoTime();
        private Evaluation lastEval;

        Progress(final Td3Trainer trainer, final PrintWriter returns, final PrintWriter episodes, final Args args) {
            this.trainer = trainer;
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
            final double train = recent.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            System.out.printf(Locale.ROOT, "step %d/%d  %.0fs  %.0f steps/s  train return (last %d) %.1f  eval %s%s%n",
                step, args.steps, (System.nanoTime() - start) / 1e9, stepsPerSecond, recent.size(), train,
                lastEval == null ? "-" : String.format(Locale.ROOT, "%.1f ± %.1f", lastEval.mean(), lastEval.std()),
                m == null ? "  (warm-up)" : String.format(Locale.ROOT, "  q1_loss %.4g  actor_loss %.4g  mean_q %.4g",
                    m.q1Loss, m.actorLoss, m.meanQ));
            if (args.checkpointEvery > 0 && step % args.checkpointEvery == 0) {
                writeCheckpoint();
            }
        }

        private void writeCheckpoint() {
            try {
                final Td3State s = trainer.state();
                Checkpoint.write(args.out.resolve("latest.ckpt"), args.envId, s, true);
            } catch (final IOException ex) {
                throw new java.io.UncheckedIOException(ex);
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
        final java.util.List<String> overrides = new java.util.ArrayList<>();

        static Args parse(final String[] argv) {
            final Args a = new Args();
            final java.util.List<String> positional = new java.util.ArrayList<>();
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
            if (a.checkpointEvery % a.evalEvery != 0) {
                throw new IllegalArgumentException("--checkpoint-every " + a.checkpointEvery
                    + " must be a multiple of --eval-every " + a.evalEvery);
            }
            return a;
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
