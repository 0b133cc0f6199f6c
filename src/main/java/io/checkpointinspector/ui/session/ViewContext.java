package io.checkpointinspector.ui.session;

import io.checkpointinspector.inspect.CheckpointContent;
import io.checkpointinspector.model.Checkpoint;
import java.util.concurrent.Executor;

/** What a view of an open checkpoint may use: the loaded model, on-demand content and the background executor. */
public record ViewContext(LoadedCheckpoint loaded, CheckpointContent content, Executor executor) {

    public Checkpoint checkpoint() {
        return loaded.checkpoint();
    }
}
