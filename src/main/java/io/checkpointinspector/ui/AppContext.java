package io.checkpointinspector.ui;

import io.checkpointinspector.discover.CheckpointSearch;
import io.checkpointinspector.ui.common.FailureLog;
import io.checkpointinspector.ui.session.CheckpointLoader;
import java.util.concurrent.ExecutorService;

/**
 * What the window is built from; tests pass their own preferences node, loader, executor and failure log (the
 * window keeps the stack traces of unexpected failures there), and where the welcome screen looks for checkpoints.
 */
public record AppContext(AppPreferences prefs, ExecutorService executor, CheckpointLoader loader,
        DemoCheckpoint demo, FailureLog failures, CheckpointSearch search) {
}
