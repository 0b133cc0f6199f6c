package io.checkpointinspector.cli;

import java.io.PrintWriter;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: {@code inspect} and {@code show}; runs without a display. */
@Command(name = "checkpoint-inspector",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Look inside container checkpoints (Podman, CRI-O, containerd, CRIU image directories).",
        subcommands = {InspectCommand.class, ShowCommand.class, CommandLine.HelpCommand.class})
public final class CommandLineApp {

    private static final Set<String> TOP_LEVEL = Set.of("inspect", "show", "help", "--help", "-h", "--version", "-V");

    /** True when the arguments ask for the command line rather than the window. */
    public static boolean isCommand(String[] args) {
        return args.length > 0 && TOP_LEVEL.contains(args[0]);
    }

    public static int run(String[] args) {
        return run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cmd = new CommandLine(new CommandLineApp());
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setExecutionExceptionHandler(new FailureHandler());
        try {
            return cmd.execute(args);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // picocli rethrows Errors from commands; the user still gets one line and exit code 1.
            return FailureHandler.report(e, err);
        }
    }
}
