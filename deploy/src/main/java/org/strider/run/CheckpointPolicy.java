package org.strider.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.strider.learner.checkpoint.Checkpoint;
import org.strider.learner.dqn.DqnState;
import org.strider.learner.td3.Td3State;
import org.strider.env.Env;
import org.strider.env.EnvRegistry;
import org.strider.env.Step;
import org.strider.nn.GreedyPolicy;
import org.strider.nn.MlpInference;
import org.strider.nn.MlpSpec;
import org.strider.render.GifWriter;
import org.strider.render.Renderable;

/**
 * The acting network of a checkpoint, whatever the algorithm: the TD3/DDPG actor (the output is the action) or
 * the DQN Q network in eval mode with batch norm folded in (the policy takes the argmax). {@code evaluate} and
 * {@code export} read checkpoints through it.
 *
 * @param discrete true for a Q network (argmax over its outputs), false for a deterministic actor
 */
public record CheckpointPolicy(Path file, String envId, MlpSpec spec, float[] params, boolean discrete, long envSteps,
    long updates) {

    /** The checkpoint names {@code --checkpoint} accepts besides a path. */
    public static final String CHOICES = "best, latest or a checkpoint file";

    /**
     * The checkpoint {@code choice} names in {@code run}: {@code best} or {@code latest} pick
     * {@code checkpoints/best.ckpt} / {@code checkpoints/latest.ckpt} of a run directory; anything else is a path
     * (relative to the working directory, or to the run directory if it exists there). With {@code choice} null,
     * {@code run} itself if it is a file, else the run's latest checkpoint (the synchronous trainer's
     * {@code final.ckpt}/{@code latest.ckpt} too). Returns null when nothing fits; {@link #describeMissing} says why.
     */
    public static Path locate(final Path run, final String choice) {
        if (choice == null) {
            if (Files.isRegularFile(run)) {
                return run;
            }
            for (final String candidate : new String[] {"checkpoints/latest.ckpt", "final.ckpt", "latest.ckpt"}) {
                final Path p = run.resolve(candidate);
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
            return null;
        }
        if (choice.equals("best") || choice.equals("latest")) {
            final Path p = run.resolve("checkpoints").resolve(choice + ".ckpt");
            return Files.isRegularFile(p) ? p : null;
        }
        final Path direct = Path.of(choice);
        if (Files.isRegularFile(direct)) {
            return direct;
        }
        final Path inRun = run.resolve(choice);
        return Files.isRegularFile(inRun) ? inRun : null;
    }

    /** Why {@link #locate} found nothing, naming what it looked for. */
    public static String describeMissing(final Path run, final String choice) {
        if (choice == null) {
            return run + " is neither a checkpoint file nor a run directory holding checkpoints/latest.ckpt, "
                + "final.ckpt or latest.ckpt";
        }
        if (choice.equals("best") || choice.equals("latest")) {
            return run + " has no checkpoints/" + choice + ".ckpt" + (choice.equals("best")
                ? " (written at the first evaluation that improves on the best so far)" : "");
        }
        return "--checkpoint " + choice + ": no such file (neither as given nor inside " + run + "); use "
            + CHOICES;
    }

    /** Reads the acting network of {@code file} (a {@code CheckpointException} if it is damaged). */
    public static CheckpointPolicy read(final Path file) throws IOException {
        if (Checkpoint.isDqn(file)) {
            final String envId = Checkpoint.inspectDqn(file).envId();
            final DqnState state = Checkpoint.readDqn(file, envId);
            return new CheckpointPolicy(file, envId, state.q().inferenceSpec(), state.q().inferenceParams(), true,
                state.envSteps(), state.updates());
        }
        final String envId = Checkpoint.inspect(file).envId();
        final Td3State state = Checkpoint.read(file, envId);
        return new CheckpointPolicy(file, envId, state.actor().spec(), state.actor().paramsToFloats(), false,
            state.envSteps(), state.updates());
    }

    /**
     * Draws this policy's first evaluation episode ({@link Td3State#evalSeed}(0)) into {@code gif}, every second frame
     * kept: the actor acting deterministically, a Q network greedily. Returns why nothing was drawn (the env does
     * not render), or null.
     */
    public String writeEpisodeGif(final Path gif) throws IOException {
        try (Env env = EnvRegistry.make(envId)) {
            if (!(env instanceof Renderable renderable)) {
                return envId + " does not render";
            }
            final GreedyPolicy greedy = discrete ? new GreedyPolicy(spec, 1) : null;
            final MlpInference actor = discrete ? null : new MlpInference(spec, 1);
            if (discrete) {
                greedy.load(params);
            } else {
                actor.load(params);
            }
            final float[] action = new float[discrete ? 1 : actor.outputSize()];
            final Step step = Step.forEnv(env);
            try (GifWriter out = new GifWriter(gif, renderable.renderWidth(), renderable.renderHeight(), 50, 2)) {
                env.reset(Td3State.evalSeed(0), step);
                boolean lastKept = out.offer(renderable::render);
                while (!step.done()) {
                    if (discrete) {
                        env.step(greedy.act(step.obs), step);
                    } else {
                        actor.forward(step.obs, 1, action);
                        env.step(action, step);
                    }
                    lastKept = out.offer(renderable::render);
                }
                if (!lastKept) {
                    out.write(renderable::render);
                }
            }
            return null;
        }
    }
}
