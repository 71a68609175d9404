package org.strider.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strider.cli.testenv.ReachEnvs;
import org.strider.env.Env;
import org.strider.env.EnvRegistry;
import org.strider.env.HeuristicPolicy;
import org.strider.env.Step;

class StriderCliTest {
    @TempDir
    Path dir;

    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static Result run(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = StriderCli.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
            .execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void shouldListTestEnvsWithSpacesLimitsAndOptions() {
        final Result r = run("envs");
        assertEquals(0, r.exitCode(), r::toString);
        final String line = r.out().lines().filter(l -> l.startsWith(ReachEnvs.REACH + " ")).findFirst().orElseThrow();
        assertTrue(line.contains("Box(2,) per-element bounds"), line);
        assertTrue(line.contains("Box(1,) [-1, 1]"), line);
        assertTrue(line.contains(" 50 ") && line.contains("-3") && line.contains("yes"), line);
        assertTrue(line.contains("120x40") && line.contains("target=0.5 step_size=0.1 fail_at_step=-1"), line);
        assertTrue(r.out().contains("Discrete(3)"), r::toString);
        final String blind = r.out().lines().filter(l -> l.startsWith(ReachEnvs.REACH_BLIND)).findFirst().orElseThrow();
        assertTrue(blind.matches(".*\\s-\\s+no\\s+-\\s.*"), blind);
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldListEnvsAsParseableJson() {
        final Result r = run("envs", "--json");
        assertEquals(0, r.exitCode(), r::toString);
        final List<Object> envs = (List<Object>) MiniJson.parse(r.out());
        final Map<String, Object> reach = envs.stream().map(e -> (Map<String, Object>) e)
            .filter(e -> e.get("id").equals(ReachEnvs.REACH)).findFirst().orElseThrow();
        assertEquals(50.0, reach.get("maxEpisodeSteps"));
        assertEquals(-3.0, reach.get("rewardThreshold"));
        assertEquals(Boolean.TRUE, reach.get("heuristic"));
        assertEquals("120x40", reach.get("render"));
        assertEquals(0.5, ((Map<String, Object>) reach.get("options")).get("target"));
        final Map<String, Object> action = (Map<String, Object>) reach.get("actionSpace");
        assertEquals("Box", action.get("type"));
        assertEquals(List.of(-1.0), action.get("low"));
        final Map<String, Object> observation = (Map<String, Object>) reach.get("observationSpace");
        assertEquals(List.of(-1.0, "-inf"), observation.get("low"));
        assertEquals(List.of(1.0, "inf"), observation.get("high"));
        assertEquals(List.of(2.0), observation.get("shape"));
        final Map<String, Object> discrete = envs.stream().map(e -> (Map<String, Object>) e)
            .filter(e -> e.get("id").equals(ReachEnvs.REACH_DISCRETE)).findFirst().orElseThrow();
        assertEquals(3.0, ((Map<String, Object>) discrete.get("actionSpace")).get("n"));
        assertNull(discrete.get("rewardThreshold"));
    }

    @Test
    void shouldPrintHeuristicStatisticsEqualToDirectRun() {
        final int episodes = 9;
        final long seed = 3;
        final double[] returns = new double[episodes];
        final int[] lengths = new int[episodes];
        try (Env env = EnvRegistry.make(ReachEnvs.REACH)) {
            final HeuristicPolicy policy = EnvRegistry.heuristic(ReachEnvs.REACH, Map.of());
            final Step step = Step.forEnv(env);
            final float[] action = new float[1];
            for (int i = 0; i < episodes; i++) {
                env.reset(seed + i, step);
                policy.reset();
                do {
                    policy.act(step.obs, action);
                    env.step(action, step);
                    returns[i] += step.reward;
                    lengths[i]++;
                } while (!step.done());
            }
        }
        final double mean = Arrays.stream(returns).average().orElseThrow();
        final double std = Math.sqrt(Arrays.stream(returns).map(x -> (x - mean) * (x - mean)).sum() / episodes);
        final double[] sorted = returns.clone();
        Arrays.sort(sorted);
        final long solved = Arrays.stream(returns).filter(x -> x >= ReachEnvs.THRESHOLD).count();
        assertTrue(solved > 0 && solved < episodes, "seeds should give a mixed result: " + Arrays.toString(returns));

        final Result r = run("heuristic", "--env", ReachEnvs.REACH, "--episodes", "" + episodes, "--seed", "" + seed,
            "--json");
        assertEquals(0, r.exitCode(), r::toString);
        final Map<String, Object> json = MiniJson.object(r.out());
        @SuppressWarnings("unchecked") final Map<String, Object> ret = (Map<String, Object>) json.get("return");
        assertEquals(mean, (Double) ret.get("mean"), 1e-12);
        assertEquals(std, (Double) ret.get("std"), 1e-12);
        assertEquals(sorted[episodes / 2], (Double) ret.get("median"), 1e-12);
        assertEquals(sorted[0], (Double) ret.get("min"), 1e-12);
        assertEquals(sorted[episodes - 1], (Double) ret.get("max"), 1e-12);
        assertEquals(Arrays.stream(lengths).average().orElseThrow(), (Double) json.get("meanLength"), 1e-12);
        assertEquals((double) solved / episodes, (Double) json.get("fractionAtThreshold"), 1e-12);
        assertEquals(3.0, json.get("firstSeed"));
        assertEquals(11.0, json.get("lastSeed"));
        // progress: one plain line per episode on stderr (not a terminal), nothing else on stdout
        assertEquals(episodes, r.err().lines().filter(l -> l.contains("episode ")).count(), r::toString);

        final Result text = run("heuristic", "--env", ReachEnvs.REACH, "--episodes", "" + episodes, "--seed",
            "" + seed, "--quiet");
        assertEquals(0, text.exitCode(), text::toString);
        assertTrue(text.out().contains(String.format(java.util.Locale.ROOT, "return     mean %.2f  std %.2f  "
            + "median %.2f  min %.2f  max %.2f", mean, std, sorted[episodes / 2], sorted[0], sorted[episodes - 1])),
            text::toString);
        assertTrue(text.out().contains(String.format(java.util.Locale.ROOT, "solved     %.3f (%d of %d episodes "
            + "with return >= -3)", (double) solved / episodes, solved, episodes)), text::toString);
        assertEquals("", text.err());
    }

    @Test
    void shouldSayNotApplicableWhenEnvHasNoThresholdAndStepDiscreteActions() {
        final Result r = run("heuristic", "--env", ReachEnvs.REACH_DISCRETE, "--episodes", "4", "--seed", "0");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("solved     n/a (ReachDiscrete-v0 has no reward threshold)"), r::toString);
        final Result json = run("heuristic", "--env", ReachEnvs.REACH_DISCRETE, "--episodes", "4", "--json", "-q");
        final Map<String, Object> m = MiniJson.object(json.out());
        assertTrue(m.containsKey("fractionAtThreshold"));
        assertNull(m.get("fractionAtThreshold"));
        assertTrue((Double) m.get("meanLength") < ReachEnvs.MAX_STEPS, json::toString);
    }

    @Test
    void shouldExitTwoListingKnownIdsWhenEnvIdUnknown() {
        for (final List<String> args : List.of(List.of("heuristic"), List.of("render", "--out", "x.gif"))) {
            final List<String> all = new java.util.ArrayList<>(args);
            all.addAll(List.of("--env", "Nope-v9"));
            final Result r = run(all.toArray(new String[0]));
            assertEquals(2, r.exitCode(), r::toString);
            assertTrue(r.err().contains("unknown env id 'Nope-v9'; known ids: "), r::toString);
            assertTrue(r.err().contains(ReachEnvs.REACH) && r.err().contains(ReachEnvs.REACH_BLIND), r::toString);
            assertEquals("", r.out());
        }
        final Result bench = run("bench", "env", "--env", "Nope-v9", "--seconds", "0.1");
        assertEquals(2, bench.exitCode(), bench::toString);
        assertTrue(bench.err().contains("known ids: "), bench::toString);
    }

    @Test
    void shouldExitTwoNamingTheKeyWhenOptionUnknownOrIllTyped() {
        final Result r = run("heuristic", "--env", ReachEnvs.REACH, "--option", "bogus_key=1");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("unknown option 'bogus_key'; known options: target, step_size, fail_at_step"),
            r::toString);
        final Result typed = run("heuristic", "--env", ReachEnvs.REACH, "-o", "target=far");
        assertEquals(2, typed.exitCode(), typed::toString);
        assertTrue(typed.err().contains("option 'target' must be a number, got 'far'"), typed::toString);
        final Result format = run("heuristic", "--env", ReachEnvs.REACH, "--option", "target");
        assertEquals(2, format.exitCode(), format::toString);
        assertTrue(format.err().contains("KEY=VALUE"), format::toString);
    }

    @Test
    void shouldExitTwoOnBadFlagsAndMissingCommand() {
        final Result flag = run("heuristic", "--env", ReachEnvs.REACH, "--frobnicate");
        assertEquals(2, flag.exitCode(), flag::toString);
        assertTrue(flag.err().contains("--frobnicate"), flag::toString);
        assertTrue(flag.err().contains("Usage: strider heuristic"), flag::toString);
        final Result number = run("heuristic", "--env", ReachEnvs.REACH, "--episodes", "many");
        assertEquals(2, number.exitCode(), number::toString);
        assertTrue(number.err().contains("--episodes"), number::toString);
        final Result zero = run("heuristic", "--env", ReachEnvs.REACH, "--episodes", "0");
        assertEquals(2, zero.exitCode(), zero::toString);
        final Result none = run();
        assertEquals(2, none.exitCode(), none::toString);
        assertTrue(none.err().contains("missing command; one of: local, learner, replay, actor, evaluate, export, envs, "
            + "heuristic, render, bench, config, sweep, scale"), none::toString);
        final Result unknown = run("trian");
        assertEquals(2, unknown.exitCode(), unknown::toString);
        assertTrue(unknown.err().contains("unknown command 'trian'; commands: local, learner, replay, actor, "
            + "evaluate, export, envs, heuristic, render, bench, config, sweep, scale"), unknown::toString);
        final Result policy = run("render", "--env", ReachEnvs.REACH, "--policy", "clever", "--out", "a.gif");
        assertEquals(2, policy.exitCode(), policy::toString);
        assertTrue(policy.err().contains("heuristic, random"), policy::toString);
    }

    @Test
    void shouldExitTwoWhenEnvHasNoHeuristicOrCannotRender() {
        final Result heuristic = run("heuristic", "--env", ReachEnvs.REACH_BLIND);
        assertEquals(2, heuristic.exitCode(), heuristic::toString);
        assertTrue(heuristic.err().contains("ReachBlind-v0 has no heuristic controller; envs with one: "),
            heuristic::toString);
        assertTrue(heuristic.err().contains(ReachEnvs.REACH_DISCRETE), heuristic::toString);
        final Result defaultPolicy = run("render", "--env", ReachEnvs.REACH_BLIND, "--out", "blind.gif");
        assertEquals(2, defaultPolicy.exitCode(), defaultPolicy::toString);
        assertTrue(defaultPolicy.err().contains("has no heuristic controller (use --policy random)"),
            defaultPolicy::toString);
        final Result render = run("render", "--env", ReachEnvs.REACH_BLIND, "--policy", "random", "--out",
            dir.resolve("blind.gif").toString());
        assertEquals(2, render.exitCode(), render::toString);
        assertTrue(render.err().contains("ReachBlind-v0 cannot render"), render::toString);
        assertTrue(render.err().contains("envs that render: "), render::toString);
        final Result ext = run("render", "--env", ReachEnvs.REACH, "--out", dir.resolve("x.jpg").toString());
        assertEquals(2, ext.exitCode(), ext::toString);
        assertTrue(ext.err().contains("--out must end with .gif"), ext::toString);
    }

    @Test
    void shouldExitOneWhenEnvFailsWhileRunning() {
        final Result r = run("heuristic", "--env", ReachEnvs.REACH, "--option", "fail_at_step=2", "-q");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("strider heuristic: failed: Reach: failing at step 2"), r::toString);
    }

    @Test
    void shouldRenderEpisodeAsGifWithOneFramePerStepPlusStart() throws IOException {
        final Path gif = dir.resolve("out/reach.gif");
        final Result r = run("render", "--env", ReachEnvs.REACH, "--seed", "5", "--out", gif.toString(), "--json");
        assertEquals(0, r.exitCode(), r::toString);
        final Map<String, Object> m = MiniJson.object(r.out());
        final int length = ((Double) m.get("length")).intValue();
        assertTrue(length > 1, r::toString);
        assertEquals(length + 1.0, m.get("frames"));
        assertEquals("terminated", m.get("ending"));
        assertEquals(length + 1, frameCount(gif));
        final BufferedImage first = ImageIO.read(gif.toFile());
        assertEquals(120, first.getWidth());
        assertEquals(40, first.getHeight());

        final Path skipped = dir.resolve("skip.gif");
        final Result s = run("render", "--env", ReachEnvs.REACH, "--seed", "5", "--out", skipped.toString(),
            "--every", "3", "--fps", "10");
        assertEquals(0, s.exitCode(), s::toString);
        final int expected = length / 3 + 1 + (length % 3 == 0 ? 0 : 1);
        assertEquals(expected, frameCount(skipped));
        assertTrue(s.out().startsWith(skipped + System.lineSeparator()), s::toString);
        assertTrue(s.out().contains("length     " + length + " (terminated)"), s::toString);
    }

    @Test
    void shouldRenderLastFrameAsPngAndRepeatRandomEpisodeForSameSeed() throws IOException {
        final Path png = dir.resolve("last.png");
        final Result a = run("render", "--env", ReachEnvs.REACH_DISCRETE, "--policy", "random", "--seed", "7",
            "--max-steps", "20", "--out", png.toString(), "--json");
        assertEquals(0, a.exitCode(), a::toString);
        final BufferedImage frame = ImageIO.read(png.toFile());
        assertEquals(120, frame.getWidth());
        assertEquals(40, frame.getHeight());
        final Result b = run("render", "--env", ReachEnvs.REACH_DISCRETE, "--policy", "random", "--seed", "7",
            "--max-steps", "20", "--out", dir.resolve("again.png").toString(), "--json");
        assertEquals(MiniJson.object(a.out()).get("return"), MiniJson.object(b.out()).get("return"));
        assertEquals(MiniJson.object(a.out()).get("length"), MiniJson.object(b.out()).get("length"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldPrintBenchFiguresForOneId() {
        final Result r = run("bench", "env", "--env", ReachEnvs.REACH, "--seconds", "0.2", "--warmup", "0.05",
            "--num-envs", "4", "--threads", "2");
        assertEquals(0, r.exitCode(), r::toString);
        final String row = r.out().lines().filter(l -> l.startsWith(ReachEnvs.REACH + " ")).findFirst().orElseThrow();
        assertTrue(row.matches(ReachEnvs.REACH + "\\s+[0-9,]+\\s+[0-9,]+\\s+[0-9,]+\\s+\\d+ / \\d+"), row);
        assertTrue(r.out().contains("VECTOR x4") && r.out().contains("2 THREADS"), r::toString);

        final Result json = run("bench", "env", "--env", ReachEnvs.REACH_DISCRETE, "--seconds", "0.1", "--warmup",
            "0", "--json", "-q");
        assertEquals(0, json.exitCode(), json::toString);
        final Map<String, Object> m = MiniJson.object(json.out());
        final Map<String, Object> result = (Map<String, Object>) ((List<Object>) m.get("results")).get(0);
        assertEquals(ReachEnvs.REACH_DISCRETE, result.get("env"));
        assertTrue((Double) result.get("singleStepsPerSecond") > 0);
        assertTrue((Double) result.get("vectorStepsPerSecond") > 0);
        assertNull(result.get("threadedStepsPerSecond"));
        assertEquals("", json.err());
    }

    @Test
    void shouldTimeTd3UpdatesAgainstTheirGemmsInAChildJvm(@TempDir final Path dir) throws IOException {
        final Path json = dir.resolve("learner.json");
        final Result r = run("bench", "learner", "--threads", "1", "--batches", "8", "--hidden", "16-16",
            "--windows", "1", "--updates", "4", "--warmup", "1", "--json", json.toString());
        assertEquals(0, r.exitCode(), r::toString);
        final Map<String, Object> m = MiniJson.object(Files.readString(json));
        final Map<String, Object> row = (Map<String, Object>) ((List<Object>) m.get("results")).get(0);
        assertEquals("16-16", row.get("hidden"));
        assertEquals(8.0, ((Number) row.get("batch")).doubleValue());
        assertTrue(((Number) row.get("update_ms")).doubleValue() > 0, row::toString);
        assertTrue(((Number) row.get("gemm_ms")).doubleValue() > 0, row::toString);

        final Result odd = run("bench", "learner", "--threads", "1", "--updates", "3");
        assertEquals(2, odd.exitCode(), odd::toString);
        assertTrue(odd.err().contains("--updates must be even and >= 2"), odd::toString);
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldPrintReplayInsertRatesAsTableAndJson(@TempDir final Path dir) throws IOException {
        final Path json = dir.resolve("replay.json");
        final Result r = run("bench", "replay", "--transport", "ipc", "--seconds", "0.3", "--warmup", "0.1",
            "--signed", "--json", json.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("TRANSPORT") && l.contains("INSERTS/S")), r::toString);
        final List<String> rows = r.out().lines().filter(l -> l.startsWith("IPC ")).toList();
        assertEquals(2, rows.size(), r::toString);
        for (int i = 0; i < 2; i++) {
            final String frames = i == 0 ? "plain" : "signed";
            assertTrue(rows.get(i).matches("IPC\\s+" + frames
                + "\\s+[0-9,]+\\s+[0-9,]+\\s+\\d+\\s+[0-9,]+\\s+0\\s+0\\s+(\\d+|-)"), rows.get(i));
        }
        assertTrue(r.out().lines().anyMatch(l -> l.matches("IPC: signed/plain inserts/s = \\d+\\.\\d\\d")),
            r::toString);
        assertTrue(r.err().contains("IPC (aeron:ipc"), "progress on stderr: " + r);
        final Map<String, Object> m = MiniJson.object(Files.readString(json));
        assertEquals(64.0, m.get("rowsPerFrame"));
        final List<Object> results = (List<Object>) m.get("results");
        assertEquals(2, results.size(), "ipc only, plain and signed");
        final Map<String, Object> ipc = (Map<String, Object>) results.get(0);
        assertEquals("IPC", ipc.get("transport"));
        assertEquals(false, ipc.get("signed"));
        final Map<String, Object> signed = (Map<String, Object>) results.get(1);
        assertEquals(true, signed.get("signed"));
        assertEquals(0.0, signed.get("rejected"), "signed frames must verify at the shard");
        assertTrue((Double) signed.get("insertsPerSecond") > 0, signed::toString);
        assertTrue((Double) ipc.get("insertsPerSecond") > 0, ipc::toString);
        assertEquals(0.0, ipc.get("dropped"));

        final Result bad = run("bench", "replay", "--transport", "tcp");
        assertEquals(2, bad.exitCode(), bad::toString);
        assertTrue(bad.err().contains("--transport must be ipc, udp or both, got 'tcp'"), bad::toString);
        final Result negative = run("bench", "replay", "--seconds", "-1");
        assertEquals(2, negative.exitCode(), negative::toString);
        assertTrue(negative.err().contains("--seconds must be a positive number"), negative::toString);
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldPrintClusterFiguresPerActorCountAsTableAndJson(@TempDir final Path dir) throws IOException {
        final Path json = dir.resolve("cluster.json");
        final Result r = run("bench", "cluster", "--actors", "1", "--seconds", "2", "--warmup", "1",
            "--set", "networks.actor_hidden=32,32", "--set", "networks.critic_hidden=32,32",
            "--set", "replay.batch_size=32", "--set", "replay.warmup_steps=300", "--json", json.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("bench cluster: Pendulum-v1, 1 env(s) per actor, 1 shard(s)"), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.contains("ACTORS") && l.contains("BCAST P99 MS")), r::toString);
        final String row = r.out().lines().filter(l -> l.matches("\\s*1\\s+.*")).findFirst().orElseThrow();
        assertTrue(row.matches("\\s*1\\s+[0-9,]+\\s+[0-9,]+\\s+[0-9,.]+\\s+[0-9.]+\\s+\\d+.*\\s+[0-9.]+"), row);
        final Map<String, Object> m = MiniJson.object(Files.readString(json));
        assertEquals("Pendulum-v1", m.get("env"));
        assertEquals(300.0, m.get("warmupSteps"), "--set overrides the bench's default warm-up");
        final Map<String, Object> one = (Map<String, Object>) ((List<Object>) m.get("results")).get(0);
        assertEquals(1.0, one.get("actors"));
        assertTrue((Double) one.get("envStepsPerSecond") > 0, one::toString);
        assertTrue((Double) one.get("updatesPerSecond") > 0, one::toString);
        assertTrue((Double) one.get("versionsTimed") > 0, "weights published and applied in the window: " + one);
        assertTrue((Double) one.get("broadcastP99Ms") >= (Double) one.get("broadcastP50Ms"), one::toString);
    }

    @Test
    void shouldRejectBadClusterBenchFlagsWithUsageExit() {
        final Result zero = run("bench", "cluster", "--actors", "1,0");
        assertEquals(2, zero.exitCode(), zero::toString);
        assertTrue(zero.err().contains("--actors counts must be >= 1, got 0"), zero::toString);
        final Result list = run("bench", "cluster", "--actors", "one");
        assertEquals(2, list.exitCode(), list::toString);
        assertTrue(list.err().contains("--actors takes a comma-separated list"), list::toString);
        final Result discrete = run("bench", "cluster", "--env", ReachEnvs.REACH_DISCRETE, "--actors", "1");
        assertEquals(2, discrete.exitCode(), discrete::toString);
        assertTrue(discrete.err().contains("discrete action space"), discrete::toString);
        final Result key = run("bench", "cluster", "--set", "replay.nope=1");
        assertEquals(2, key.exitCode(), key::toString);
        assertTrue(key.err().contains("replay.nope"), key::toString);
        final Result seconds = run("bench", "cluster", "--seconds", "0");
        assertEquals(2, seconds.exitCode(), seconds::toString);
        assertTrue(seconds.err().contains("--seconds must be a positive number"), seconds::toString);
    }

    @Test
    void shouldRejectOptionsWithAllEnvsInBench() {
        final Result r = run("bench", "env", "--env", "all", "--option", "target=0.1", "--seconds", "0.1");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("--option needs a single --env id"), r::toString);
    }

    @Test
    void shouldPrintHelpWithExamplesAndVersion() {
        final Result help = run("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("Examples:") && help.out().contains("bench"), help::toString);
        final Result render = run("render", "--help");
        assertEquals(0, render.exitCode());
        assertTrue(render.out().contains("LAST frame"), render::toString);
        assertTrue(render.out().contains("strider render --env"), render::toString);
        final Result version = run("--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.out().startsWith("strider "), version::toString);
        assertFalse(version.out().isBlank());
    }

    private static int frameCount(final Path gif) throws IOException {
        final ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            reader.setInput(in);
            return reader.getNumImages(true);
        } finally {
            reader.dispose();
        }
    }
}
