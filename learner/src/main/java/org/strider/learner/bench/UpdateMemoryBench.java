package org.strider.learner.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.factory.Nd4j;
import org.strider.env.Box;
import org.strider.learner.dqn.DqnPresets;
import org.strider.learner.dqn.DqnState;
import org.strider.learner.dqn.DqnUpdate;
import org.strider.learner.replay.ReplayBatch;
import org.strider.learner.td3.Td3Config;
import org.strider.learner.td3.Td3Presets;
import org.strider.learner.td3.Td3State;
import org.strider.learner.td3.Td3Update;
import org.strider.nn.MlpInference;
import org.strider.random.SplitMix64;

/**
 * What one learner update allocates, per setting: updates per second, Java heap bytes, ND4J native objects (data
 * buffers and op contexts, each freed only through the GC and ND4J's deallocator threads) and JavaCPP pointers,
 * each per update after a warm-up; and the same for the actor's plain-Java forward pass of one row. The
 * settings: TD3 on Pendulum's shapes with the soak's 64-64 networks and with the Pendulum preset's 400-300; seed
 * 000's DDPG (state-branch critic with layer norm); DQN with the CartPole preset and with seed 002's batch norm.
 * Batches are random, made once (replay sampling is not timed). Figures only, no assertions; the bound that is
 * asserted lives in the update tests.
 *
 * <p>Run: {@code java -cp ... org.strider.learner.bench.UpdateMemoryBench [updates] [warmup]} (default 2000 and
 * 500), with {@code OMP_NUM_THREADS=1}.
 */
public final class UpdateMemoryBench {
    private static final int BATCHES = 8;

    private UpdateMemoryBench() {
    }

    /** One measured setting. */
    record Row(String name, double updatesPerSecond, Nd4jAllocationMeter.PerCall perUpdate) {
        String line() {
            return String.format(Locale.ROOT, "%-26s %12.0f %14.0f %14.2f %14.2f", name, updatesPerSecond,
                perUpdate.heapBytes(), perUpdate.nd4jObjects(), perUpdate.javacppPointers());
        }
    }

    /** One way of running an update of a setting on the batch it is given. */
    @FunctionalInterface
    interface Step {
        void run(ReplayBatch batch);
    }

    public static void main(final String[] args) {
        final int updates = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        final int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        System.out.printf("backend %s, OMP_NUM_THREADS=%s, cores %d, %d updates after %d warm-up%n",
            Nd4j.getBackend().getClass().getSimpleName(), System.getenv("OMP_NUM_THREADS"),
            Runtime.getRuntime().availableProcessors(), updates, warmup);
        final List<Row> rows = new ArrayList<>();
        final Td3Config soak = Td3Presets.pendulum().toBuilder().hidden(64, 64).batchSize(64).build();
        rows.add(td3("td3 pendulum 64-64 b64", soak, updates, warmup));
        rows.add(td3("td3 pendulum 400-300 b256", Td3Presets.pendulum(), updates / 4, warmup / 4));
        rows.add(td3("ddpg seed000 (layer norm)", Td3Presets.seed000Ddpg(), updates / 4, warmup / 4));
        rows.add(dqn("dqn cartpole 64-64 b64", DqnPresets.cartPole(), updates, warmup));
        rows.add(dqn("dqn seed002 (batch norm)", DqnPresets.named("seed002-cartpole"), updates, warmup));
        rows.add(actorForward(updates * 10, warmup * 10));
        System.out.printf("%n%-26s %12s %14s %14s %14s%n", "setting", "updates/s", "heap B/update", "nd4j obj/upd",
            "javacpp/upd");
        for (final Row row : rows) {
            System.out.println(row.line());
        }
    }

    static Row td3(final String name, final Td3Config config, final int updates, final int warmup) {
        final Td3State state = Td3State.create(config, 3, Box.uniform(-2f, 2f, 1), 1);
        final Td3Update update = new Td3Update(state);
        return measure(name, batches(config.replay().batchSize(), 3, 1, 0), update::update, updates, warmup);
    }

    static Row dqn(final String name, final org.strider.learner.dqn.DqnConfig config, final int updates,
        final int warmup) {
        final DqnState state = DqnState.create(config, 4, 2, 1);
        final DqnUpdate update = new DqnUpdate(state);
        return measure(name, batches(config.replay().batchSize(), 4, 1, 2), update::update, updates, warmup);
    }

    /** The actor node's forward pass of one observation through Pendulum's 64-64 actor. */
    static Row actorForward(final int calls, final int warmup) {
        final Td3Config config = Td3Presets.pendulum().toBuilder().hidden(64, 64).build();
        final Td3State state = Td3State.create(config, 3, Box.uniform(-2f, 2f, 1), 1);
        final MlpInference policy = new MlpInference(state.actor().spec(), 1);
        policy.load(state.actor().paramsToFloats());
        final float[] action = new float[1];
        return measure("actor forward (1 row)", batches(1, 3, 1, 0), b -> policy.forward(b.obs, 1, action), calls,
            warmup);
    }

    static Row measure(final String name, final ReplayBatch[] batches, final Step step, final int calls,
        final int warmup) {
        for (int i = 0; i < warmup; i++) {
            step.run(batches[i % batches.length]);
        }
        final Nd4jAllocationMeter meter = new Nd4jAllocationMeter();
        final long start = System.nanoTime();
        meter.start();
        for (int i = 0; i < calls; i++) {
            step.run(batches[i % batches.length]);
        }
        final Nd4jAllocationMeter.PerCall perCall = meter.perCall(calls);
        final double seconds = (System.nanoTime() - start) / 1e9;
        final Row row = new Row(name, calls / seconds, perCall);
        System.out.println(row.line());
        return row;
    }

    /**
     * {@value #BATCHES} random batches; {@code discreteActions > 0} draws action indices below it (DQN), else
     * actions in [-2, 2]. Every fourth row is terminated.
     */
    static ReplayBatch[] batches(final int size, final int obsSize, final int actionSize, final int discreteActions) {
        final SplitMix64 rng = new SplitMix64(42);
        final ReplayBatch[] out = new ReplayBatch[BATCHES];
        for (int k = 0; k < BATCHES; k++) {
            final ReplayBatch b = new ReplayBatch(size, obsSize, actionSize);
            for (int i = 0; i < b.obs.length; i++) {
                b.obs[i] = (float) rng.nextDouble(-1, 1);
                b.nextObs[i] = (float) rng.nextDouble(-1, 1);
            }
            for (int i = 0; i < b.action.length; i++) {
                b.action[i] = discreteActions > 0 ? (float) rng.nextInt(discreteActions)
                    : (float) rng.nextDouble(-2, 2);
            }
            for (int r = 0; r < size; r++) {
                b.reward[r] = (float) rng.nextDouble(-1, 1);
                b.terminated[r] = r % 4 == 3 ? 1f : 0f;
            }
            out[k] = b;
        }
        return out;
    }
}
