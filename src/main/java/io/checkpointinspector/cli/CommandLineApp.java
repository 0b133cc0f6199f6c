package io.checkpointinspector.cli;

import io.checkpointinspector.inspect.DecoderWarmup;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: {@code inspect}, {@code show}, {@code memory} and the rest; runs without a display. */
@Command(name = "checkpoint-inspector",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Look inside container checkpoints (Podman, CRI-O, containerd, CRIU image directories).")
public final class CommandLineApp {

    /** Sub-commands in the order help lists them. */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("inspect", InspectCommand::new);
        m.put("show", ShowCommand::new);
        m.put("memory", MemoryCommand::new);
        m.put("core", CoreCommand::new);
        m.put("diff", DiffCommand::new);
        m.put("report", ReportCommand::new);
        m.put("containers", ContainersCommand::new);
        m.put("checkpoint", CheckpointCommand::new);
        m.put("restore", RestoreCommand::new);
        m.put("helper", HelperCommand::new);
        m.put("help", CommandLine.HelpCommand::new);
        return m;
    }

    private static final Set<String> TOP_LEVEL = Set.of("inspect", "show", "memory", "core", "diff", "report",
            "containers", "checkpoint",
            "restore", "helper", "help", "--help", "-h", "--version", "-V");

    /** True when the arguments ask for the command line rather than the window. */
    public static boolean isCommand(String[] args) {
        return args.length > 0 && TOP_LEVEL.contains(args[0]);
    }

    public static int run(String[] args) {
        return run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        String first = args.length > 0 ? args[0] : "";
        if (first.equals("inspect") || first.equals("show") || first.equals("memory")
                || first.equals("core") || first.equals("diff") || first.equals("report")) {
            // Overlaps the protobuf and JSON runtimes' start-up with picocli's on the other core.
            DecoderWarmup.startInBackground();
        }
        CommandLine cmd = new CommandLine(new CommandLineApp());
        // picocli introspects every registered command up front, and its classes (Java 5 bytecode) cannot be
        // class-data shared: registering only the sub-command asked for saves about a tenth of a second on every
        // `inspect`. Help and unknown words get all of them.
        if (SUBCOMMANDS.containsKey(first) && !first.equals("help")) {
            cmd.addSubcommand(first, SUBCOMMANDS.get(first).get());
        } else {
            SUBCOMMANDS.forEach((name, make) -> cmd.addSubcommand(name, make.get()));
        }
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
