package org.strider.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.strider.learner.cluster.BestEval;

/**
 * {@code summary.json}, written when a run ends (also when it was interrupted or failed): what ran, how far, how
 * fast, the best and the last evaluation, why it ended and which files the run directory holds. Rates are over
 * this process's part of the run: a resumed run's {@code resumed_from_step} onwards.
 *
 * @param finishReason "reached N env steps", "interrupted", "stopped" or "failed: …"
 * @param lastEval     null before the first evaluation
 * @param best         null before the first evaluation
 * @param files        paths relative to the run directory
 */
public record RunSummary(String envId, String algorithm, long envSteps, long updates, long resumedFromStep,
    long resumedFromUpdate, long episodes, double wallSeconds, EvalRow lastEval, BestEval best,
    String finishReason, List<String> files) {
    public static final String NAME = "summary.json";

    /** Env steps per second of wall time in this process. */
    public double stepsPerSecond() {
        return (envSteps - resumedFromStep) / Math.max(wallSeconds, 1e-9);
    }

    public double updatesPerSecond() {
        return (updates - resumedFromUpdate) / Math.max(wallSeconds, 1e-9);
    }

    /** The summary as one JSON object, keys in a fixed order, two-space indented. */
    public String toJson() {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("env_id", envId);
        m.put("algorithm", algorithm);
        m.put("env_steps", envSteps);
        m.put("updates", updates);
        m.put("episodes", episodes);
        m.put("wall_seconds", round(wallSeconds, 3));
        m.put("steps_per_second", round(stepsPerSecond(), 2));
        m.put("updates_per_second", round(updatesPerSecond(), 2));
        m.put("resumed_from_step", resumedFromStep);
        if (best == null) {
            m.put("best_eval", null);
        } else {
            final Map<String, Object> b = new LinkedHashMap<>();
            b.put("mean", best.mean());
            b.put("step", best.envStep());
            b.put("updates", best.updates());
            m.put("best_eval", b);
        }
        if (lastEval == null) {
            m.put("last_eval", null);
        } else {
            final Map<String, Object> l = new LinkedHashMap<>();
            l.put("mean", lastEval.mean());
            l.put("std", lastEval.std());
            l.put("step", lastEval.step());
            l.put("updates", lastEval.updates());
            m.put("last_eval", l);
        }
        m.put("finish_reason", finishReason);
        m.put("files", files);
        return Json.pretty(m) + "\n";
    }

    /** Writes {@code dir/summary.json} (temporary file, then moved into place). */
    public Path write(final Path dir) throws IOException {
        final Path file = dir.resolve(NAME);
        final Path tmp = dir.resolve(NAME + ".tmp");
        Files.writeString(tmp, toJson(), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    /** Those of the run's usual files that {@code dir} holds, relative to it, {@code summary.json} included. */
    public static List<String> filesIn(final Path dir) {
        final List<String> found = new ArrayList<>();
        for (final String name : new String[] {"config.conf", EpisodesCsv.NAME, EvalCsv.NAME, LearnerCsv.NAME,
            RunPlots.RETURNS, RunPlots.LOSSES, BestGif.NAME, "checkpoints/latest.ckpt", "checkpoints/best.ckpt",
            "checkpoints/best.json"}) {
            if (Files.isRegularFile(dir.resolve(name))) {
                found.add(name);
            }
        }
        found.add(NAME);
        return found;
    }

    private static double round(final double v, final int decimals) {
        final double scale = Math.pow(10, decimals);
        return Math.round(v * scale) / scale;
    }
}
