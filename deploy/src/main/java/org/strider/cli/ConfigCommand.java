package org.strider.cli;

import java.util.concurrent.Callable;
import org.strider.config.LoadedConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code strider config}: the resolved run config, as {@code strider local} would use it. */
@Command(name = "config",
    header = "Print the resolved run config (HOCON or JSON).",
    description = {
        "Resolves the config as 'strider local' does, lowest layer first: every default in reference.conf, the "
            + "preset (--preset, else the env's own), --config FILE, --set KEY=VALUE, then the flags. Unknown keys, "
            + "wrong types and out-of-range values fail with the key's path (exit 2).",
        "Keys: strider.run (the run: env, steps, actors, eval, output), strider.learner (TD3/DDPG; algorithm = "
            + "td3 | ddpg | dqn) and strider.dqn (DQN). Short --set keys are relative to the algorithm's block or "
            + "strider.run. The output, saved as a file, is a valid --config: it gives the same run."},
    mixinStandardHelpOptions = true,
    versionProvider = StriderCli.Version.class,
    footerHeading = "%nExamples:%n",
    footer = {
        "  strider config",
        "  strider config --env BipedalWalker-v3 --set td3.tau=0.01 --steps 1000000",
        "  strider config --env CartPole-v1 --json",
        "  strider config --config run.conf --preset seed000-td3 > resolved.conf"})
final class ConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RunOptions options;

    @Option(names = "--json", description = "Print JSON instead of HOCON.")
    boolean json;

    @Override
    public Integer call() {
        final LoadedConfig c = options.load(spec);
        spec.commandLine().getOut().println(json ? c.renderJson() : "# " + c.envId() + ", algorithm " + c.algorithm()
            + ", preset " + c.preset() + "\n" + c.render());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
