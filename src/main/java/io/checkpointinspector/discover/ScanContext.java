package io.checkpointinspector.discover;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** The state of one scan: its deadline, the rows found (one per real path), the notes. Not shared between scans. */
final class ScanContext {

    private final ScanLimits limits;
    private final long deadline;
    private final BooleanSupplier cancelled;
    private final Map<String, FoundCheckpoint> rows = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private boolean cutShort;
    private boolean timeNoted;

    ScanContext(ScanLimits limits, BooleanSupplier cancelled) {
        this.limits = limits;
        this.deadline = System.nanoTime() + limits.time().toNanos();
        this.cancelled = cancelled;
    }

    ScanLimits limits() {
        return limits;
    }

    /** Whether to stop: the user cancelled, or the time bound ran out (noted once). */
    boolean stop() {
        if (cancelled.getAsBoolean()) {
            return true;
        }
        if (System.nanoTime() - deadline >= 0) {
            if (!timeNoted) {
                timeNoted = true;
                cutShort = true;
                notes.add("the scan stopped at its time bound (" + limits.time().toSeconds()
                        + " s): places and files not reached by then are not listed");
            }
            return true;
        }
        return false;
    }

    boolean cancelledByUser() {
        return cancelled.getAsBoolean();
    }

    /** Adds row unless a row of the same key (the real path, or an image id) is there already. */
    void add(String key, FoundCheckpoint row) {
        rows.putIfAbsent(key, row);
    }

    void note(String note) {
        notes.add(note);
    }

    void cut(String note) {
        cutShort = true;
        notes.add(note);
    }

    /** The note for a place that cannot be read: missing, permission denied, not a folder. */
    void skipped(Place place, Exception e) {
        notes.add(place + ": skipped, " + reason(e));
    }

    static String reason(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "missing";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    List<FoundCheckpoint> rows() {
        return new ArrayList<>(rows.values());
    }

    List<String> notes() {
        return notes;
    }

    boolean cutShort() {
        return cutShort;
    }

    static String key(Path p) {
        try {
            return p.toRealPath().toString();
        } catch (java.io.IOException | SecurityException e) {
            return p.toAbsolutePath().normalize().toString();
        }
    }
}
