package org.strider.cli;

import org.strider.run.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.strider.env.Env;
import org.strider.env.EnvRegistry;
import org.strider.env.RandomPolicy;
import org.strider.env.Step;
import org.strider.env.VectorEnv;
import org.strider.env.VectorStep;
import org.strider.random.Seeds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code strider bench env}: env steps per second with seeded uniform random actions, auto-reset and no rendering.
 * Three figures per id: one env on one thread; a {@link VectorEnv} of K envs on one thread; and with
 * {@code --threads T > 1}, T threads each stepping its own VectorEnv (aggregate). Drawing the random actions is
 * part of the measured loop, as it is part of any real rollout.
 */
@Command(name = "env",
    header = "Env steps per second: one env, a VectorEnv, and threads of VectorEnvs.",
    mixinStandardHelpOptions = true,
    versionProvider = StriderCli.Version.class,
    description = {
        "Steps per second of environments with uniformly random actions (seeded), auto-reset and no rendering: "
            + "one env on one thread, a VectorEnv of --num-envs envs on one thread, and with --threads T > 1 "
            + "T threads each stepping its own VectorEnv (aggregate).",
        "Each figure is measured for --seconds after --warmup seconds of the same loop. Ids are measured one "
            + "after another in one JVM. Prints a table (or --json); asserts nothing about speed."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  strider bench env --env all --seconds 3",
        "  strider bench env --env LunarLander-v3 --seconds 5 --num-envs 16",
        "  strider bench env --env BipedalWalkerHardcore-v3 --seconds 5 --threads 2 --json"})
final class BenchEnvCommand implements Callable<Integer> {
    private static final int CHECK_EVERY = 64;

    @Spec
    CommandSpec spec;

    @Option(names = "--env", defaultValue = "all", paramLabel = "ID|all",
        description = "Environment id, or all registered ids (default: ${DEFAULT-VALUE}).")
    String envId;

    @Option(names = {"-o", "--option"}, paramLabel = "KEY=VALUE",
        description = "Env option, repeatable; only with a single --env id.")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--seconds", defaultValue = "3", paramLabel = "S",
        description = "Measured seconds per figure (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup", paramLabel = "S",
        description = "Warm-up seconds before each figure (default: the smaller of 3 and --seconds; the Box2D "
            + "envs need about 3 s of JIT before their rate settles).")
    Double warmup;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "T",
        description = "With T > 1, also measure T threads each stepping its own VectorEnv (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--num-envs", defaultValue = "8", paramLabel = "K",
        description = "Envs per VectorEnv (default: ${DEFAULT-VALUE}).")
    int numEnvs;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
        description = "Seed of env episodes and random actions (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print the figures as one JSON object.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines on stderr.")
    boolean quiet;

    /** One measurement: steps and episodes finished in the measured window. */
    record Rate(long steps, long episodes, double seconds) {
        double stepsPerSecond() {
            return steps / seconds;
        }

        /** Both measurements together: steps and episodes add up over the longer window. */
        Rate plus(final Rate o) {
            return new Rate(steps + o.steps, episodes + o.episodes, Math.max(seconds, o.seconds));
        }
    }

    @Override
    public Integer call() throws InterruptedException, ExecutionException {
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new ParameterException(spec.commandLine(), "--seconds must be a positive number, got " + seconds);
        }
        final double warm = warmup == null ? Math.min(3.0, seconds) : warmup;
        if (!(warm >= 0) || Double.isInfinite(warm)) {
            throw new ParameterException(spec.commandLine(), "--warmup must be >= 0, got " + warmup);
        }
        if (threads < 1 || numEnvs < 1) {
            throw new ParameterException(spec.commandLine(), "--threads and --num-envs must be >= 1, got "
                + threads + " and " + numEnvs);
        }
        final List<String> ids;
        if (envId.equals("all")) {
            if (!options.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--option needs a single --env id, not 'all' "
                    + "(options differ between envs)");
            }
            ids = EnvRegistry.ids();
        } else {
            EnvSelection.check(spec.commandLine(), envId, options);
            ids = List.of(envId);
        }
        final Progress progress = new Progress(spec.commandLine().getErr(), StriderCli.stderrIsTerminal(), quiet);
        final List<Map<String, Object>> results = new ArrayList<>();
        for (final String id : ids) {
            progress.update(id + ": 1 env, 1 thread ...");
            final Rate single = single(id, warm);
            progress.update(id + ": VectorEnv of " + numEnvs + ", 1 thread ...");
            final Rate vector = vector(id, seed, warm, null);
            Rate threaded = null;
            if (threads > 1) {
                progress.update(id + ": " + threads + " threads x VectorEnv of " + numEnvs + " ...");
                threaded = threaded(id, warm);
            }
            final Map<String, Object> r = new LinkedHashMap<>();
            r.put("env", id);
            r.put("singleStepsPerSecond", single.stepsPerSecond());
            r.put("singleEpisodes", single.episodes());
            r.put("vectorStepsPerSecond", vector.stepsPerSecond());
            r.put("vectorEpisodes", vector.episodes());
            r.put("threadedStepsPerSecond", threaded == null ? null : threaded.stepsPerSecond());
            r.put("threadedEpisodes", threaded == null ? null : threaded.episodes());
            results.add(r);
        }
        progress.finish();
        print(results, warm);
        return 0;
    }

    private Rate single(final String id, final double warm) {
        try (Env env = EnvRegistry.make(id, options)) {
            final RandomPolicy policy = new RandomPolicy(env.actionSpace(), Seeds.derive(seed, 1_000_000));
            final Step step = Step.forEnv(env);
            final float[] action = new float[policy.actionSize()];
            final long[] episodes = {0};
            env.reset(Seeds.derive(seed, 0), step);
            final Runnable chunk = () -> {
                for (int i = 0; i < CHECK_EVERY; i++) {
                    policy.act(action);
                    env.step(action, step);
                    if (step.done()) {
                        env.reset(Seeds.derive(seed, ++episodes[0]), step);
                    }
                }
            };
            run(chunk, warm);
            final long episodesBefore = episodes[0];
            final long start = System.nanoTime();
            final long chunks = run(chunk, seconds);
            return new Rate(chunks * CHECK_EVERY, episodes[0] - episodesBefore, (System.nanoTime() - start) / 1e9);
        }
    }

    private Rate vector(final String id, final long vectorSeed, final double warm, final CyclicBarrier startLine) {
        try (VectorEnv envs = VectorEnv.make(id, options, numEnvs, vectorSeed)) {
            final RandomPolicy policy =
                new RandomPolicy(envs.env(0).actionSpace(), Seeds.derive(vectorSeed, 1_000_000));
            final VectorStep out = VectorStep.forEnv(envs);
            final float[] actions = new float[numEnvs * envs.actionSize()];
            final long[] episodes = {0};
            envs.reset(out.obs);
            final Runnable chunk = () -> {
                for (int i = 0; i < CHECK_EVERY; i++) {
                    policy.act(actions, numEnvs);
                    envs.step(actions, out);
                    episodes[0] += out.episodesEnded;
                }
            };
            run(chunk, warm);
            if (startLine != null) {
                await(startLine);
            }
            final long episodesBefore = episodes[0];
            final long start = System.nanoTime();
            final long chunks = run(chunk, seconds);
            return new Rate(chunks * CHECK_EVERY * numEnvs, episodes[0] - episodesBefore,
                (System.nanoTime() - start) / 1e9);
        }
    }

    private Rate threaded(final String id, final double warm) throws InterruptedException, ExecutionException {
        final ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            final Thread t = new Thread(r, "bench-" + id);
            t.setDaemon(true);
            return t;
        });
        try {
            final CyclicBarrier startLine = new CyclicBarrier(threads);
            final List<Future<Rate>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final long threadSeed = Seeds.derive(seed, 2_000_000 + t);
                futures.add(pool.submit(() -> vector(id, threadSeed, warm, startLine)));
            }
            // The threads start measuring together (barrier), so all steps over the longest window is the aggregate.
            Rate total = new Rate(0, 0, 0);
            for (final Future<Rate> f : futures) {
                total = total.plus(f.get());
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(final CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the other bench threads", ex);
        } catch (java.util.concurrent.BrokenBarrierException ex) {
            throw new IllegalStateException("another bench thread failed", ex);
        }
    }

    /** Runs {@code chunk} until {@code seconds} have passed (at least once if seconds > 0); returns the count. */
    private static long run(final Runnable chunk, final double seconds) {
        if (seconds <= 0) {
            return 0;
        }
        final long end = System.nanoTime() + (long) (seconds * 1e9);
        long n = 0;
        do {
            chunk.run();
            n++;
        } while (System.nanoTime() < end);
        return n;
    }

    private void print(final List<Map<String, Object>> results, final double warm) {
        final PrintWriter out = spec.commandLine().getOut();
        final int cpus = Runtime.getRuntime().availableProcessors();
        if (json) {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("seconds", seconds);
            m.put("warmupSeconds", warm);
            m.put("numEnvs", numEnvs);
            m.put("threads", threads);
            m.put("seed", seed);
            m.put("cpus", cpus);
            m.put("java", System.getProperty("java.version"));
            m.put("results", results);
            out.println(Json.write(m));
            out.flush();
            return;
        }
        out.printf(Locale.ROOT, "env steps/s: random actions, auto-reset, no rendering; %.1f s per figure after "
            + "%.1f s warm-up; %d CPUs, Java %s%n", seconds, warm, cpus, System.getProperty("java.version"));
        final List<String> header = new ArrayList<>(List.of("ENV", "1 ENV", "VECTOR x" + numEnvs));
        if (threads > 1) {
            header.add(threads + " THREADS x VECTOR x" + numEnvs);
        }
        header.add("EPISODES (1 env / vector)");
        final TextTable table = new TextTable(header.toArray(new String[0])).alignRight(1, 2);
        if (threads > 1) {
            table.alignRight(3);
        }
        for (final Map<String, Object> r : results) {
            final List<String> row = new ArrayList<>();
            row.add((String) r.get("env"));
            row.add(rate(r.get("singleStepsPerSecond")));
            row.add(rate(r.get("vectorStepsPerSecond")));
            if (threads > 1) {
                row.add(rate(r.get("threadedStepsPerSecond")));
            }
            row.add(r.get("singleEpisodes") + " / " + r.get("vectorEpisodes"));
            table.row(row.toArray(new String[0]));
        }
        table.print(out);
        out.flush();
    }

    private static String rate(final Object stepsPerSecond) {
        return String.format(Locale.ROOT, "%,.0f", (Double) stepsPerSecond);
    }
}
