package io.checkpointinspector.ui.session;

import io.checkpointinspector.inspect.CheckpointContent;
import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.report.PinnedHit;
import java.util.concurrent.Executor;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * What a view of an open checkpoint may use: the loaded model, on-demand content, the background executor and
 * the memory search hits the user pinned for the report (kept by the checkpoint's session, so they outlive a
 * view; use from the FX thread).
 */
public record ViewContext(LoadedCheckpoint loaded, CheckpointContent content, Executor executor,
        ObservableList<PinnedHit> pinnedHits) {

    public ViewContext(LoadedCheckpoint loaded, CheckpointContent content, Executor executor) {
        this(loaded, content, executor, FXCollections.observableArrayList());
    }

    public Checkpoint checkpoint() {
        return loaded.checkpoint();
    }
}
