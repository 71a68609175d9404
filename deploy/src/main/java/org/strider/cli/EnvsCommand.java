package org.strider.cli;

import org.strider.run.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.strider.env.Box;
import org.strider.env.Discrete;
import org.strider.env.Env;
import org.strider.env.EnvRegistration;
import org.strider.env.EnvRegistry;
import org.strider.env.EnvSpec;
import org.strider.env.Space;
import org.strider.render.Renderable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code strider envs}: what is registered, with spaces (for default options), limits and options. */
@Command(name = "envs",
    header = "List registered env ids with spaces, limits, options and heuristics.",
    mixinStandardHelpOptions = true,
    versionProvider = StriderCli.Version.class,
    description = {
        "List the registered environment ids: observation and action spaces (with default options), max episode "
            + "steps (truncation), reward threshold, options with their defaults, whether a heuristic controller "
            + "exists, and render size.",
        "In --json, infinite space bounds are the strings \"inf\" and \"-inf\"; a missing reward threshold is null.",
        "Envs come from every org.strider.env.EnvProvider on the class path (ServiceLoader), so a jar of your own "
            + "adds its ids here."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  strider envs",
        "  strider envs --json | jq '.[].id'"})
final class EnvsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print a JSON array instead of the table.")
    boolean json;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final List<Map<String, Object>> envs = new ArrayList<>();
        final List<String[]> spaceTexts = new ArrayList<>();
        for (final String id : EnvRegistry.ids()) {
            final String[] texts = {"?", "?"};
            envs.add(describe(EnvRegistry.registration(id), texts));
            spaceTexts.add(texts);
        }
        if (json) {
            out.println(Json.write(envs));
            out.flush();
            return 0;
        }
        if (envs.isEmpty()) {
            out.println("no environments registered");
            out.flush();
            return 0;
        }
        final TextTable table = new TextTable("ID", "OBSERVATION", "ACTION", "MAX STEPS", "THRESHOLD", "HEURISTIC",
            "RENDER", "OPTIONS (defaults)").alignRight(3, 4);
        for (int i = 0; i < envs.size(); i++) {
            final Map<String, Object> e = envs.get(i);
            @SuppressWarnings("unchecked") final Map<String, Object> options = (Map<String, Object>) e.get("options");
            final Object threshold = e.get("rewardThreshold");
            table.row((String) e.get("id"), spaceTexts.get(i)[0], spaceTexts.get(i)[1],
                e.get("maxEpisodeSteps").toString(), threshold == null ? "-" : threshold.toString(),
                (Boolean) e.get("heuristic") ? "yes" : "no",
                e.get("render") == null ? "-" : e.get("render").toString(),
                options.isEmpty() ? "-" : options.entrySet().stream().map(o -> o.getKey() + "=" + o.getValue())
                    .collect(Collectors.joining(" ")));
        }
        table.print(out);
        for (final Map<String, Object> e : envs) {
            if (e.containsKey("error")) {
                out.println(e.get("id") + ": cannot be built with default options: " + e.get("error"));
            }
        }
        out.flush();
        return 0;
    }

    /** The env as JSON; {@code spaceTexts} receives the compact observation and action space for the table. */
    private static Map<String, Object> describe(final EnvRegistration reg, final String[] spaceTexts) {
        final EnvSpec s = reg.spec();
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("maxEpisodeSteps", s.maxEpisodeSteps());
        m.put("rewardThreshold", s.hasRewardThreshold() ? s.rewardThreshold() : null);
        m.put("options", new LinkedHashMap<>(s.defaultOptions()));
        m.put("heuristic", reg.heuristicFactory().isPresent());
        try (Env env = EnvRegistry.make(s.id())) {
            m.put("observationSpace", space(env.observationSpace()));
            m.put("actionSpace", space(env.actionSpace()));
            m.put("render", env instanceof Renderable r ? r.renderWidth() + "x" + r.renderHeight() : null);
            spaceTexts[0] = text(env.observationSpace());
            spaceTexts[1] = text(env.actionSpace());
        } catch (RuntimeException ex) {
            m.put("observationSpace", null);
            m.put("actionSpace", null);
            m.put("render", null);
            m.put("error", String.valueOf(ex.getMessage()));
        }
        return m;
    }

    private static Map<String, Object> space(final Space space) {
        final Map<String, Object> m = new LinkedHashMap<>();
        if (space instanceof Discrete d) {
            m.put("type", "Discrete");
            m.put("n", d.n());
        } else {
            final Box box = (Box) space;
            m.put("type", "Box");
            m.put("shape", box.shape());
            m.put("low", bounds(box.low()));
            m.put("high", bounds(box.high()));
        }
        m.put("text", space.describe());
        return m;
    }

    /** Bounds for JSON, which has no infinity: infinite ones as the strings "inf" and "-inf". */
    private static List<Object> bounds(final float[] values) {
        final List<Object> out = new ArrayList<>(values.length);
        for (final float v : values) {
            out.add(Float.isInfinite(v) ? (v > 0 ? "inf" : "-inf") : v);
        }
        return out;
    }

    /** Compact form for the table: bounds shown only when every element shares them. */
    static String text(final Space space) {
        if (space instanceof Box box) {
            final String shape = shape(box.shape());
            final float lo = box.low(0);
            final float hi = box.high(0);
            for (int i = 1; i < box.flatSize(); i++) {
                if (Float.compare(box.low(i), lo) != 0 || Float.compare(box.high(i), hi) != 0) {
                    return "Box" + shape + " per-element bounds";
                }
            }
            return "Box" + shape + " [" + number(lo) + ", " + number(hi) + "]";
        }
        return space.describe();
    }

    private static String shape(final int[] shape) {
        final StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(shape[i]).append(shape.length == 1 || i < shape.length - 1 ? "," : "");
        }
        return s.append(')').toString();
    }

    private static String number(final float v) {
        if (Float.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e6 ? Integer.toString((int) v) : Float.toString(v);
    }
}
