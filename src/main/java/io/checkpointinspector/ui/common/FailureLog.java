package io.checkpointinspector.ui.common;

import io.checkpointinspector.text.FailureText;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The window's own log: every unexpected failure (a bug of ours, see {@link FailureText#unexpected}) with its stack
 * trace, shown in the Log view and appended to a file under the user's state directory, so that a bug report can
 * carry it. Failures that are properties of the input (a damaged archive) are not bugs and are not logged here.
 */
public final class FailureLog {

    /** The name the Log view lists this log under. */
    public static final String NAME = "Checkpoint Inspector (this window)";
    /** A log file larger than this is started afresh by the next failure. */
    static final long MAX_FILE_BYTES = 1 << 20;

    private final Path file;
    private final ObservableList<String> lines = FXCollections.observableArrayList();

    /** file: where the log is appended, or null to keep it in memory only. */
    public FailureLog(Path file) {
        this.file = file;
    }

    /** $XDG_STATE_HOME/checkpoint-inspector/window.log, else ~/.local/state/checkpoint-inspector/window.log. */
    public static Path defaultFile() {
        String state = System.getenv("XDG_STATE_HOME");
        Path dir = state != null && !state.isBlank() && Path.of(state).isAbsolute() ? Path.of(state)
                : Path.of(System.getProperty("user.home"), ".local", "state");
        return dir.resolve("checkpoint-inspector").resolve("window.log");
    }

    /** The log file, or null. */
    public Path file() {
        return file;
    }

    /** The lines logged so far, in order; changed on the FX thread. */
    public ObservableList<String> lines() {
        return lines;
    }

    /** Logs t with its stack trace if it is unexpected; where: what the window was doing. Any thread. */
    public void record(String where, Throwable t) {
        if (!FailureText.unexpected(t)) {
            return;
        }
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        String entry = Instant.now().truncatedTo(ChronoUnit.MILLIS) + "  " + where + ": " + FailureText.of(t) + "\n"
                + trace;
        List<String> entryLines = List.of(entry.split("\r?\n"));
        String fileNote = append(entry);
        Runnable add = () -> {
            lines.addAll(entryLines);
            if (fileNote != null) {
                lines.add(fileNote);
            }
        };
        if (Platform.isFxApplicationThread()) {
            add.run();
        } else {
            Platform.runLater(add);
        }
    }

    /** Appends to the file; null, or a line saying why it could not. */
    private synchronized String append(String entry) {
        if (file == null) {
            return null;
        }
        try {
            Files.createDirectories(file.getParent());
            boolean afresh = Files.exists(file) && Files.size(file) > MAX_FILE_BYTES;
            Files.writeString(file, entry, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, afresh ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND);
            return null;
        } catch (IOException | SecurityException e) {
            return "(not written to " + file + ": " + FailureText.of(e) + ")";
        }
    }
}
