package io.checkpointinspector.ui.session;

import io.checkpointinspector.inspect.CheckpointContent;
import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.ui.common.ErrorText;
import io.checkpointinspector.ui.common.FailureLog;
import io.checkpointinspector.ui.common.LatestTask;
import io.checkpointinspector.text.Units;
import io.checkpointinspector.inspect.ProcessForest;
import io.checkpointinspector.inspect.RootfsIndex;
import io.checkpointinspector.inspect.ChainGroups;
import io.checkpointinspector.inspect.CheckpointChain;
import java.nio.file.Path;
import java.util.List;
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
    private final List<Path> parents = new java.util.ArrayList<>();
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
        List<Path> chain = List.copyOf(parents);
        runner.run(progress -> load(path, loader, chain, progress), l -> {
            loaded.set(l);
            state.set(State.LOADED);
        }, e -> {
            error.set(ErrorText.of(e));
            state.set(State.FAILED);
        });
    }

    /**
     * Reads the checkpoint's memory through more parents (nearest first, after the ones already joined), in the
     * background; the checkpoint's own model is kept, only the chain is read. Cancel goes back to what was shown.
     */
    public void addParents(List<Path> more) {
        addParents(more, false);
    }

    /**
     * As above; order: first read each new parent on its own and put them nearest first by what they say
     * ({@link ChainGroups}), for parents chosen together in any order.
     */
    public void addParents(List<Path> more, boolean order) {
        LoadedCheckpoint before = loaded.get();
        if (before == null || state.get() != State.LOADED) {
            return;
        }
        List<Path> previous = List.copyOf(parents);
        for (Path p : more) {
            Path normal = p.toAbsolutePath().normalize();
            if (!normal.equals(path) && !parents.contains(normal)) {
                parents.add(normal);
            }
        }
        if (parents.equals(previous)) {
            return;
        }
        List<Path> added = List.copyOf(parents.subList(previous.size(), parents.size()));
        beforeJoin = new Joining(before, previous);
        state.set(State.LOADING);
        runner.run(progress -> {
            List<Path> chain = new java.util.ArrayList<>(previous);
            chain.addAll(order && added.size() > 1 ? ordered(before.alone(), added, progress) : added);
            return join(path, before.alone(), chain, before.engineNanos(), before.engineDoneAt(), progress);
        }, l -> {
                    beforeJoin = null;
                    loaded.set(l);
                    state.set(State.LOADED);
                }, e -> {
                    beforeJoin = null;
                    error.set(ErrorText.of(e));
                    state.set(State.FAILED);
                });
    }

    /** added read one by one, nearest first; one that cannot be read goes last (joining it then says why). */
    private List<Path> ordered(Checkpoint child, List<Path> added, LatestTask.Progress progress) throws Exception {
        List<ChainGroups.Candidate> read = new java.util.ArrayList<>();
        List<Path> unreadable = new java.util.ArrayList<>();
        for (Path p : added) {
            try {
                read.add(new ChainGroups.Candidate(p, loader.load(p, progress)));
            } catch (java.io.IOException e) {
                unreadable.add(p);
            }
        }
        List<Path> out = new java.util.ArrayList<>(ChainGroups.nearestFirst(new ChainGroups.Candidate(path, child),
                read));
        out.addAll(unreadable);
        return out;
    }

    /** What was shown before parents were added, to go back to when that is cancelled. */
    private record Joining(LoadedCheckpoint loaded, List<Path> parents) {
    }

    private Joining beforeJoin;

    /** The parents named for this checkpoint, nearest first (a parent inside the source is not listed). */
    public List<Path> parents() {
        return List.copyOf(parents);
    }

    /** Stops a running load; the engine notices at its next progress check. */
    public void cancel() {
        if (runner.cancel()) {
            Joining j = beforeJoin;
            beforeJoin = null;
            if (j != null) {
                parents.clear();
                parents.addAll(j.parents());
                loaded.set(j.loaded());
                state.set(State.LOADED);
            } else {
                state.set(State.CANCELLED);
            }
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

    /** Runs the engine, joins the parents, and prepares the views' indexes, all off the FX thread. */
    private static LoadedCheckpoint load(Path path, CheckpointLoader loader, List<Path> parents,
            LatestTask.Progress progress) throws Exception {
        long start = System.nanoTime();
        Checkpoint checkpoint = loader.load(path, progress);
        long done = System.nanoTime();
        return join(path, checkpoint, parents, done - start, done, progress);
    }

    /**
     * alone read through parents (and through a parent inside its own source). A parent that cannot be opened at
     * all is said as a warning: the checkpoint is still shown alone.
     */
    private static LoadedCheckpoint join(Path path, Checkpoint alone, List<Path> parents, long engineNanos,
            long engineDoneAt, LatestTask.Progress progress) throws Exception {
        Checkpoint shown = alone;
        CheckpointChain chain = null;
        if (!parents.isEmpty() || CheckpointChain.parentInSource(alone)) {
            progress.updateProgress(-1, 1);
            progress.updateMessage(parents.isEmpty() ? "Reading the parent inside " + path.getFileName()
                    : "Joining the parent " + parents.get(0) + (parents.size() > 1 ? " and " + (parents.size() - 1)
                            + " more" : ""));
            try {
                chain = CheckpointChain.open(path, alone, parents);
                shown = chain.apply(alone);
            } catch (java.io.IOException e) {
                shown = alone.withParents(List.of(), List.of("the parent checkpoint cannot be read, memory kept in "
                        + "the parent stays unread: " + ErrorText.of(e)));
            }
            if (progress.isCancelled()) {
                throw new java.util.concurrent.CancellationException();
            }
        }
        return new LoadedCheckpoint(shown, ProcessForest.of(shown.processes()), RootfsIndex.of(shown.rootfsDiff()),
                engineNanos, engineDoneAt, alone, chain);
    }
}
