package io.checkpointinspector.ui.welcome;

import io.checkpointinspector.discover.CheckpointSearch;
import io.checkpointinspector.discover.FoundCheckpoint;
import io.checkpointinspector.discover.ScanReport;
import io.checkpointinspector.text.Units;
import io.checkpointinspector.ui.common.FailureLog;
import io.checkpointinspector.ui.common.LatestTask;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The welcome screen's "Checkpoints on this machine": runs the search in the background (a new refresh cancels the
 * one before), keeps its rows, a one-line summary and the notes of places it skipped. Use from the FX thread.
 */
public final class MachineCheckpointsModel {

    private final CheckpointSearch search;
    private final Supplier<List<String>> recent;
    private final LatestTask runner;
    private final ObservableList<FoundCheckpoint> rows = FXCollections.observableArrayList();
    private final ObservableList<String> notes = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private boolean searched;

    /** recent: the recent checkpoints as stored, read at each refresh (their folders are searched too). */
    public MachineCheckpointsModel(CheckpointSearch search, Supplier<List<String>> recent, Executor executor,
            FailureLog failures) {
        this.search = search;
        this.recent = recent;
        this.runner = new LatestTask(executor, failures);
    }

    /** Searches once, the first time the welcome screen is shown; later searches are the user's Refresh. */
    public void searchOnce() {
        if (!searched) {
            refresh();
        }
    }

    public void refresh() {
        searched = true;
        List<String> places = List.copyOf(recent.get());
        summary.set("Looking for checkpoints…");
        runner.run(progress -> search.search(places, progress), this::show,
                e -> summary.set("The search failed: " + (e.getMessage() == null ? e.toString() : e.getMessage())));
    }

    public void cancel() {
        if (runner.cancel()) {
            summary.set("Search cancelled.");
        }
    }

    private void show(ScanReport report) {
        rows.setAll(report.rows());
        notes.setAll(report.notes());
        summary.set(summaryOf(report));
    }

    static String summaryOf(ScanReport report) {
        StringBuilder sb = new StringBuilder()
                .append(Units.count(report.rows().size(), "checkpoint", "checkpoints")).append(" in ")
                .append(Units.count(report.places().size(), "place", "places")).append(" (")
                .append(report.elapsedMillis()).append(" ms)");
        if (!report.notes().isEmpty()) {
            sb.append(" · ").append(Units.count(report.notes().size(), "note", "notes"));
        }
        return sb.toString();
    }

    /** What opens the row in the window, or null (an image in a store nothing here reads as a file). */
    public static Path openable(FoundCheckpoint row) {
        return row == null || row.path() == null ? null : Path.of(row.path());
    }

    public ObservableList<FoundCheckpoint> rows() {
        return rows;
    }

    public ObservableList<String> notes() {
        return notes;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return runner.runningProperty();
    }
}
