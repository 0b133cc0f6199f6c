package io.checkpointinspector.ui.report;

import io.checkpointinspector.cli.JsonOutput;
import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.report.HtmlReport;
import io.checkpointinspector.report.PinnedHit;
import io.checkpointinspector.report.ReportData;
import io.checkpointinspector.report.ReportFiles;
import io.checkpointinspector.report.Reports;
import io.checkpointinspector.ui.common.ErrorText;
import io.checkpointinspector.ui.common.LatestTask;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * File → Export report…: hashes the source and writes the report of an open checkpoint (with its pinned memory
 * hits) in the background; HTML, or JSON when the chosen name ends in .json. Use from the FX thread.
 */
public final class ReportExport {

    public enum State { WORKING, DONE, FAILED }

    private final LatestTask runner;
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.WORKING);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");

    public ReportExport(Executor executor, io.checkpointinspector.ui.common.FailureLog failures) {
        this.runner = new LatestTask(executor, failures);
    }

    public void start(Checkpoint checkpoint, Path source, List<PinnedHit> pinned, Path target) {
        List<PinnedHit> hits = List.copyOf(pinned);
        state.set(State.WORKING);
        status.set("Taking the SHA-256 of " + source + "…");
        runner.run(progress -> {
            ReportData data = new Reports(Clock.systemUTC()).of(checkpoint, source, hits, progress);
            String name = target.getFileName() == null ? "" : target.getFileName().toString();
            String text = name.toLowerCase(java.util.Locale.ROOT).endsWith(".json")
                    ? JsonOutput.writeValue(Reports.jsonModel(data)) + "\n" : new HtmlReport(false).render(data);
            ReportFiles.write(target, source, text);
            return data;
        }, data -> {
            status.set("Wrote " + target + " (" + hits.size() + " pinned hit" + (hits.size() == 1 ? "" : "s")
                    + "; SHA-256 of the source " + (data.sourceSha256() == null ? "not taken: " + data.hashNote()
                    : data.sourceSha256()) + ")");
            state.set(State.DONE);
        }, e -> {
            status.set(e instanceof CancellationException ? "Cancelled: nothing was written."
                    : "The report could not be written: " + ErrorText.of(e));
            state.set(State.FAILED);
        });
    }

    /** Stops the export; a report not yet being written is not written. */
    public void cancel() {
        if (runner.cancel()) {
            status.set("Cancelled: nothing was written.");
            state.set(State.FAILED);
        }
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return runner.runningProperty();
    }
}
