package io.checkpointinspector.ui.session;

import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.inspect.ProcessForest;
import io.checkpointinspector.inspect.RootfsIndex;

/**
 * A checkpoint read by the engine plus what the views need prepared off the FX thread.
 *
 * @param engineNanos    how long the engine took
 * @param engineDoneAt   System.nanoTime() when the engine returned
 */
public record LoadedCheckpoint(Checkpoint checkpoint, ProcessForest processes, RootfsIndex rootfs,
        long engineNanos, long engineDoneAt) {
}
