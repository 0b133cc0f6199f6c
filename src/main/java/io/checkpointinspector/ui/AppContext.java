package io.checkpointinspector.ui;

import io.checkpointinspector.ui.session.CheckpointLoader;
import java.util.concurrent.ExecutorService;

/** What the window is built from; tests pass their own preferences node, loader and executor. */
public record AppContext(AppPreferences prefs, ExecutorService executor, CheckpointLoader loader,
        DemoCheckpoint demo) {
}
