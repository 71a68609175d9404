package org.strider.config;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalDouble;
import org.strider.learner.cluster.AlgorithmConfig;
import org.strider.learner.td3.Td3Config;
import org.strider.run.RunPlan;

/**
 * The {@code strider.run} block, range-checked key by key (messages name the path, the range and where the value
 * came from), turned into a {@link RunPlan} and a {@link RunOutput}. Types are checked before ({@link KeyCheck}).
 */
final class RunSection {
    private static final String P = SetOverrides.RUN + ".";

    private final Config config;

    RunSection(final Config config) {
        this.config = config;
    }

    String env() {
        return config.getString(P + "env");
    }

    long steps() {
        return atLeast("steps", 1);
    }

    long seed() {
        return config.getLong(P + "seed");
    }

    int actors() {
        return (int) within("actors", 1, 4096);
    }

    /**
     * The plan of a TD3/DDPG run; checks every plan key first.
     *
     * @param planActors actor nodes instead of {@code strider.run.actors} (the learner's 0), or null
     */
    RunPlan plan(final Td3Config algorithm, final Integer planActors) {
        return plan(new AlgorithmConfig.Td3(algorithm), planActors, false);
    }

    /**
     * The plan of a run of any algorithm; checks every plan key first. A DQN run's replay ratio is its config's
     * {@code dqn.gradient_steps / dqn.train_every} (the synchronous trainer's), not {@code updates-per-step}.
     *
     * @param planActors actor nodes instead of {@code strider.run.actors} (the learner's 0), or null
     * @param apeX       DQN: Ape-X's per-actor ε ({@code strider.run.per-actor-epsilon})
     */
    RunPlan plan(final AlgorithmConfig algorithm, final Integer planActors, final boolean apeX) {
        final int envsPerActor = (int) within("envs-per-actor", 1, 4096);
        final int shards = (int) within("shards", 1, 1024);
        final double updatesPerStep = config.getDouble(P + "updates-per-step");
        if (!(updatesPerStep > 0) || updatesPerStep > 1e6) {
            throw range("updates-per-step", "must be in (0, 1000000]", updatesPerStep);
        }
        final int rowsPerFrame = (int) within("rows-per-frame", 1, 65_536);
        final int weightsEvery = (int) within("weights-every", 1, Integer.MAX_VALUE);
        final long evalEvery = atLeast("eval.every", 0);
        final int evalEpisodes = (int) within("eval.episodes", 1, 100_000);
        final int configured = actors();
        final int actors = planActors != null ? planActors : configured;
        if (planActors == null && actors < shards) {
            throw new ConfigError("config " + P + "actors " + actors + " is fewer than " + P + "shards " + shards
                + " (--actors is fewer than --shards)" + ConfigError.from(config.getValue(P + "actors").origin())
                + ": actor i feeds shard i mod shards, so some shards would never reach their warm-up; use at least "
                + "as many actors as shards");
        }
        final double ratio = algorithm instanceof AlgorithmConfig.Dqn dqn ? dqn.updatesPerStep() : updatesPerStep;
        return new RunPlan(env(), algorithm, seed(), actors, envsPerActor, shards, steps(), ratio, rowsPerFrame,
            weightsEvery, evalEvery, evalEpisodes, false, apeX);
    }

    /** Every key outside the plan. */
    RunOutput output() {
        final long checkpointEvery = atLeast("checkpoint-every", 0);
        final long everyEpisodes = atLeast("eval.every-episodes", 0);
        final double plots = config.getDouble(P + "plots-every");
        if (!(plots > 0) || plots > 86_400) {
            throw range("plots-every", "must be in (0, 86400] seconds", plots);
        }
        final String name = config.getString(P + "name");
        if (name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
            throw range("name", "must be one directory name (no / or \\; set dir for the parent)", "'" + name + "'");
        }
        final String dir = config.getString(P + "dir");
        if (dir.isBlank()) {
            throw range("dir", "must not be empty (\".\" is the working directory)", "'" + dir + "'");
        }
        final OptionalDouble stopAt = config.getIsNull(P + "stop-at-average.return") ? OptionalDouble.empty()
            : OptionalDouble.of(config.getDouble(P + "stop-at-average.return"));
        final int window = (int) within("stop-at-average.window", 1, 1_000_000);
        return new RunOutput(Path.of(dir), name, checkpointEvery, everyEpisodes,
            Duration.ofMillis(Math.round(plots * 1000)), config.getBoolean(P + "render-best-gif"), stopAt, window);
    }

    private long atLeast(final String key, final long low) {
        return within(key, low, Long.MAX_VALUE / 2);
    }

    private long within(final String key, final long low, final long high) {
        final long v = config.getLong(P + key);
        if (v < low || v > high) {
            throw range(key, high == Long.MAX_VALUE / 2 ? "must be >= " + low : "must be in [" + low + ", " + high + "]",
                v);
        }
        return v;
    }

    private ConfigError range(final String key, final String rule, final Object value) {
        return new ConfigError("config " + P + key + " " + rule + ", got " + value
            + ConfigError.from(config.getValue(P + key).origin()));
    }
}
