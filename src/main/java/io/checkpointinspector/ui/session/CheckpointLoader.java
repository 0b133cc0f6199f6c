package io.checkpointinspector.ui.session;

import io.checkpointinspector.inspect.CheckpointInspector;
import io.checkpointinspector.inspect.InspectListener;
import io.checkpointinspector.model.Checkpoint;
import java.io.IOException;
import java.nio.file.Path;

/** Reads a checkpoint into the model; the window uses the engine, tests may slow it down or fake it. */
@FunctionalInterface
public interface CheckpointLoader {

    Checkpoint load(Path path, InspectListener listener) throws IOException;

    static CheckpointLoader engine() {
        CheckpointInspector inspector = new CheckpointInspector();
        return inspector::inspect;
    }
}
