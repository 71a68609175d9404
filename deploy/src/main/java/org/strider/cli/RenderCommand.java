package org.strider.cli;

import org.strider.run.Json;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.strider.env.Env;
import org.strider.env.HeuristicPolicy;
import org.strider.env.RandomPolicy;
import org.strider.env.Step;
import org.strider.render.FrameWriters;
import org.strider.render.GifWriter;
import org.strider.render.Renderable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code strider render}: one episode as an animated GIF, or its last frame as a PNG. */
@Command(name = "render",
    header = "Draw one episode as an animated GIF, or its last frame as a PNG.",
    mixinStandardHelpOptions = true,
    versionProvider = StriderCli.Version.class,
    description = {
        "Run one episode from --seed with the heuristic controller or uniformly random actions (seeded from --seed) "
            + "and draw it, headless.",
        "--out FILE.gif writes the episode as an animated GIF (the start state, then one frame per step; looping). "
            + "--out FILE.png writes the LAST frame only (the state the episode ended in) as a PNG.",
        "Prints the file's path, the episode's return and its length."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  strider render --env LunarLander-v3 --policy heuristic --seed 0 --out land.gif",
        "  strider render --env BipedalWalker-v3 --seed 1 --out walk.gif --every 2 --fps 25",
        "  strider render --env LunarLanderContinuous-v3 --policy random --seed 3 --out crash.png",
        "  strider render --env LunarLander-v3 --option enable_wind=true --max-steps 200 --out wind.gif"})
final class RenderCommand implements Callable<Integer> {
    enum PolicyKind { heuristic, random }

    @Spec
    CommandSpec spec;

    @Mixin
    EnvSelection env;

    @Option(names = "--policy", defaultValue = "heuristic", paramLabel = "heuristic|random",
        description = "The heuristic controller or uniformly random actions (default: ${DEFAULT-VALUE}).")
    PolicyKind policy;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
        description = "Seed of the episode and of the random policy (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE",
        description = "Output file: .gif for the episode, .png for its last frame.")
    Path out;

    @Option(names = "--max-steps", paramLabel = "N",
        description = "Stop after N steps even if the episode goes on (default: the env's time limit).")
    Integer maxSteps;

    @Option(names = "--fps", defaultValue = "50", paramLabel = "F",
        description = "GIF playback rate in frames per second; each frame shows for round(100/F)/100 s, at least "
            + "0.02 s (default: ${DEFAULT-VALUE}, real time for the Box2D envs).")
    double fps;

    @Option(names = "--every", defaultValue = "1", paramLabel = "K",
        description = "Keep every K-th frame in the GIF (the last frame is always kept); with --fps 50/K the GIF "
            + "still plays a 50 Hz env in real time (default: ${DEFAULT-VALUE}).")
    int every;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        final String name = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
        final boolean gif = name.endsWith(".gif");
        if (!gif && !name.endsWith(".png")) {
            throw new ParameterException(spec.commandLine(), "--out must end with .gif (the episode) or .png (its "
                + "last frame), got '" + out + "'");
        }
        if (!(fps > 0) || Double.isInfinite(fps)) {
            throw new ParameterException(spec.commandLine(), "--fps must be a positive number, got " + fps);
        }
        if (every < 1) {
            throw new ParameterException(spec.commandLine(), "--every must be >= 1, got " + every);
        }
        if (maxSteps != null && maxSteps < 1) {
            throw new ParameterException(spec.commandLine(), "--max-steps must be >= 1, got " + maxSteps);
        }
        env.check(spec.commandLine());
        final HeuristicPolicy heuristic = policy == PolicyKind.heuristic
            ? env.heuristic(spec.commandLine(), " (use --policy random)") : null;
        try (Env e = env.make()) {
            if (!(e instanceof Renderable renderable)) {
                final List<String> drawable = EnvSelection.renderableIds();
                throw new ParameterException(spec.commandLine(), e.spec().id() + " cannot render (its class "
                    + e.getClass().getName() + " does not implement org.strider.render.Renderable); envs that render: "
                    + (drawable.isEmpty() ? "(none)" : String.join(", ", drawable)));
            }
            final RandomPolicy random = heuristic == null ? new RandomPolicy(e.actionSpace(), seed) : null;
            final Step step = Step.forEnv(e);
            final float[] action = new float[e.actionSpace().flatSize()];
            final int limit = maxSteps == null ? e.spec().maxEpisodeSteps() : maxSteps;
            final GifWriter writer = gif ? new GifWriter(out, renderable.renderWidth(), renderable.renderHeight(),
                fps, every) : null;
            double ret = 0;
            int length = 0;
            try {
                e.reset(seed, step);
                if (heuristic != null) {
                    heuristic.reset();
                }
                boolean lastKept = writer == null || writer.offer(renderable::render);
                while (!step.done() && length < limit) {
                    if (heuristic != null) {
                        heuristic.act(step.obs, action);
                    } else {
                        random.act(action);
                    }
                    e.step(action, step);
                    ret += step.reward;
                    length++;
                    if (writer != null) {
                        lastKept = writer.offer(renderable::render);
                    }
                }
                if (!lastKept) {
                    writer.write(renderable::render);
                }
            } finally {
                if (writer != null) {
                    writer.close();
                }
            }
            if (!gif) {
                FrameWriters.writePng(renderable.render(), out);
            }
            final String ending = step.terminated ? "terminated" : step.truncated ? "truncated by the time limit"
                : "stopped by --max-steps";
            print(e.spec().id(), renderable, writer, ret, length, ending);
        }
        return 0;
    }

    private void print(final String id, final Renderable r, final GifWriter writer, final double ret,
                       final int length, final String ending) throws IOException {
        final PrintWriter o = spec.commandLine().getOut();
        final long bytes = Files.size(out);
        if (json) {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", out.toString());
            m.put("format", writer != null ? "gif" : "png");
            m.put("env", id);
            m.put("options", env.resolvedOptions());
            m.put("policy", policy.name());
            m.put("seed", seed);
            m.put("return", ret);
            m.put("length", length);
            m.put("ending", ending);
            m.put("frames", writer != null ? writer.framesWritten() : 1);
            m.put("width", r.renderWidth());
            m.put("height", r.renderHeight());
            m.put("bytes", bytes);
            o.println(Json.write(m));
        } else {
            o.println(out);
            if (writer != null) {
                o.printf(Locale.ROOT, "           GIF, %d frames of %dx%d, %.2f s per frame, %s%n",
                    writer.framesWritten(), r.renderWidth(), r.renderHeight(), writer.delayCentiseconds() / 100.0,
                    size(bytes));
            } else {
                o.printf(Locale.ROOT, "           PNG of the last frame, %dx%d, %s%n", r.renderWidth(),
                    r.renderHeight(), size(bytes));
            }
            o.printf(Locale.ROOT, "env        %s%s, %s policy, seed %d%n", id, env.describeGiven(), policy, seed);
            o.printf(Locale.ROOT, "return     %.2f%n", ret);
            o.printf(Locale.ROOT, "length     %d (%s)%n", length, ending);
        }
        o.flush();
    }

    private static String size(final long bytes) {
        return bytes >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0)
            : String.format(Locale.ROOT, "%.1f kB", bytes / 1024.0);
    }
}
