package org.strider.learner.bench;

import org.strider.env.Box;
import org.strider.learner.replay.ReplayBatch;
import org.strider.learner.td3.Td3Config;
import org.strider.learner.td3.Td3State;
import org.strider.learner.td3.Td3Update;

/**
 * The learner's own {@link Td3Update} behind the benchmark's interface: TD3 paper defaults (gamma 0.99, tau 0.005,
 * target noise 0.2 clipped at 0.5, policy delay 2, Adam lr 3e-4), concatenating critics, the setting's hidden sizes
 * and batch, actions in [-1, 1] — the update tools/bench/td3_update_torch.py times in PyTorch. The state's own
 * replay is left tiny: the benchmark samples from its own.
 */
public final class Td3BenchUpdate implements BenchUpdate {
    private final Td3State state;
    private final Td3Update update;

    public Td3BenchUpdate(final Setting s) {
        final Td3Config config = Td3Config.builder()
            .hidden(s.hidden1(), s.hidden2())
            .batchSize(s.batch())
            .capacity(Math.max(s.batch(), 1_000))
            .warmupSteps(0)
            .build();
        this.state = Td3State.create(config, s.obsSize(), Box.uniform(-1f, 1f, s.actionSize()), s.seed());
        this.update = new Td3Update(state);
    }

    @Override
    public void update(final ReplayBatch batch) {
        update.update(batch);
    }

    /** The actor's parameters, for tests. */
    float[] actorParams() {
        return state.actor().paramsToFloats();
    }
}
