package org.strider.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.strider.learner.dqn.DqnConfig;
import org.strider.run.RunPlan;

/**
 * A run's resolved, checked config ({@link RunConfigLoader#load}): the {@code strider} tree and what it means, a
 * {@link RunPlan} (TD3/DDPG or DQN; for DQN also its {@link DqnConfig}), and the {@link RunOutput}. {@link #render()} is the
 * text {@code config.conf} holds: read back with {@code --config}, it gives the same plan.
 */
public final class LoadedConfig {
    /** The file a run directory keeps its config in. */
    public static final String FILE_NAME = "config.conf";

    private final Config config;
    private final String preset;
    private final String algorithm;
    private final RunPlan plan;
    private final DqnConfig dqn;
    private final RunOutput output;

    LoadedConfig(final Config config, final String preset, final String algorithm, final RunPlan plan,
        final DqnConfig dqn, final RunOutput output) {
        this.config = config;
        this.preset = preset;
        this.algorithm = algorithm;
        this.plan = plan;
        this.dqn = dqn;
        this.output = output;
    }

    /** The resolved {@code strider} tree. */
    public Config config() {
        return config;
    }

    /** td3, ddpg or dqn. */
    public String algorithm() {
        return algorithm;
    }

    /** The preset that was applied (the env's own when none was named). */
    public String preset() {
        return preset;
    }

    public String envId() {
        return config.getString(SetOverrides.RUN + ".env");
    }

    /** The run's plan (with {@code strider.run.actors} actor nodes), TD3/DDPG or DQN. */
    public Optional<RunPlan> plan() {
        return Optional.ofNullable(plan);
    }

    /** The DQN config when the algorithm is dqn; empty otherwise. */
    public Optional<DqnConfig> dqn() {
        return Optional.ofNullable(dqn);
    }

    public RunOutput output() {
        return output;
    }

    /**
     * The {@code strider} tree as HOCON, no comments: what {@code config.conf} holds. The block of the algorithm
     * the run does not use is left out (a DQN run keeps {@code strider.learner.algorithm} only).
     */
    public String render() {
        Config shown = config;
        if (dqn != null) {
            shown = shown.withoutPath(SetOverrides.LEARNER).withValue(SetOverrides.ALGORITHM,
                config.getValue(SetOverrides.ALGORITHM));
        } else {
            shown = shown.withoutPath(SetOverrides.DQN);
        }
        return HoconText.render(shown.root());
    }

    /** The {@code strider} tree as JSON. */
    public String renderJson() {
        return config.root().render(ConfigRenderOptions.concise().setFormatted(true).setJson(true));
    }

    /** Writes {@link #render()} to {@code runDir/config.conf} (creating the directory), and returns that file. */
    public Path write(final Path runDir) throws IOException {
        Files.createDirectories(runDir);
        final Path file = runDir.resolve(FILE_NAME);
        Files.writeString(file, "# The resolved config of this run; `strider local --config " + FILE_NAME
            + "` runs it again.\n" + render());
        return file;
    }
}
