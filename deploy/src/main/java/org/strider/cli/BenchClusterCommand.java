package org.strider.cli;

import org.strider.run.Json;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.strider.env.Box;
import org.strider.env.Env;
import org.strider.env.EnvRegistry;
import org.strider.learner.td3.Td3Config;
import org.strider.learner.td3.Td3Presets;
import org.strider.run.BroadcastLatency;
import org.strider.run.ClusterBench;
import org.strider.run.RunPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code strider bench cluster}: the one-JVM distributed run ({@code strider local}'s LocalRun) for each actor
 * count: env steps/s, learner updates/s and the weight broadcast latency (publish to applied on all actors).
 */
@Command(name = "cluster",
    header = "Env steps/s, updates/s and weight broadcast latency of the one-JVM run, per actor count.",
    description = {
        "For each actor count, starts every role in this JVM as `strider local` does (one-node Pekko cluster, "
            + "Aeron IPC, S shards, N actor nodes of K envs, the TD3 learner, no evaluation), waits until it "
            + "flows (every actor acts with the learner's weights), then --warmup seconds, then measures "
            + "--seconds: transitions the shards inserted per second (env steps/s), env steps the actors took, "
            + "learner updates per second, and for every weight version published in the window the time from "
            + "publish until every actor acts with it or a newer one (p50, p99, max in ms).",
        "The shards' rate limiter holds updates per env step at --updates-per-step, so steps/s and updates/s "
            + "move together; the replay warm-up defaults to " + BenchClusterCommand.WARMUP_STEPS + " steps "
            + "(--set replay.warmup_steps=N overrides). Prints a table (and with --json FILE the figures as JSON); "
            + "progress on stderr; asserts nothing."},
    mixinStandardHelpOptions = true,
    versionProvider = StriderCli.Version.class,
    footerHeading = "%nExamples:%n",
    footer = {
        "  strider bench cluster",
        "  strider bench cluster --env BipedalWalker-v3 --actors 1,2 --envs-per-actor 4 --seconds 20",
        "  strider bench cluster --actors 2 --updates-per-step 0.25 --set networks.actor_hidden=64,64 --json c.json"})
final class BenchClusterCommand implements Callable<Integer> {
    /** The replay warm-up (shards' min size in all) the bench sets unless --set overrides it. */
    static final int WARMUP_STEPS = 1000;

    @Spec
    CommandSpec spec;

    @Option(names = "--env", defaultValue = "Pendulum-v1",
        description = "Env id with a continuous action space (default: ${DEFAULT-VALUE}).")
    String env;

    @Option(names = "--actors", defaultValue = "1,2,4", paramLabel = "N,...",
        description = "Actor counts, one run each (default: ${DEFAULT-VALUE}).")
    String actors;

    @Option(names = "--envs-per-actor", defaultValue = "1", paramLabel = "K",
        description = "Envs each actor node steps together (default: ${DEFAULT-VALUE}).")
    int envsPerActor;

    @Option(names = "--shards", defaultValue = "1", paramLabel = "S",
        description = "Replay shards (default: ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--seconds", defaultValue = "10", paramLabel = "S",
        description = "Measured seconds per actor count (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup", defaultValue = "5", paramLabel = "S",
        description = "Seconds after the run flows before measuring (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--updates-per-step", defaultValue = "1.0",
        description = "Learner updates per env step, held by the rate limiter (default: ${DEFAULT-VALUE}).")
    double updatesPerStep;

    @Option(names = "--rows-per-frame", defaultValue = "16",
        description = "Transitions per frame an actor publishes (default: ${DEFAULT-VALUE}).")
    int rowsPerFrame;

    @Option(names = "--weights-every", defaultValue = "2",
        description = "Learner updates between weight broadcasts (default: ${DEFAULT-VALUE}).")
    int weightsEvery;

    @Option(names = "--seed", defaultValue = "0", description = "Run seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--preset", description = "TD3 preset (default: the env's own).")
    String preset;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one algorithm config key (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--ready-timeout", defaultValue = "120", paramLabel = "S",
        description = "Give up if a run does not flow within S seconds (default: ${DEFAULT-VALUE}).")
    double readyTimeout;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON to FILE.")
    Path json;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines on stderr.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        final List<Integer> counts = actorCounts();
        final List<RunPlan> plans = new ArrayList<>();
        for (final int n : counts) {
            plans.add(plan(n));
        }
        final double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        final Progress progress = new Progress(spec.commandLine().getErr(), StriderCli.stderrIsTerminal(), quiet);
        final List<ClusterBench.Figures> figures = new ArrayList<>();
        for (final RunPlan plan : plans) {
            try {
                figures.add(ClusterBench.measure(plan, warmup, seconds,
                    Duration.ofMillis(Math.round(readyTimeout * 1000)), progress::update));
            } catch (final IllegalStateException e) {
                progress.finish();
                spec.commandLine().getErr().println("bench cluster failed with " + plan.actors() + " actor(s): "
                    + e.getMessage());
                return StriderCli.EXIT_FAILURE;
            }
        }
        progress.finish();
        print(plans.get(0), figures, load);
        if (json != null) {
            Files.writeString(json, Json.write(toJson(plans.get(0), figures, load)) + System.lineSeparator());
        }
        return 0;
    }

    private List<Integer> actorCounts() {
        final List<Integer> counts = new ArrayList<>();
        for (final String part : actors.split(",", -1)) {
            final int n;
            try {
                n = Integer.parseInt(part.trim());
            } catch (final NumberFormatException e) {
                throw new ParameterException(spec.commandLine(), "--actors takes a comma-separated list of counts "
                    + ">= 1, e.g. 1,2,4; got '" + actors + "'");
            }
            if (n < 1) {
                throw new ParameterException(spec.commandLine(), "--actors counts must be >= 1, got " + n);
            }
            counts.add(n);
        }
        return counts;
    }

    private RunPlan plan(final int actorCount) {
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new ParameterException(spec.commandLine(), "--seconds must be a positive number, got " + seconds);
        }
        if (!(warmup >= 0) || Double.isInfinite(warmup)) {
            throw new ParameterException(spec.commandLine(), "--warmup must be >= 0, got " + warmup);
        }
        if (!(readyTimeout > 0) || Double.isInfinite(readyTimeout)) {
            throw new ParameterException(spec.commandLine(), "--ready-timeout must be > 0, got " + readyTimeout);
        }
        try {
            try (Env probe = EnvRegistry.make(env)) {
                if (!(probe.actionSpace() instanceof Box)) {
                    throw new IllegalArgumentException(env + " has a discrete action space ("
                        + probe.actionSpace().describe() + "); the TD3 learner needs a continuous Box");
                }
            }
            final Td3Config.Builder b = (preset == null ? Td3Presets.forEnv(env) : Td3Presets.named(preset))
                .toBuilder();
            b.set("replay.warmup_steps", Integer.toString(WARMUP_STEPS));
            for (final String o : overrides) {
                final int eq = o.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--set takes KEY=VALUE, got '" + o + "'; keys: "
                        + String.join(", ", Td3Config.KEYS));
                }
                b.set(o.substring(0, eq).trim(), o.substring(eq + 1).trim());
            }
            // The step count is out of reach: the bench stops the run itself.
            return new RunPlan(env, b.build(), seed, actorCount, envsPerActor, shards, Long.MAX_VALUE / 2,
                updatesPerStep, rowsPerFrame, weightsEvery, 0, 1);
        } catch (final IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private void print(final RunPlan plan, final List<ClusterBench.Figures> figures, final double load) {
        final PrintWriter out = spec.commandLine().getOut();
        final Td3Config c = plan.config();
        out.printf(Locale.ROOT, "bench cluster: %s, %d env(s) per actor, %d shard(s), %s updates per env step, batch "
                + "%d, actor %s, weights every %d updates; %.1f s measured after %.1f s warm-up; %d CPUs, load "
                + "average %.2f at start, Java %s%n", env, envsPerActor, shards, fmt(updatesPerStep), c.replay()
                .batchSize(), hidden(c.networks().actorHidden()), weightsEvery, seconds, warmup,
            Runtime.getRuntime().availableProcessors(), load, System.getProperty("java.version"));
        final TextTable table = new TextTable("ACTORS", "ENV STEPS/S", "ACTOR STEPS/S", "UPDATES/S", "UPDATES/STEP",
            "VERSIONS", "BCAST P50 MS", "BCAST P99 MS", "BCAST MAX MS", "READY S")
            .alignRight(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        for (final ClusterBench.Figures f : figures) {
            final BroadcastLatency l = f.latency();
            table.row(Integer.toString(f.actors()), String.format(Locale.ROOT, "%,.0f", f.insertedPerSecond()),
                String.format(Locale.ROOT, "%,.0f", f.producedPerSecond()),
                String.format(Locale.ROOT, "%,.1f", f.updatesPerSecond()),
                String.format(Locale.ROOT, "%.3f", f.updatesPerStep()),
                l.versions() + (l.pending() > 0 ? " (+" + l.pending() + " pending)" : ""), ms(l.percentileMs(50)),
                ms(l.percentileMs(99)), ms(l.maxMs()), String.format(Locale.ROOT, "%.1f", f.readySeconds()));
        }
        table.print(out);
        out.println("ENV STEPS/S: transitions the shards inserted; ACTOR STEPS/S: env steps the actors took; "
            + "BCAST: publish -> every actor acting with that version or a newer one.");
        out.flush();
    }

    private Map<String, Object> toJson(final RunPlan plan, final List<ClusterBench.Figures> figures,
        final double load) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("env", env);
        m.put("envsPerActor", envsPerActor);
        m.put("shards", shards);
        m.put("updatesPerStep", updatesPerStep);
        m.put("rowsPerFrame", rowsPerFrame);
        m.put("weightsEvery", weightsEvery);
        m.put("batchSize", plan.config().replay().batchSize());
        m.put("actorHidden", plan.config().networks().actorHidden());
        m.put("warmupSteps", plan.config().replay().warmupSteps());
        m.put("seconds", seconds);
        m.put("warmupSeconds", warmup);
        m.put("seed", seed);
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("loadAverage", load);
        m.put("java", System.getProperty("java.version"));
        final List<Object> results = new ArrayList<>();
        for (final ClusterBench.Figures f : figures) {
            final BroadcastLatency l = f.latency();
            final Map<String, Object> row = new LinkedHashMap<>();
            row.put("actors", f.actors());
            row.put("envStepsPerSecond", f.insertedPerSecond());
            row.put("actorStepsPerSecond", f.producedPerSecond());
            row.put("updatesPerSecond", f.updatesPerSecond());
            row.put("updatesPerStep", f.updatesPerStep());
            row.put("measuredSeconds", f.seconds());
            row.put("readySeconds", f.readySeconds());
            row.put("versionsTimed", l.versions());
            row.put("versionsPending", l.pending());
            row.put("versionsSkipped", f.versionsSkipped());
            row.put("broadcastP50Ms", l.percentileMs(50));
            row.put("broadcastP99Ms", l.percentileMs(99));
            row.put("broadcastMaxMs", l.maxMs());
            results.add(row);
        }
        m.put("results", results);
        return m;
    }

    private static String ms(final double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String fmt(final double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static String hidden(final int[] layers) {
        final StringBuilder s = new StringBuilder();
        for (int i = 0; i < layers.length; i++) {
            s.append(i > 0 ? "-" : "").append(layers[i]);
        }
        return s.toString();
    }
}
