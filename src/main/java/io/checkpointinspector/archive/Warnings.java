package io.checkpointinspector.archive;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Thread-safe, de-duplicated, capped list of warnings (a repeated scan does not repeat them). */
final class Warnings {

    private final Set<String> messages = new LinkedHashSet<>();
    private final int max;
    private boolean overflowed;
    private String cut;

    Warnings(int max) {
        this.max = max;
    }

    synchronized void add(String message) {
        if (max == 0) {
            return;
        }
        if (messages.size() < max) {
            messages.add(message);
        } else if (!overflowed && !messages.contains(message)) {
            overflowed = true;
        }
    }

    /** The warning that the archive ends inside an entry or header; kept apart so that callers can ask for it. */
    synchronized void addCut(String message) {
        if (cut == null) {
            cut = message;
        }
        add(message);
    }

    /** The cut warning, or null when the archive is whole. */
    synchronized String cut() {
        return cut;
    }

    synchronized List<String> snapshot() {
        List<String> copy = new ArrayList<>(messages);
        if (overflowed) {
            copy.add("further warnings suppressed (more than " + max + ")");
        }
        return List.copyOf(copy);
    }

    /** A sink that drops everything, for probes whose findings are not reported. */
    static Warnings discarding() {
        return new Warnings(0);
    }
}
