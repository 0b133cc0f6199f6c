package io.checkpointinspector.ui.session;

import io.checkpointinspector.inspect.CheckpointContent;
import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.report.PinnedHit;
import io.checkpointinspector.ui.common.FailureLog;
import io.checkpointinspector.ui.common.LatestTask;
import java.util.concurrent.Executor;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * What a view of an open checkpoint may use: the loaded model, on-demand content, the background executor, the
 * window's failure log, and the memory search hits the user pinned for the report (kept by the checkpoint's
 * session, so they outlive a view; use from the FX thread). View models take their runners from {@link #runner()}.
 */
public record ViewContext(LoadedCheckpoint loaded, CheckpointContent content, Executor executor,
        FailureLog failures, ObservableList<PinnedHit> pinnedHits,
        javafx.beans.property.ObjectProperty<Integer> selectedPid) {

    /** pinnedHits starts empty; selectedPid too: the pid selected in Processes, which the Memory view follows. */
    /** With the tab's own list of pinned hits; selectedPid starts empty. */
    public ViewContext(LoadedCheckpoint loaded, CheckpointContent content, Executor executor, FailureLog failures,
            ObservableList<PinnedHit> pinnedHits) {
        this(loaded, content, executor, failures, pinnedHits, new javafx.beans.property.SimpleObjectProperty<>());
    }

    public ViewContext(LoadedCheckpoint loaded, CheckpointContent content, Executor executor, FailureLog failures) {
        this(loaded, content, executor, failures, FXCollections.observableArrayList(),
                new javafx.beans.property.SimpleObjectProperty<>());
    }

    public Checkpoint checkpoint() {
        return loaded.checkpoint();
    }

    /** The pre-dump chain memory is read through, or null (the checkpoint alone). */
    public io.checkpointinspector.inspect.CheckpointChain chain() {
        return loaded.chain();
    }

    /** Memory of the checkpoint, read through its chain when parents were opened with it. */
    public io.checkpointinspector.inspect.MemoryAccess memoryAccess() {
        return new io.checkpointinspector.inspect.MemoryAccess(content.path(), checkpoint(), loaded.chain());
    }

    /** A new runner for one job slot of a view model. */
    public LatestTask runner() {
        return new LatestTask(executor, failures);
    }
}
