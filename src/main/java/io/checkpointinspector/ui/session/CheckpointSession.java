package io.checkpointinspector.ui.session;

import io.checkpointinspector.inspect.CheckpointContent;
import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.ui.common.ErrorText;
import io.checkpointinspector.ui.common.FailureLog;
import io.checkpointinspector.ui.common.LatestTask;
import io.checkpointinspector.text.Units;
import io.checkpointinspector.inspect.ProcessForest;
import io.checkpointinspector.inspect.RootfsIndex;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.binding.StringExpression;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

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
    private final FailureLog failures;
    private final LatestTask runner;
    private final StringBinding progressText;
    private final ReadOnlyObjectWrapper<LoadedCheckpoint> loaded = new ReadOnlyObjectWrapper<>(this, "loaded");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final ReadOnlyLongWrapper shownAfterNanos = new ReadOnlyLongWrapper(this, "shownAfterNanos", -1);
    private final javafx.collections.ObservableList<io.checkpointinspector.report.PinnedHit> pinnedHits =
            javafx.collections.FXCollections.observableArrayList();

    public CheckpointSession(Path path, String title, CheckpointLoader loader, Executor executor,
            FailureLog failures) {
        this.path = path;
        this.title = title;
        this.loader = loader;
        this.executor = executor;
        this.content = new CheckpointContent(path);
        this.failures = failures;
        this.runner = new LatestTask(executor, failures);
        this.progressText = Bindings.createStringBinding(() -> runner.totalWorkProperty().get() > 0
                ? Units.bytes(runner.workDoneProperty().get()) + " of " + Units.bytes(runner.totalWorkProperty().get())
                : "", runner.workDoneProperty(), runner.totalWorkProperty());
    }

    public void start() {
        cancel();
        loaded.set(null);
        error.set(null);
        shownAfterNanos.set(-1);
        state.set(State.LOADING);
        runner.run(progress -> load(path, loader, progress), l -> {
            loaded.set(l);
            state.set(State.LOADED);
        }, e -> {
            error.set(ErrorText.of(e));
            state.set(State.FAILED);
        });
    }

    /** Stops a running load; the engine notices at its next progress check. */
    public void cancel() {
        if (runner.cancel()) {
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

    /** Memory search hits pinned for the report, in the order pinned; kept while the checkpoint is open. */
    public javafx.collections.ObservableList<io.checkpointinspector.report.PinnedHit> pinnedHits() {
        return pinnedHits;
    }

    public CheckpointContent content() {
        return content;
    }

    public Executor executor() {
        return executor;
    }

    /** Where the window keeps the stack traces of unexpected failures. */
    public FailureLog failures() {
        return failures;
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public State state() {
        return state.get();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return runner.progressProperty();
    }

    /** The entry being read. */
    public ReadOnlyStringProperty currentEntryProperty() {
        return runner.messageProperty();
    }

    /** "12.0 MiB of 1.07 GiB" while the size is known, else "". */
    public StringExpression progressTextProperty() {
        return progressText;
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
    private static LoadedCheckpoint load(Path path, CheckpointLoader loader, LatestTask.Progress progress)
            throws Exception {
        long start = System.nanoTime();
        Checkpoint checkpoint = loader.load(path, progress);
        long done = System.nanoTime();
        return new LoadedCheckpoint(checkpoint, ProcessForest.of(checkpoint.processes()),
                RootfsIndex.of(checkpoint.rootfsDiff()), done - start, done);
    }
}
