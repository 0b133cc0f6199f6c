package io.checkpointinspector.ui.memory;

import io.checkpointinspector.criu.StringsScanner;
import io.checkpointinspector.inspect.MemoryAccess;
import io.checkpointinspector.inspect.MemoryFilter;
import io.checkpointinspector.inspect.MemoryString;
import io.checkpointinspector.inspect.StringsResult;
import io.checkpointinspector.text.Units;
import io.checkpointinspector.ui.common.ErrorText;
import io.checkpointinspector.ui.common.LatestTask;
import io.checkpointinspector.ui.session.ViewContext;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The Strings pane's state: the printable ASCII and UTF-16LE runs of one process's dumped memory, listed in the
 * background (one pass over its pages), and a filter over them.
 */
final class StringsViewModel {

    /** Runs listed at most; the status says when there are more. */
    static final int MAX_STRINGS = 50_000;
    static final int DEFAULT_MIN_LENGTH = 6;

    private final MemoryAccess access;
    private final LatestTask lister;
    private final ObservableList<MemoryString> all = FXCollections.observableArrayList();
    private final FilteredList<MemoryString> shown = new FilteredList<>(all, s -> true);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status",
            "Lists the printable strings of the selected process's dumped memory.");
    private StringsResult last;
    private String filter = "";

    StringsViewModel(ViewContext context) {
        access = context.memoryAccess();
        lister = context.runner();
        lister.messageProperty().addListener((o, a, m) -> {
            if (lister.isRunning() && m != null && !m.isEmpty()) {
                status.set(m);
            }
        });
    }

    ObservableList<MemoryString> strings() {
        return shown;
    }

    ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty runningProperty() {
        return lister.runningProperty();
    }

    ReadOnlyDoubleProperty progressProperty() {
        return lister.progressProperty();
    }

    /** Lists the strings of pid of at least minLength characters (replacing what is shown). */
    void list(int pid, int minLength) {
        all.clear();
        last = null;
        status.set("Reading the memory of PID " + pid + "…");
        lister.run(progress -> access.strings(MemoryFilter.of(pid), minLength, MAX_STRINGS, progress), r -> {
            last = r;
            all.setAll(r.strings());
            status.set(summary());
        }, error -> status.set(error instanceof CancellationException ? "Cancelled."
                : "Cannot list the strings: " + ErrorText.of(error)));
    }

    void cancel() {
        if (lister.cancel()) {
            status.set("Cancelled.");
        }
    }

    /** Nothing listed (another process was selected). */
    void clear(String why) {
        lister.cancel();
        all.clear();
        last = null;
        status.set(why);
    }

    /** Shows only strings containing text (case-insensitive), or every one for blank text. */
    void setFilter(String text) {
        filter = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        String f = filter;
        shown.setPredicate(f.isEmpty() ? s -> true : s -> s.text().toLowerCase(Locale.ROOT).contains(f));
        if (last != null) {
            status.set(summary());
        }
    }

    static String encoding(MemoryString s) {
        return s.encoding() == StringsScanner.Encoding.ASCII ? "ASCII" : "UTF-16LE";
    }

    private String summary() {
        StringsResult r = last;
        String n = Units.count(r.strings().size()) + (r.strings().size() == 1 ? " string" : " strings")
                + (r.capped() ? " (the first " + Units.count(MAX_STRINGS) + "; more exist)" : "") + " in "
                + Units.bytes(r.bytesSearched()) + " of dumped memory";
        String f = filter.isEmpty() ? "" : " · " + Units.count(shown.size()) + " contain \"" + filter + "\"";
        return n + f + (r.warnings().isEmpty() ? "" : " · " + String.join("; ", r.warnings()));
    }
}
