package io.checkpointinspector.ui.processes;

import io.checkpointinspector.model.ProcessInfo;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a process reads in one line, and what a filter matches against. */
public final class ProcessText {

    private ProcessText() {
    }

    /** The command line with arguments that need it quoted; "[comm]" when it could not be recovered. */
    public static String commandLine(ProcessInfo p) {
        List<String> args = p.cmdline();
        if (args == null || args.isEmpty()) {
            return "[" + (p.comm() == null ? "?" : p.comm()) + "]";
        }
        return args.stream().map(ProcessText::quote).collect(Collectors.joining(" "));
    }

    /** The argv note without its "not recoverable: " prefix, or null: for text that already says so. */
    public static String why(ProcessInfo p) {
        String note = p.argsNote();
        String prefix = "not recoverable: ";
        return note != null && note.startsWith(prefix) ? note.substring(prefix.length()) : note;
    }

    /** The command line text of the details: one argument per line, or why there is none. */
    public static String arguments(ProcessInfo p) {
        if (p.cmdline() == null) {
            return "(not recoverable" + (why(p) == null ? ")" : ": " + why(p) + ")");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < p.cmdline().size(); i++) {
            String arg = p.cmdline().get(i).replace("\n", "\n         ");
            sb.append(String.format(java.util.Locale.ROOT, "argv[%d]  %s%n", i, arg));
        }
        return sb.toString();
    }

    static String quote(String arg) {
        if (!arg.isEmpty() && arg.chars().noneMatch(c -> Character.isWhitespace(c) || "'\"\\$`;&|<>()*?!#".indexOf(c) >= 0)) {
            return arg;
        }
        String escaped = arg.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\t", "\\t");
        return arg.contains("\n") || arg.contains("\t") || arg.contains("'") ? "$'" + escaped + "'" : "'" + arg + "'";
    }

    public static long dumpedBytes(ProcessInfo p) {
        return p.memory() == null ? 0 : p.memory().dumpedBytes();
    }

    public static boolean matches(ProcessInfo p, String needleLowerCase) {
        if (needleLowerCase.isEmpty()) {
            return true;
        }
        return String.valueOf(p.pid()).equals(needleLowerCase)
                || contains(p.comm(), needleLowerCase)
                || contains(p.state(), needleLowerCase)
                || (p.cmdline() != null && contains(String.join(" ", p.cmdline()), needleLowerCase));
    }

    private static boolean contains(String s, String needle) {
        return s != null && s.toLowerCase(Locale.ROOT).contains(needle);
    }
}
