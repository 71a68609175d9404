package org.strider.cli;

import org.strider.run.Json;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.strider.env.EnvRegistry;
import org.strider.learner.td3.Td3Config;
import org.strider.learner.td3.Td3Presets;
import org.strider.run.RunPlan;
import org.strider.run.SoakRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code strider bench soak}: a long one-JVM run with actor churn, sampled for memory, drops and limiter waits. */
@Command(name = "soak",
    header = "Run for M minutes with actors joining and leaving at random; print memory and loss over time.",
    description = {
        "Starts a one-JVM distributed run (learner, one replay shard, --actors actor nodes; small 64-64 networks, "
            + "0.25 updates per env step, no evaluation) whose step count is out of reach, then every "
            + "--churn-seconds stops a random actor (gracefully) or starts a new one (between 1 and --max-actors), "
            + "with a seeded coin. Every --sample-seconds it prints resident memory (RSS), heap in use after a full "
            + "GC, transitions inserted, updates, actor drops, shard rejects and sequence gaps, and the limiter's "
            + "insert/sample waits. The goal: flat memory and zero drops, rejects and gaps."},
    mixinStandardHelpOptions = true,
    versionProvider = StriderCli.Version.class,
    footerHeading = "%nExamples:%n",
    footer = {
        "  strider bench soak --minutes 30",
        "  strider bench soak --minutes 5 --churn-seconds 10 --json soak.json"})
final class BenchSoakCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--minutes", defaultValue = "30", description = "Length (default: ${DEFAULT-VALUE}).")
    double minutes;

    @Option(names = "--env", defaultValue = "Pendulum-v1", description = "Env id (default: ${DEFAULT-VALUE}).")
    String env;

    @Option(names = "--actors", defaultValue = "2", description = "Actor nodes at the start (default: "
        + "${DEFAULT-VALUE}).")
    int actors;

    @Option(names = "--max-actors", defaultValue = "4", description = "Most actor nodes at once (default: "
        + "${DEFAULT-VALUE}).")
    int maxActors;

    @Option(names = "--churn-seconds", defaultValue = "20", description = "Seconds between an actor leaving or "
        + "joining (default: ${DEFAULT-VALUE}).")
    double churnSeconds;

    @Option(names = "--sample-seconds", defaultValue = "30", description = "Seconds between samples (default: "
        + "${DEFAULT-VALUE}).")
    double sampleSeconds;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the run and of the churn (default: "
        + "${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the samples and summary as JSON.")
    Path json;

    @Override
    public Integer call() throws Exception {
        if (!(minutes > 0) || !(churnSeconds > 0) || !(sampleSeconds > 0) || actors < 1 || maxActors < actors) {
            throw new ParameterException(spec.commandLine(), "need --minutes, --churn-seconds, --sample-seconds > 0 "
                + "and 1 <= --actors <= --max-actors; got " + minutes + ", " + churnSeconds + ", " + sampleSeconds
                + ", " + actors + ", " + maxActors);
        }
        try {
            EnvRegistry.spec(env);
        } catch (final IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        final Td3Config config = Td3Presets.forEnv(env).toBuilder().hidden(64, 64).batchSize(64).capacity(100_000)
            .warmupSteps(1_000).build();
        final RunPlan plan = new RunPlan(env, config, seed, actors, 1, 1, Long.MAX_VALUE / 4, 0.25, 16, 2, 0, 1);
        final PrintWriter out = spec.commandLine().getOut();
        out.println("seconds  actors   rss_MB  heap_gc_MB    inserted   updates  drops  rejects  gaps  "
            + "insert_waits  sample_waits");
        final List<SoakRun.Sample> samples = new ArrayList<>();
        final SoakRun.Summary summary = SoakRun.run(plan, Duration.ofMillis(Math.round(minutes * 60_000)),
            Duration.ofMillis(Math.round(churnSeconds * 1000)), Duration.ofMillis(Math.round(sampleSeconds * 1000)),
            maxActors, seed, s -> {
                samples.add(s);
                out.printf(Locale.ROOT, "%7.0f  %6d  %7.1f  %10.1f  %10d  %8d  %5d  %7d  %4d  %12d  %12d%n",
                    s.seconds(), s.actorsAlive(), mb(s.rssBytes()), mb(s.heapAfterGcBytes()), s.inserted(), s.updates(),
                    s.actorDrops(), s.shardRejects(), s.sequenceGaps(), s.insertBlocked(), s.sampleBlocked());
                out.flush();
            });
        out.printf(Locale.ROOT, "%d joins, %d leaves; RSS %.1f -> %.1f MB (max %.1f); heap after GC %.1f -> %.1f MB "
                + "(max %.1f); drops %d, rejects %d, gaps %d%n", summary.joins(), summary.leaves(),
            mb(summary.first().rssBytes()), mb(summary.last().rssBytes()), mb(summary.maxRss()),
            mb(summary.first().heapAfterGcBytes()), mb(summary.last().heapAfterGcBytes()), mb(summary.maxHeapAfterGc()),
            summary.last().actorDrops(), summary.last().shardRejects(), summary.last().sequenceGaps());
        if (json != null) {
            final Map<String, Object> root = new LinkedHashMap<>();
            root.put("minutes", minutes);
            root.put("joins", summary.joins());
            root.put("leaves", summary.leaves());
            final List<Object> rows = new ArrayList<>();
            for (final SoakRun.Sample s : samples) {
                final Map<String, Object> r = new LinkedHashMap<>();
                r.put("seconds", s.seconds());
                r.put("actors", s.actorsAlive());
                r.put("rss_bytes", s.rssBytes());
                r.put("heap_after_gc_bytes", s.heapAfterGcBytes());
                r.put("inserted", s.inserted());
                r.put("updates", s.updates());
                r.put("actor_drops", s.actorDrops());
                r.put("shard_rejects", s.shardRejects());
                r.put("sequence_gaps", s.sequenceGaps());
                r.put("insert_waits", s.insertBlocked());
                r.put("sample_waits", s.sampleBlocked());
                rows.add(r);
            }
            root.put("samples", rows);
            Files.writeString(json, Json.write(root));
        }
        return 0;
    }

    private static double mb(final long bytes) {
        return bytes / 1048576.0;
    }
}
