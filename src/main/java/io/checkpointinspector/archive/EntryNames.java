package io.checkpointinspector.archive;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/** Normalises archive entry names and tells which ones would escape the checkpoint root. */
final class EntryNames {

    /** Outcome of {@link #normalize}: a usable name, or why there is none. */
    record Result(String name, Problem problem) {
        boolean ok() {
            return problem == null;
        }
    }

    enum Problem { ROOT, ESCAPES, INVALID, TOO_LONG }

    private EntryNames() {
    }

    /** "./a//b/./c/" becomes "a/b/c"; "..", absolute names and NULs are refused; "." and "./" are the root. */
    static Result normalize(String raw, int maxNameBytes) {
        if (raw == null || raw.indexOf('\0') >= 0) {
            return new Result(null, Problem.INVALID);
        }
        if (raw.startsWith("/")) {
            return new Result(null, Problem.ESCAPES);
        }
        StringBuilder sb = new StringBuilder(raw.length());
        for (String segment : raw.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                return new Result(null, Problem.ESCAPES);
            }
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(segment);
        }
        if (sb.length() == 0) {
            return new Result(null, raw.isEmpty() ? Problem.INVALID : Problem.ROOT);
        }
        String name = sb.toString();
        if (name.getBytes(StandardCharsets.UTF_8).length > maxNameBytes) {
            return new Result(null, Problem.TOO_LONG);
        }
        return new Result(name, null);
    }

    /** Lenient lookup form of a caller-supplied name; null when it cannot name an entry. */
    static String lookupKey(String name) {
        Result r = normalize(name, Integer.MAX_VALUE);
        return r.ok() ? r.name() : null;
    }

    /**
     * Whether a link target leaves the root. Symlink targets are relative to the link's directory, hardlink
     * targets to the archive root.
     */
    static boolean linkEscapes(String entryName, String target, boolean symlink) {
        if (target == null || target.isEmpty()) {
            return false;
        }
        if (target.startsWith("/")) {
            return true;
        }
        Deque<String> stack = new ArrayDeque<>();
        if (symlink) {
            String[] parts = entryName.split("/");
            for (int i = 0; i < parts.length - 1; i++) {
                stack.addLast(parts[i]);
            }
        }
        for (String segment : target.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (stack.isEmpty()) {
                    return true;
                }
                stack.removeLast();
            } else {
                stack.addLast(segment);
            }
        }
        return false;
    }

    /** Resolves a symlink target against the link's directory inside the root; null when it escapes. */
    static String resolveSymlink(String entryName, String target, int maxNameBytes) {
        if (target == null || target.startsWith("/") || linkEscapes(entryName, target, true)) {
            return null;
        }
        int slash = entryName.lastIndexOf('/');
        String joined = slash < 0 ? target : entryName.substring(0, slash + 1) + target;
        Deque<String> stack = new ArrayDeque<>();
        for (String segment : joined.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                stack.pollLast();
            } else {
                stack.addLast(segment);
            }
        }
        Result r = normalize(String.join("/", stack), maxNameBytes);
        return r.ok() ? r.name() : null;
    }
}
