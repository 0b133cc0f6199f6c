package io.checkpointinspector.cli;

import io.checkpointinspector.inspect.DecoderWarmup;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The forms typed (and scripted) most, run without picocli: {@code inspect [--format json|tree] SOURCE},
 * {@code show SOURCE…} and {@code --version}. picocli's classes are Java 5 bytecode, which the class-data archive
 * cannot hold and the JVM verifies the slow way, so loading it is most of a short run's start-up. Anything else —
 * another option, {@code --}, a word starting with '-' or '@' (picocli's argument files), a value picocli would refuse — is left to picocli, so
 * every message and exit code stays picocli's; for the forms taken here the output is the same byte for byte
 * ({@code FastCommandsTest}).
 */
public final class FastCommands {

    private FastCommands() {
    }

    /**
     * For Main, before anything loads picocli (CommandLineApp's class alone does): the exit code when args is a
     * form handled here, with output on System.out / System.err.
     */
    public static OptionalInt run(String[] args) {
        if (args.length > 0 && (args[0].equals("inspect") || args[0].equals("show"))) {
            DecoderWarmup.startInBackground(false);
        }
        return run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    /** The exit code when args is one of the forms handled here, else empty (nothing was printed). */
    static OptionalInt run(String[] args, PrintWriter out, PrintWriter err) {
        if (args.length == 0) {
            return OptionalInt.empty();
        }
        return switch (args[0]) {
            case "inspect" -> inspect(args, out, err);
            case "show" -> show(args, out, err);
            case "--version", "-V" -> {
                if (args.length != 1) {
                    yield OptionalInt.empty();
                }
                for (String line : new VersionProvider().getVersion()) {
                    out.println(line);
                }
                out.flush();
                yield OptionalInt.of(0);
            }
            default -> OptionalInt.empty();
        };
    }

    private static OptionalInt inspect(String[] args, PrintWriter out, PrintWriter err) {
        InspectCommand.Format format = InspectCommand.Format.tree;
        Path source = null;
        boolean formatSeen = false;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            String value;
            if (a.equals("--format")) {
                if (i + 1 >= args.length) {
                    return OptionalInt.empty();
                }
                value = args[++i];
            } else if (a.startsWith("--format=")) {
                value = a.substring("--format=".length());
            } else if (!a.startsWith("-") && !a.startsWith("@") && source == null) {
                source = path(a);
                if (source == null) {
                    return OptionalInt.empty();
                }
                continue;
            } else {
                return OptionalInt.empty();
            }
            if (formatSeen || !(value.equals("json") || value.equals("tree"))) {
                return OptionalInt.empty();
            }
            formatSeen = true;
            format = InspectCommand.Format.valueOf(value);
        }
        if (source == null) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(InspectCommand.print(source, format, new ParentOption(), out, err));
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            return OptionalInt.of(FailureHandler.report(e, err));
        }
    }

    private static OptionalInt show(String[] args, PrintWriter out, PrintWriter err) {
        List<Path> sources = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            Path p = args[i].startsWith("-") || args[i].startsWith("@") ? null : path(args[i]);
            if (p == null) {
                return OptionalInt.empty();
            }
            sources.add(p);
        }
        if (sources.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(ShowCommand.print(sources, out, err));
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            return OptionalInt.of(FailureHandler.report(e, err));
        }
    }

    private static Path path(String text) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
