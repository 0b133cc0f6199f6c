package io.checkpointinspector.ui.session;

import io.checkpointinspector.inspect.CheckpointContent;
import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.ui.common.FailureLog;
import io.checkpointinspector.ui.common.LatestTask;
import java.util.concurrent.Executor;

/**
 * What a view of an open checkpoint may use: the loaded model, on-demand content, the background executor and the
 * window's failure log. View models take their runners from {@link #runner()}.
 */
public record ViewContext(LoadedCheckpoint loaded, CheckpointContent content, Executor executor,
        FailureLog failures) {

    public Checkpoint checkpoint() {
        return loaded.checkpoint();
    }

    /** A new runner for one job slot of a view model. */
    public LatestTask runner() {
        return new LatestTask(executor, failures);
    }
}
