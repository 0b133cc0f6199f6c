package io.checkpointinspector.ui.session;

import io.checkpointinspector.inspect.CheckpointChain;
import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.inspect.ProcessForest;
import io.checkpointinspector.inspect.RootfsIndex;

/**
 * A checkpoint read by the engine plus what the views need prepared off the FX thread.
 *
 * @param checkpoint     the model the views show (with its parents when a chain is joined)
 * @param engineNanos    how long the engine took
 * @param engineDoneAt   System.nanoTime() when the engine returned
 * @param alone          the checkpoint's own model, before any parent was joined
 * @param chain          the pre-dump chain memory is read through, or null (the checkpoint alone)
 */
public record LoadedCheckpoint(Checkpoint checkpoint, ProcessForest processes, RootfsIndex rootfs,
        long engineNanos, long engineDoneAt, Checkpoint alone, CheckpointChain chain) {

    /** A checkpoint read alone. */
    public LoadedCheckpoint(Checkpoint checkpoint, ProcessForest processes, RootfsIndex rootfs, long engineNanos,
            long engineDoneAt) {
        this(checkpoint, processes, rootfs, engineNanos, engineDoneAt, checkpoint, null);
    }

    /** True when memory is read through at least one parent. */
    public boolean chained() {
        return chain != null && chain.usable();
    }
}
