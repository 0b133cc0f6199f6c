package io.checkpointinspector.ui.session;

import io.checkpointinspector.inspect.CheckpointContent;
import io.checkpointinspector.inspect.InspectListener;
import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.ui.common.ErrorText;
import io.checkpointinspector.text.Units;
import io.checkpointinspector.ui.processes.ProcessForest;
import io.checkpointinspector.ui.rootfs.RootfsIndex;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.concurrent.Task;

/**
 * One open checkpoint: loads it in the background with progress and cancel, then holds the result. The view
 * model behind a checkpoint tab; use from the FX thread.
 */
public final class CheckpointSession {

    public enum State { LOADING, LOADED, FAILED, CANCELLED }

    private final Path path;
    private final String title;
    private final CheckpointLoader loader;
    private final Executor executor;
    private final CheckpointContent content;
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.LOADING);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
    private final ReadOnlyStringWrapper currentEntry = new ReadOnlyStringWrapper(this, "currentEntry", "");
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
    private final ReadOnlyObjectWrapper<LoadedCheckpoint> loaded = new ReadOnlyObjectWrapper<>(this, "loaded");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final ReadOnlyLongWrapper shownAfterNanos = new ReadOnlyLongWrapper(this, "shownAfterNanos", -1);
    private Task<LoadedCheckpoint> task;

    public CheckpointSession(Path path, String title, CheckpointLoader loader, Executor executor) {
        this.path = path;
        this.title = title;
        this.loader = loader;
        this.executor = executor;
        this.content = new CheckpointContent(path);
    }

    public void start() {
        cancel();
        loaded.set(null);
        error.set(null);
        progress.set(-1);
        currentEntry.set("");
        progressText.set("");
        shownAfterNanos.set(-1);
        state.set(State.LOADING);
        Task<LoadedCheckpoint> t = new LoadTask(path, loader);
        t.progressProperty().addListener((o, a, b) -> {
            if (task == t) {
                progress.set(b.doubleValue());
            }
        });
        t.messageProperty().addListener((o, a, b) -> {
            if (task == t) {
                currentEntry.set(b);
            }
        });
        t.workDoneProperty().addListener((o, a, b) -> {
            if (task == t && t.getTotalWork() > 0) {
                progressText.set(Units.bytes((long) t.getWorkDone()) + " of " + Units.bytes((long) t.getTotalWork()));
            }
        });
        t.setOnSucceeded(e -> {
            if (task == t) {
                task = null;
                loaded.set(t.getValue());
                state.set(State.LOADED);
            }
        });
        t.setOnFailed(e -> {
            if (task == t) {
                task = null;
                error.set(ErrorText.of(t.getException()));
                state.set(State.FAILED);
            }
        });
        task = t;
        executor.execute(t);
    }

    /** Stops a running load; the engine notices at its next progress check. */
    public void cancel() {
        if (task != null) {
            Task<LoadedCheckpoint> t = task;
            task = null;
            t.cancel(false);
            state.set(State.CANCELLED);
        }
    }

    public void close() {
        cancel();
    }

    /** Called by the view once the Overview has been laid out on screen. */
    public void overviewShown(long nanoTime) {
        LoadedCheckpoint l = loaded.get();
        if (l != null && shownAfterNanos.get() < 0) {
            shownAfterNanos.set(nanoTime - l.engineDoneAt());
            if (Boolean.getBoolean("checkpointinspector.timing")) {
                System.err.printf(java.util.Locale.ROOT, "timing: %s: engine %.1f ms, overview shown %.1f ms later%n",
                        path, l.engineNanos() / 1e6, shownAfterNanos.get() / 1e6);
            }
        }
    }

    public Path path() {
        return path;
    }

    public String title() {
        return title;
    }

    public CheckpointContent content() {
        return content;
    }

    public Executor executor() {
        return executor;
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public State state() {
        return state.get();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty currentEntryProperty() {
        return currentEntry.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<LoadedCheckpoint> loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    public LoadedCheckpoint loaded() {
        return loaded.get();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty shownAfterNanosProperty() {
        return shownAfterNanos.getReadOnlyProperty();
    }

    /** Runs the engine and prepares the views' indexes, all off the FX thread. */
    private static final class LoadTask extends Task<LoadedCheckpoint> {

        private final Path path;
        private final CheckpointLoader loader;

        LoadTask(Path path, CheckpointLoader loader) {
            this.path = path;
            this.loader = loader;
        }

        @Override
        protected LoadedCheckpoint call() throws Exception {
            long start = System.nanoTime();
            Checkpoint checkpoint = loader.load(path, new InspectListener() {
                @Override
                public void progress(long bytesDone, long bytesTotal, String entry) {
                    updateProgress(bytesDone, bytesTotal);
                    updateMessage(entry == null ? "" : entry);
                }

                @Override
                public boolean isCancelled() {
                    return LoadTask.this.isCancelled();
                }
            });
            long done = System.nanoTime();
            return new LoadedCheckpoint(checkpoint, ProcessForest.of(checkpoint.processes()),
                    RootfsIndex.of(checkpoint.rootfsDiff()), done - start, done);
        }
    }
}
