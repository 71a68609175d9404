package org.strider.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.strider.env.Env;
import org.strider.env.EnvRegistry;
import org.strider.env.Step;
import org.strider.learner.checkpoint.Checkpoint;
import org.strider.learner.dqn.DqnState;
import org.strider.learner.td3.Td3State;
import org.strider.nn.GreedyPolicy;
import org.strider.nn.MlpInference;
import org.strider.render.GifWriter;
import org.strider.render.Renderable;

/**
 * {@code best.gif}: the best policy ({@code checkpoints/best.ckpt}) on the first evaluation episode
 * ({@link Td3State#evalSeed}(0)), acting deterministically, every second frame kept, as
 * {@code strider evaluate --render} draws it. Written to a temporary file and moved into place.
 */
public final class BestGif {
    public static final String NAME = "best.gif";

    private BestGif() {
    }

    /** Why a GIF was not drawn, or null when it was. */
    public static String write(final Path runDir) throws IOException {
        final Path best = runDir.resolve("checkpoints").resolve("best.ckpt");
        if (!Files.isRegularFile(best)) {
            return "no best.ckpt (no evaluation ran)";
        }
        final boolean dqn = Checkpoint.isDqn(best);
        final String envId = dqn ? Checkpoint.inspectDqn(best).envId() : Checkpoint.inspect(best).envId();
        try (Env env = EnvRegistry.make(envId)) {
            if (!(env instanceof Renderable renderable)) {
                return envId + " does not render";
            }
            // DQN acts greedily on the Q network's inference form; TD3/DDPG with the deterministic actor.
            final GreedyPolicy greedy;
            final MlpInference policy;
            if (dqn) {
                final DqnState state = Checkpoint.readDqn(best, envId);
                greedy = new GreedyPolicy(state.q().inferenceSpec(), 1);
                greedy.load(state.q().inferenceParams());
                policy = null;
            } else {
                final Td3State state = Checkpoint.read(best, envId);
                policy = new MlpInference(state.actor().spec(), 1);
                policy.load(state.actor().paramsToFloats());
                greedy = null;
            }
            final float[] action = new float[policy != null ? policy.outputSize() : 1];
            final Step step = Step.forEnv(env);
            final Path tmp = runDir.resolve(NAME + ".tmp");
            try (GifWriter gif = new GifWriter(tmp, renderable.renderWidth(), renderable.renderHeight(), 50, 2)) {
                env.reset(Td3State.evalSeed(0), step);
                boolean lastKept = gif.offer(renderable::render);
                while (!step.done()) {
                    if (greedy != null) {
                        env.step(greedy.act(step.obs), step);
                    } else {
                        policy.forward(step.obs, 1, action);
                        env.step(action, step);
                    }
                    lastKept = gif.offer(renderable::render);
                }
                if (!lastKept) {
                    gif.write(renderable::render);
                }
            }
            Files.move(tmp, runDir.resolve(NAME), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
            return null;
        }
    }
}
