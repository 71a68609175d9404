package org.strider.cli;

import org.strider.run.Json;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.strider.env.Env;
import org.strider.env.HeuristicPolicy;
import org.strider.env.Step;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code strider heuristic}: an env's hand-written controller over seeded episodes, and its return statistics. */
@Command(name = "heuristic",
    header = "Run an env's heuristic controller over seeded episodes; print return statistics.",
    mixinStandardHelpOptions = true,
    versionProvider = StriderCli.Version.class,
    description = {
        "Run the env's registered heuristic controller for N episodes, episode i starting from seed S+i "
            + "(reset(seed) per episode, controller reset), and print the return's mean, std (population), median, "
            + "min and max, the mean episode length and the fraction of episodes at or above the env's reward "
            + "threshold.",
        "A progress line per episode goes to stderr; stdout holds only the result."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  strider heuristic --env LunarLander-v3 --episodes 100 --seed 0",
        "  strider heuristic --env LunarLanderContinuous-v3 --episodes 20 --option enable_wind=true",
        "  strider heuristic --env BipedalWalker-v3 --episodes 10 --seed 42 --json"})
final class HeuristicCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    EnvSelection env;

    @Option(names = "--episodes", defaultValue = "10", paramLabel = "N",
        description = "Number of episodes (default: ${DEFAULT-VALUE}).")
    int episodes;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
        description = "Seed of the first episode; episode i uses S+i (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print the result as one JSON object, with per-episode returns.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines on stderr.")
    boolean quiet;

    @Override
    public Integer call() {
        if (episodes < 1) {
            throw new ParameterException(spec.commandLine(), "--episodes must be >= 1, got " + episodes);
        }
        final HeuristicPolicy policy = env.heuristic(spec.commandLine(), "");
        final Progress progress = new Progress(spec.commandLine().getErr(), StriderCli.stderrIsTerminal(), quiet);
        final double[] returns = new double[episodes];
        final int[] lengths = new int[episodes];
        final long start = System.nanoTime();
        long steps = 0;
        try (Env e = env.make()) {
            final Step step = Step.forEnv(e);
            final float[] action = new float[e.actionSpace().flatSize()];
            final int cap = e.spec().maxEpisodeSteps();
            double sum = 0;
            for (int i = 0; i < episodes; i++) {
                final long episodeSeed = seed + i;
                e.reset(episodeSeed, step);
                policy.reset();
                double ret = 0;
                int length = 0;
                do {
                    policy.act(step.obs, action);
                    e.step(action, step);
                    ret += step.reward;
                    length++;
                } while (!step.done() && length < cap); // the cap guards envs that ignore their own time limit
                returns[i] = ret;
                lengths[i] = length;
                steps += length;
                sum += ret;
                progress.update(String.format(Locale.ROOT, "%s episode %d/%d seed %d: return %.2f, length %d "
                    + "(mean so far %.2f)", e.spec().id(), i + 1, episodes, episodeSeed, ret, length, sum / (i + 1)));
            }
            progress.finish();
            final double seconds = (System.nanoTime() - start) / 1e9;
            final ReturnStats stats = ReturnStats.of(returns, lengths, e.spec().rewardThreshold());
            print(e.spec().id(), stats, returns, lengths, seconds, steps);
        }
        return 0;
    }

    private void print(final String id, final ReturnStats stats, final double[] returns, final int[] lengths,
                       final double seconds, final long steps) {
        final PrintWriter out = spec.commandLine().getOut();
        if (json) {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("env", id);
            m.put("options", env.resolvedOptions());
            m.put("policy", "heuristic");
            m.put("episodes", stats.episodes());
            m.put("firstSeed", seed);
            m.put("lastSeed", seed + stats.episodes() - 1);
            final Map<String, Object> r = new LinkedHashMap<>();
            r.put("mean", stats.mean());
            r.put("std", stats.std());
            r.put("median", stats.median());
            r.put("min", stats.min());
            r.put("max", stats.max());
            m.put("return", r);
            m.put("meanLength", stats.meanLength());
            m.put("rewardThreshold", stats.hasThreshold() ? stats.threshold() : null);
            m.put("episodesAtThreshold", stats.hasThreshold() ? stats.atThreshold() : null);
            m.put("fractionAtThreshold", stats.hasThreshold() ? stats.fractionAtThreshold() : null);
            m.put("returns", returns);
            m.put("lengths", lengths);
            m.put("seconds", seconds);
            m.put("stepsPerSecond", steps / seconds);
            out.println(Json.write(m));
        } else {
            out.printf(Locale.ROOT, "env        %s%s, heuristic controller%n", id, env.describeGiven());
            out.printf(Locale.ROOT, "episodes   %d (seeds %d..%d)%n", stats.episodes(), seed,
                seed + stats.episodes() - 1);
            out.printf(Locale.ROOT, "return     mean %.2f  std %.2f  median %.2f  min %.2f  max %.2f%n", stats.mean(),
                stats.std(), stats.median(), stats.min(), stats.max());
            out.printf(Locale.ROOT, "length     mean %.1f%n", stats.meanLength());
            if (stats.hasThreshold()) {
                out.printf(Locale.ROOT, "solved     %.3f (%d of %d episodes with return >= %s)%n",
                    stats.fractionAtThreshold(), stats.atThreshold(), stats.episodes(), plain(stats.threshold()));
            } else {
                out.println("solved     n/a (" + id + " has no reward threshold)");
            }
            out.printf(Locale.ROOT, "time       %.2f s, %.0f steps/s%n", seconds, steps / seconds);
        }
        out.flush();
    }

    static String plain(final double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
