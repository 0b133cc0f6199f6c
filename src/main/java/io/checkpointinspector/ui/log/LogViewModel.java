package io.checkpointinspector.ui.log;

import io.checkpointinspector.inspect.CheckpointContent;
import io.checkpointinspector.model.ImageEntry;
import io.checkpointinspector.text.Units;
import io.checkpointinspector.ui.common.ErrorText;
import io.checkpointinspector.ui.common.FailureLog;
import io.checkpointinspector.ui.common.LatestTask;
import io.checkpointinspector.ui.common.Shown;
import io.checkpointinspector.ui.session.ViewContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.WeakListChangeListener;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The Log view's state: the logs of the checkpoint and, once it holds something, the window's own failure log;
 * the lines of the chosen one, read in the background.
 */
final class LogViewModel {

    /** Bytes of a log shown; CRIU's dump.log at the default level stays far below. */
    static final int LOG_BYTES = 16 << 20;

    private final CheckpointContent content;
    private final FailureLog failures;
    private final ObservableList<String> names;
    private final LatestTask reader;
    private final ReadOnlyObjectWrapper<Shown<List<String>>> lines = new ReadOnlyObjectWrapper<>(this, "lines");
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note", "");
    private String shown;
    private final ListChangeListener<String> onFailure;

    LogViewModel(ViewContext context) {
        content = context.content();
        reader = context.runner();
        failures = context.failures();
        names = FXCollections.observableArrayList(logNames(context.checkpoint().entries()));
        lines.set(Shown.message("This checkpoint holds no dump.log and no container log."));
        if (!failures.lines().isEmpty()) {
            names.add(FailureLog.NAME);
        }
        onFailure = c -> {
            if (!names.contains(FailureLog.NAME)) {
                names.add(FailureLog.NAME);
            }
            if (FailureLog.NAME.equals(shown)) {
                showFailures();
            }
        };
        // weakly: the failure log outlives this checkpoint's tab
        failures.lines().addListener(new WeakListChangeListener<>(onFailure));
    }

    /** The logs, most useful first; the window's failure log last, added when it first holds something. */
    ObservableList<String> names() {
        return names;
    }

    /** The lines of the chosen log, or what stands in their place. */
    ReadOnlyObjectProperty<Shown<List<String>>> linesProperty() {
        return lines.getReadOnlyProperty();
    }

    /** "1,234 lines, 80.2 KiB" about the log read last. */
    ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }

    void load(String name) {
        shown = name;
        if (name == null) {
            return;
        }
        if (name.equals(FailureLog.NAME)) {
            reader.cancel();
            showFailures();
            return;
        }
        lines.set(Shown.message("Reading " + name + "…"));
        reader.run(cancelled -> content.bytes(name, LOG_BYTES, cancelled), bytes -> {
            String text = new String(bytes.data(), StandardCharsets.UTF_8);
            List<String> split = new ArrayList<>(List.of(text.split("\r?\n", -1)));
            if (!split.isEmpty() && split.get(split.size() - 1).isEmpty()) {
                split.remove(split.size() - 1);
            }
            note.set(Units.count(split.size()) + " lines, " + Units.bytes(bytes.size())
                    + (bytes.truncated() ? " (first " + Units.bytes(bytes.data().length) + " shown)" : ""));
            lines.set(split.isEmpty() ? Shown.message(name + " is empty.") : Shown.value(split));
        }, error -> lines.set(Shown.message("Cannot read " + name + ":\n" + ErrorText.of(error))));
    }

    private void showFailures() {
        List<String> logged = List.copyOf(failures.lines());
        note.set(Units.count(logged.size()) + " lines: unexpected failures of this window"
                + (failures.file() == null ? "" : ", also in " + failures.file()));
        lines.set(Shown.value(logged));
    }

    /** Logs first by how useful they are: CRIU's dump.log, then the container's, then the rest. */
    private static final java.util.regex.Pattern ERROR = java.util.regex.Pattern.compile(
            "\\bError \\(|\\bERROR\\b|level=(error|fatal)|\\bError:|\\bFATAL\\b");
    private static final java.util.regex.Pattern WARNING = java.util.regex.Pattern.compile(
            "\\bWarn +\\(|\\bWARN(ING)?\\b|level=warn(ing)?|\\bWarning:");

    /**
     * "error", "warning" or null for a log line: CRIU writes "Error (file:line): ..." and "Warn  (file:line): ...",
     * Podman and conmon "level=error" and friends.
     */
    static String severity(String line) {
        if (ERROR.matcher(line).find()) {
            return "error";
        }
        return WARNING.matcher(line).find() ? "warning" : null;
    }

    static List<String> logNames(List<ImageEntry> entries) {
        List<String> names = new ArrayList<>();
        for (ImageEntry e : entries) {
            String n = e.name();
            String base = n.substring(n.lastIndexOf('/') + 1);
            if (base.endsWith(".log") && (e.imageType() == null || !e.imageType().startsWith("link to"))) {
                names.add(n);
            }
        }
        names.sort((a, b) -> Integer.compare(rank(a), rank(b)));
        return names;
    }

    private static int rank(String name) {
        return name.endsWith("dump.log") ? 0 : name.endsWith("ctr.log") ? 1 : 2;
    }
}
