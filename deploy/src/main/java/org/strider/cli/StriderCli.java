package org.strider.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code strider} command line. Exit codes: 0 success, 2 usage or configuration error (unknown command, flag,
 * env id or option; the message says what is wrong and what is allowed), 1 failure while running.
 *
 * <p>Tests run it in-process: {@code StriderCli.commandLine().setOut(out).setErr(err).execute(args)}.
 */
@Command(name = "strider",
    mixinStandardHelpOptions = true,
    versionProvider = StriderCli.Version.class,
    header = "Strider: distributed reinforcement learning on the JVM.",
    subcommands = {LocalCommand.class, LearnerCommand.class, ReplayCommand.class, ActorCommand.class,
        EvaluateCommand.class, ExportCommand.class, EnvsCommand.class, HeuristicCommand.class, RenderCommand.class,
        BenchCommand.class, ConfigCommand.class, SweepCommand.class, ScaleCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {
        "  strider envs",
        "  strider heuristic --env LunarLander-v3 --episodes 100 --seed 0",
        "  strider render --env BipedalWalker-v3 --policy heuristic --seed 1 --out walk.gif",
        "  strider bench env --env all --seconds 3",
        "",
        "Run 'strider COMMAND --help' for a command's options.",
        "Exit codes: 0 success, 2 usage or configuration error, 1 failure while running."})
public final class StriderCli implements Callable<Integer> {
    /** Exit code of a run that went wrong after its arguments were accepted. */
    public static final int EXIT_FAILURE = CommandLine.ExitCode.SOFTWARE;
    /** Exit code of bad usage or configuration: unknown command, flag, env id or option. */
    public static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;

    private static final int USAGE_WIDTH = 100;

    @Spec
    CommandSpec spec;

    public static void main(final String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** A command line with Strider's error handling and exit codes; set its out/err writers to capture output. */
    public static CommandLine commandLine() {
        final CommandLine cmd = new CommandLine(new StriderCli());
        cmd.setUsageHelpWidth(USAGE_WIDTH);
        cmd.setParameterExceptionHandler(StriderCli::onUsageError);
        cmd.setExecutionExceptionHandler(StriderCli::onFailure);
        return cmd;
    }

    @Override
    public Integer call() {
        return missingSubcommand(spec);
    }

    static int missingSubcommand(final CommandSpec spec) {
        final PrintWriter err = spec.commandLine().getErr();
        err.println(spec.qualifiedName() + ": missing command; one of: "
            + String.join(", ", spec.subcommands().keySet()));
        err.println();
        spec.commandLine().usage(err);
        return EXIT_USAGE;
    }

    private static int onUsageError(final ParameterException ex, final String[] args) {
        final CommandLine cmd = ex.getCommandLine();
        final CommandSpec spec = cmd.getCommandSpec();
        final PrintWriter err = cmd.getErr();
        if (ex instanceof UnmatchedArgumentException u && !spec.subcommands().isEmpty() && !u.getUnmatched().isEmpty()
            && !u.getUnmatched().get(0).startsWith("-")) {
            err.println(spec.qualifiedName() + ": unknown command '" + u.getUnmatched().get(0) + "'; commands: "
                + String.join(", ", spec.subcommands().keySet()));
        } else {
            err.println(spec.qualifiedName() + ": " + ex.getMessage());
        }
        UnmatchedArgumentException.printSuggestions(ex, err);
        if (ex instanceof UnmatchedArgumentException || ex instanceof MissingParameterException) {
            final CommandLine.Help help = cmd.getHelp();
            err.print(help.synopsisHeading() + help.synopsis(help.synopsisHeadingLength()));
        }
        err.println("Run '" + spec.qualifiedName() + " --help' for usage.");
        err.flush();
        return EXIT_USAGE;
    }

    private static int onFailure(final Exception ex, final CommandLine cmd, final CommandLine.ParseResult result) {
        final PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": failed: " + describe(ex));
        if (System.getenv("STRIDER_DEBUG") != null) {
            ex.printStackTrace(err);
        } else {
            err.println("(set STRIDER_DEBUG=1 for the stack trace)");
        }
        err.flush();
        return EXIT_FAILURE;
    }

    private static String describe(final Throwable ex) {
        final StringBuilder s = new StringBuilder(String.valueOf(ex.getMessage() == null ? ex : ex.getMessage()));
        for (Throwable cause = ex.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            s.append("; caused by ").append(cause);
        }
        return s.toString();
    }

    /** Whether progress lines on stderr may redraw in place; the launcher tells us (it can test fd 2). */
    static boolean stderrIsTerminal() {
        final String told = System.getProperty("strider.stderr.tty");
        return told != null ? Boolean.parseBoolean(told) : System.console() != null;
    }

    /** Version from the jar's Maven metadata ("dev" when run from classes). */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = "dev";
            try (InputStream in = StriderCli.class.getResourceAsStream(
                "/META-INF/maven/org.strider/strider-deploy/pom.properties")) {
                if (in != null) {
                    final Properties p = new Properties();
                    p.load(in);
                    version = p.getProperty("version", version);
                }
            } catch (IOException ignored) {
                // keep "dev"
            }
            return new String[] {
                "strider " + version,
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
                    + System.getProperty("java.vendor") + "), " + System.getProperty("os.name") + " "
                    + System.getProperty("os.arch")};
        }
    }
}
