package org.strider.learner.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.factory.Nd4j;
import org.strider.learner.replay.ReplayBatch;
import org.strider.learner.replay.ReplayBuffer;
import org.strider.random.SplitMix64;

/**
 * {@code strider bench learner}: milliseconds per TD3 update for obs 24 / action 4 (BipedalWalker's shapes),
 * batch 100 and 256, hidden 256-256 and 400-300, with 1 and 2 threads, sampling from a replay of 1e5 random
 * transitions included; and in the same run the time of just the matrix multiplies one update needs
 * ({@link GemmOnly}), so the overhead ratio = update / GEMM-only. The PyTorch reference of the same
 * measurement is tools/bench/td3_update_torch.py. Prints a table and JSON; asserts nothing.
 *
 * <p>Each thread count runs in its own JVM with {@code OMP_NUM_THREADS} set to it, since OpenMP reads it once
 * at start, and {@code OMP_WAIT_POLICY=PASSIVE} unless set; inside, ND4J's op threads and the BLAS threads are
 * set to the same count ({@code --op-threads N} sets ND4J's op threads apart). Times are the mean over a
 * window of updates after a warm-up; the median of the windows is reported, all windows in the JSON.
 *
 * <p>Run: {@code ./mvnw -q -B -pl learner -am compile exec:java
 * -Dexec.mainClass=org.strider.learner.bench.LearnerBench [-Dexec.args="--threads 1,2 --json out.json"]}
 * (the exec plugin's first use downloads it; {@code -o} works after that), or {@code java -cp} with the class
 * path from {@code dependency:build-classpath}.
 * Options: {@code --threads 1,2 --batches 100,256 --hidden 256-256,400-300 --windows 5 --updates 200
 * --warmup 50 --op-threads N --json FILE}.
 */
public final class LearnerBench {
    /** The update timed: the learner's own Td3Update. */
    static final BenchUpdate.Factory UPDATE = Td3BenchUpdate::new;

    static final int OBS = 24;
    static final int ACTIONS = 4;
    static final int REPLAY = 100_000;
    private static final String RESULT = "RESULT ";

    private LearnerBench() {
    }

    /** What to measure. */
    record Options(int[] threads, int[] batches, String[] hidden, int windows, int updates, int warmup, Path json,
        boolean worker, int opThreads) {
        static Options parse(final String[] args) {
            int[] threads = {1, 2};
            int[] batches = {100, 256};
            String[] hidden = {"256-256", "400-300"};
            int windows = 5;
            int updates = 200;
            int warmup = 50;
            Path json = null;
            boolean worker = false;
            int opThreads = 0;
            for (int i = 0; i < args.length; i++) {
                final String a = args[i];
                if (a.equals("--worker")) {
                    worker = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + a + " needs a value");
                }
                final String v = args[++i];
                switch (a) {
                    case "--threads" -> threads = ints(v);
                    case "--batches" -> batches = ints(v);
                    case "--hidden" -> hidden = v.split(",");
                    case "--windows" -> windows = Integer.parseInt(v);
                    case "--updates" -> updates = Integer.parseInt(v);
                    case "--warmup" -> warmup = Integer.parseInt(v);
                    case "--json" -> json = Paths.get(v);
                    case "--op-threads" -> opThreads = Integer.parseInt(v);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (updates < 2 || updates % 2 != 0 || windows < 1) {
                throw new IllegalArgumentException("--updates must be even and >= 2, --windows >= 1");
            }
            return new Options(threads, batches, hidden, windows, updates, warmup, json, worker, opThreads);
        }

        List<String> workerArgs(final int threadCount) {
            return List.of("--worker", "--threads", Integer.toString(threadCount), "--batches", join(batches),
                "--hidden", String.join(",", hidden), "--windows", Integer.toString(windows),
                "--updates", Integer.toString(updates), "--warmup", Integer.toString(warmup),
                "--op-threads", Integer.toString(opThreads));
        }

        /** ND4J's threads for its own ops (elementwise, reductions): {@code --op-threads}, else the thread count. */
        int opThreadsFor(final int threadCount) {
            return opThreads > 0 ? opThreads : threadCount;
        }
    }

    /** One measured setting. */
    record Row(int threads, String hidden, int batch, double updateMs, double gemmMs, double updateCpuMs,
        double gemmCpuMs, double updateProcessCpuMs, double[] updateWindows, double[] gemmWindows, double gemmsPerUpdate,
        long heapBytesPerUpdate) {
        double overhead() {
            return updateMs / gemmMs;
        }

        String json() {
            return String.format(Locale.ROOT, "{\"threads\":%d,\"hidden\":\"%s\",\"batch\":%d,\"update_ms\":%.4f,"
                    + "\"gemm_ms\":%.4f,\"overhead\":%.3f,\"update_cpu_ms\":%.4f,\"gemm_cpu_ms\":%.4f,"
                    + "\"update_process_cpu_ms\":%.4f,"
                    + "\"update_windows_ms\":%s,\"gemm_windows_ms\":%s,"
                    + "\"gemms_per_update\":%.1f,\"java_heap_bytes_per_update\":%d}", threads, hidden, batch, updateMs,
                gemmMs, overhead(), updateCpuMs, gemmCpuMs, updateProcessCpuMs, array(updateWindows), array(gemmWindows), gemmsPerUpdate,
                heapBytesPerUpdate);
        }

        static Row parse(final String json) {
            return new Row((int) number(json, "threads"), string(json, "hidden"), (int) number(json, "batch"),
                number(json, "update_ms"), number(json, "gemm_ms"), number(json, "update_cpu_ms"),
                number(json, "gemm_cpu_ms"), number(json, "update_process_cpu_ms"), numbers(json, "update_windows_ms"),
                numbers(json, "gemm_windows_ms"), number(json, "gemms_per_update"),
                (long) number(json, "java_heap_bytes_per_update"));
        }
    }

    public static void main(final String[] args) throws IOException, InterruptedException {
        final Options options = Options.parse(args);
        if (options.worker()) {
            worker(options);
            return;
        }
        final List<Row> rows = new ArrayList<>();
        for (final int t : options.threads()) {
            rows.addAll(spawn(options, t));
        }
        System.out.println();
        System.out.println("TD3 update, obs " + OBS + " / action " + ACTIONS + ", replay " + REPLAY
            + " random transitions, sampling included; ms per update (median of " + options.windows() + " windows of "
            + options.updates() + ")");
        System.out.printf(Locale.ROOT, "%-8s %-8s %-6s %10s %10s %9s %11s %11s %12s%n", "threads", "hidden", "batch",
            "update", "GEMM-only", "overhead", "update CPU", "GEMM CPU", "heap B/upd");
        for (final Row r : rows) {
            System.out.printf(Locale.ROOT, "%-8d %-8s %-6d %10.3f %10.3f %8.2fx %11.3f %11.3f %12d%n", r.threads(),
                r.hidden(), r.batch(), r.updateMs(), r.gemmMs(), r.overhead(), r.updateCpuMs(), r.gemmCpuMs(),
                r.heapBytesPerUpdate());
        }
        System.out.println("(update/GEMM-only in ms of wall time; CPU = the benchmark thread's CPU time, the steadier "
            + "figure with 1 thread on shared cores)");
        final StringBuilder json = new StringBuilder("{\"load_average\":")
            .append(String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage())).append(",\"backend\":\"")
            .append(Nd4j.getBackend().getClass().getSimpleName()).append("\",\"java\":\"")
            .append(System.getProperty("java.version")).append("\",\"cores\":")
            .append(Runtime.getRuntime().availableProcessors()).append(",\"results\":[\n");
        for (int i = 0; i < rows.size(); i++) {
            json.append(' ').append(rows.get(i).json()).append(i + 1 < rows.size() ? ",\n" : "\n");
        }
        json.append("]}");
        System.out.println(json);
        if (options.json() != null) {
            Files.writeString(options.json(), json + "\n");
        }
    }

    /** Runs the settings for one thread count in a child JVM with OMP_NUM_THREADS set, and reads its rows. */
    private static List<Row> spawn(final Options options, final int threads) throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-agentlib") && !arg.startsWith("-javaagent")) {
                command.add(arg);
            }
        }
        command.add("-cp");
        command.add(classpath());
        command.add(LearnerBench.class.getName());
        command.addAll(options.workerArgs(threads));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        // Idle OpenMP threads sleep instead of spinning: with 2 threads on 2 shared cores, spinning op threads made
        // an update 10-30x slower here. An OMP_WAIT_POLICY given to the benchmark is passed on unchanged.
        builder.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
        final Process process = builder.start();
        final List<Row> rows = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(RESULT)) {
                    rows.add(Row.parse(line.substring(RESULT.length())));
                } else {
                    System.out.println(line);
                }
            }
        }
        final int exit = process.waitFor();
        if (exit != 0) {
            throw new IOException("benchmark worker for " + threads + " threads exited with " + exit);
        }
        return rows;
    }

    private static void worker(final Options options) {
        final int threads = options.threads()[0];
        final int opThreads = options.opThreadsFor(threads);
        Nd4j.getEnvironment().setMaxThreads(opThreads);
        Nd4j.getEnvironment().setMaxMasterThreads(opThreads);
        Nd4j.factory().blas().setMaxThreads(threads);
        System.out.printf(Locale.ROOT, "# worker: %s, ND4J op threads %d, BLAS threads %d, OMP_NUM_THREADS=%s, "
                + "OMP_WAIT_POLICY=%s, cores %d%n", Nd4j.getBackend().getClass().getSimpleName(), opThreads,
            Nd4j.factory().blas().getMaxThreads(), System.getenv("OMP_NUM_THREADS"), System.getenv("OMP_WAIT_POLICY"),
            Runtime.getRuntime().availableProcessors());
        final ReplayBuffer replay = randomReplay(7);
        // The JIT compiles for a few hundred updates: give the first setting that long, so that compilation
        // threads do not share the cores with its measured windows.
        int warmup = Math.max(options.warmup(), 400);
        for (final String hidden : options.hidden()) {
            final String[] sizes = hidden.split("-");
            final int h1 = Integer.parseInt(sizes[0]);
            final int h2 = Integer.parseInt(sizes[1]);
            for (final int batchSize : options.batches()) {
                final BenchUpdate.Setting setting = new BenchUpdate.Setting(OBS, ACTIONS, h1, h2, batchSize, 1);
                final BenchUpdate update = UPDATE.create(setting);
                final ReplayBatch batch = new ReplayBatch(batchSize, OBS, ACTIONS);
                final Runnable step = () -> {
                    replay.sample(batch);
                    update.update(batch);
                };
                final double[][] updateWindows = windows(step, warmup, options.updates(), options.windows());
                warmup = options.warmup();
                final long heap = heapBytesPerCall(options.updates(), step);
                final GemmOnly gemm = new GemmOnly(OBS, ACTIONS, h1, h2, batchSize);
                final double[][] gemmWindows = windows(gemm::run, options.warmup() / 2, options.updates() / 2,
                    options.windows());
                for (final double[] w : gemmWindows) {
                    for (int i = 0; i < w.length; i++) {
                        w[i] /= 2;
                    }
                }
                final Row row = new Row(threads, hidden, batchSize, median(updateWindows[0]), median(gemmWindows[0]),
                    median(updateWindows[1]), median(gemmWindows[1]), median(updateWindows[2]), updateWindows[0],
                    gemmWindows[0], gemm.count() / 2.0, heap);
                System.out.printf(Locale.ROOT, "# threads %d %s batch %d: update %.3f ms (CPU %.3f, process %.3f), "
                    + "GEMM-only %.3f ms (CPU %.3f), %.2fx%n", threads, hidden, batchSize, row.updateMs(), row.updateCpuMs(),
                    row.updateProcessCpuMs(), row.gemmMs(),
                    row.gemmCpuMs(), row.overhead());
                System.out.println(RESULT + row.json());
                System.out.flush();
            }
        }
    }

    /** 1e5 transitions of Gaussian observations, uniform actions in [-1, 1], 1% terminated. */
    static ReplayBuffer randomReplay(final long seed) {
        final ReplayBuffer replay = new ReplayBuffer(REPLAY, OBS, ACTIONS, seed);
        final SplitMix64 rng = new SplitMix64(seed + 1);
        final float[] obs = new float[REPLAY * OBS];
        final float[] action = new float[REPLAY * ACTIONS];
        final float[] reward = new float[REPLAY];
        final float[] nextObs = new float[REPLAY * OBS];
        final float[] terminated = new float[REPLAY];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = (float) rng.nextDouble(-2, 2);
            nextObs[i] = (float) rng.nextDouble(-2, 2);
        }
        for (int i = 0; i < action.length; i++) {
            action[i] = (float) rng.nextDouble(-1, 1);
        }
        for (int i = 0; i < REPLAY; i++) {
            reward[i] = (float) rng.nextDouble(-1, 1);
            terminated[i] = rng.nextDouble() < 0.01 ? 1f : 0f;
        }
        replay.addBatch(obs, action, reward, nextObs, terminated);
        return replay;
    }

    /**
     * Mean ms per call in each of {@code windows} windows of {@code calls}, after {@code warmup} calls: wall time
     * in {@code [0]}, the calling thread's CPU time in {@code [1]} (with one thread all the work runs on it, and
     * its CPU time is far less disturbed than wall time when other processes share the cores), the whole
     * process's CPU time in {@code [2]} (every thread: BLAS and OpenMP workers, JIT, GC).
     */
    static double[][] windows(final Runnable work, final int warmup, final int calls, final int windows) {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int i = 0; i < warmup; i++) {
            work.run();
        }
        final double[][] means = new double[3][windows];
        for (int w = 0; w < windows; w++) {
            final long process = os.getProcessCpuTime();
            final long cpu = bean.getCurrentThreadCpuTime();
            final long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                work.run();
            }
            means[0][w] = (System.nanoTime() - start) / 1e6 / calls;
            means[1][w] = (bean.getCurrentThreadCpuTime() - cpu) / 1e6 / calls;
            means[2][w] = (os.getProcessCpuTime() - process) / 1e6 / calls;
        }
        return means;
    }

    /** Java heap bytes the calling thread allocates per call (ND4J's off-heap buffers are not counted). */
    private static long heapBytesPerCall(final int calls, final Runnable work) {
        final com.sun.management.ThreadMXBean bean =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long before = bean.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < calls; i++) {
            work.run();
        }
        return (bean.getCurrentThreadAllocatedBytes() - before) / calls;
    }

    static double median(final double[] values) {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The class path this class was loaded from (exec:java loads it through a URLClassLoader of its own). */
    private static String classpath() {
        final ClassLoader loader = LearnerBench.class.getClassLoader();
        if (loader instanceof URLClassLoader urls && urls.getURLs().length > 0) {
            final List<String> entries = new ArrayList<>();
            for (final URL url : urls.getURLs()) {
                try {
                    entries.add(Paths.get(url.toURI()).toString());
                } catch (final URISyntaxException | IllegalArgumentException e) {
                    entries.add(url.getPath());
                }
            }
            return String.join(File.pathSeparator, entries);
        }
        return System.getProperty("java.class.path");
    }

    private static int[] ints(final String csv) {
        return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static String join(final int[] values) {
        return String.join(",", Arrays.stream(values).mapToObj(Integer::toString).toList());
    }

    private static String array(final double[] values) {
        final StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            s.append(i > 0 ? "," : "").append(String.format(Locale.ROOT, "%.4f", values[i]));
        }
        return s.append(']').toString();
    }

    /** The number after {@code "key":} in one of this class's own JSON lines. */
    private static double number(final String json, final String key) {
        final int at = json.indexOf("\"" + key + "\":") + key.length() + 3;
        int end = at;
        while (end < json.length() && "+-.0123456789eE".indexOf(json.charAt(end)) >= 0) {
            end++;
        }
        return Double.parseDouble(json.substring(at, end));
    }

    private static String string(final String json, final String key) {
        final int at = json.indexOf("\"" + key + "\":\"") + key.length() + 4;
        return json.substring(at, json.indexOf('"', at));
    }

    private static double[] numbers(final String json, final String key) {
        final int at = json.indexOf("\"" + key + "\":[") + key.length() + 4;
        final String body = json.substring(at, json.indexOf(']', at));
        return body.isEmpty() ? new double[0] : Arrays.stream(body.split(",")).mapToDouble(Double::parseDouble).toArray();
    }
}
