package io.checkpointinspector.cli;

import io.checkpointinspector.inspect.DecoderWarmup;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import io.checkpointinspector.runtime.HelperClientFactory;
import io.checkpointinspector.runtime.HelperLauncher;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: {@code inspect}, {@code show}, {@code memory} and the rest; runs without a display. */
@Command(name = "checkpoint-inspector",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Look inside container checkpoints (Podman, CRI-O, containerd, CRIU image directories).")
public final class CommandLineApp {

    /** Sub-commands in the order help lists them. */
    private static final Map<String, Function<HelperClientFactory, Object>> SUBCOMMANDS = subcommands();

    /** Each sub-command made for the helper factory (used by containers, checkpoint and restore). */
    private static Map<String, Function<HelperClientFactory, Object>> subcommands() {
        Map<String, Function<HelperClientFactory, Object>> m = new LinkedHashMap<>();
        m.put("inspect", h -> new InspectCommand());
        m.put("show", h -> new ShowCommand());
        m.put("list", h -> new ListCommand());
        m.put("memory", h -> new MemoryCommand());
        m.put("core", h -> new CoreCommand());
        m.put("build", h -> new BuildCommand());
        m.put("diff", h -> new DiffCommand());
        m.put("report", h -> new ReportCommand());
        m.put("containers", ContainersCommand::new);
        m.put("checkpoint", CheckpointCommand::new);
        m.put("restore", RestoreCommand::new);
        m.put("helper", h -> new HelperCommand());
        m.put("help", h -> new CommandLine.HelpCommand());
        return m;
    }

    private static final Set<String> TOP_LEVEL = Set.of("inspect", "show", "list", "memory", "core", "build", "diff", "report",
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
        return run(args, out, err, new HelperLauncher());
    }

    /** helpers: starts the privileged helper for containers, checkpoint and restore (tests give a fake). */
    static int run(String[] args, PrintWriter out, PrintWriter err, HelperClientFactory helpers) {
        String first = args.length > 0 ? args[0] : "";
        if (first.equals("inspect") || first.equals("show") || first.equals("list") || first.equals("memory")
                || first.equals("core") || first.equals("build") || first.equals("diff") || first.equals("report")) {
            // Overlaps the protobuf and JSON runtimes' start-up with picocli's on the other core.
            DecoderWarmup.startInBackground(true);
        }
        var fast = FastCommands.run(args, out, err);
        return fast.isPresent() ? fast.getAsInt() : runPicocli(args, out, err, helpers);
    }

    /** args through picocli, whatever they are (FastCommandsTest compares the two paths). */
    static int runPicocli(String[] args, PrintWriter out, PrintWriter err) {
        return runPicocli(args, out, err, new HelperLauncher());
    }

    private static int runPicocli(String[] args, PrintWriter out, PrintWriter err, HelperClientFactory helpers) {
        String first = args.length > 0 ? args[0] : "";
        CommandLine cmd = new CommandLine(new CommandLineApp());
        // picocli introspects every registered command up front, and its classes (Java 5 bytecode) cannot be
        // class-data shared: registering only the sub-command asked for saves about a tenth of a second on every
        // `inspect`. Help and unknown words get all of them.
        if (SUBCOMMANDS.containsKey(first) && !first.equals("help")) {
            cmd.addSubcommand(first, SUBCOMMANDS.get(first).apply(helpers));
        } else {
            SUBCOMMANDS.forEach((name, make) -> cmd.addSubcommand(name, make.apply(helpers)));
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
