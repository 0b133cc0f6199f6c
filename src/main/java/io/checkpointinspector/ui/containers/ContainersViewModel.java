package io.checkpointinspector.ui.containers;

import io.checkpointinspector.runtime.CheckpointOptions;
import io.checkpointinspector.runtime.CheckpointResult;
import io.checkpointinspector.runtime.ContainerInfo;
import io.checkpointinspector.runtime.HelperClient;
import io.checkpointinspector.runtime.HelperClientFactory;
import io.checkpointinspector.runtime.HelperException;
import io.checkpointinspector.runtime.HelperInfo;
import io.checkpointinspector.runtime.RestoreOptions;
import io.checkpointinspector.runtime.RestoreResult;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import javafx.concurrent.WorkerStateEvent;

/**
 * The Containers panel's state: the helper (started on first use, in the background), what it said in hello, the
 * container list, the helper's log and the reason checkpoint/restore cannot work. Every helper call runs as a
 * Task on the executor; properties change on the FX thread only.
 */
public final class ContainersViewModel {

    private final HelperClientFactory factory;
    private final Executor executor;
    private final ObservableList<ContainerInfo> containers = FXCollections.observableArrayList();
    private final ObservableList<String> log = FXCollections.observableArrayList();
    private final ObjectProperty<HelperInfo> info = new SimpleObjectProperty<>();
    /** What {@link #unavailableProperty()} says before the first answer from the helper. */
    public static final String NOT_CONNECTED = "not connected to the helper yet";

    private final StringProperty unavailable = new SimpleStringProperty(NOT_CONNECTED);
    private final BooleanProperty busy = new SimpleBooleanProperty();
    /** The task run last; touched on the FX thread only. */
    private Task<?> running;
    private final StringProperty status = new SimpleStringProperty("");
    private HelperClient client;

    public ContainersViewModel(HelperClientFactory factory, Executor executor) {
        this.factory = factory;
        this.executor = executor;
    }

    public ObservableList<ContainerInfo> containers() {
        return containers;
    }

    public ObservableList<String> log() {
        return log;
    }

    public ReadOnlyObjectProperty<HelperInfo> infoProperty() {
        return info;
    }

    /** Why checkpoint and restore cannot work at all, or null. */
    public ReadOnlyStringProperty unavailableProperty() {
        return unavailable;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status;
    }

    /** Why Checkpoint… cannot work for c (null: it can). */
    public String checkpointBlocked(ContainerInfo c) {
        if (unavailable.get() != null) {
            return unavailable.get();
        }
        if (busy.get()) {
            return "the helper is busy";
        }
        if (c == null) {
            return "select a container to checkpoint";
        }
        if (!c.running()) {
            return "container " + c.name() + " is not running (" + c.state() + ")";
        }
        return null;
    }

    /** Why Restore… cannot work (null: it can). */
    public String restoreBlocked() {
        if (unavailable.get() != null) {
            return unavailable.get();
        }
        return busy.get() ? "the helper is busy" : null;
    }

    /** Connects if needed, asks hello once, lists the containers. */
    public Task<List<ContainerInfo>> refresh() {
        return refresh(null);
    }

    /** done: what just finished ("restored web"), kept in the status line with the count; null: nothing. */
    private Task<List<ContainerInfo>> refresh(String done) {
        Task<List<ContainerInfo>> task = new Task<>() {
            @Override
            protected List<ContainerInfo> call() throws IOException {
                HelperClient c = client();
                HelperInfo hello = c.hello();
                Platform.runLater(() -> {
                    info.set(hello);
                    unavailable.set(hello.unusableReason());
                });
                return hello.podmanPresent() ? c.list() : List.of();
            }
        };
        run(task, "listing containers", list -> {
            containers.setAll(list);
            status.set((done == null ? "" : done + " · ") + list.size()
                    + (list.size() == 1 ? " container" : " containers"));
        });
        return task;
    }

    public Task<CheckpointResult> checkpoint(CheckpointOptions options) {
        Task<CheckpointResult> task = new Task<>() {
            @Override
            protected CheckpointResult call() throws IOException {
                return client().checkpoint(options, line -> Platform.runLater(() -> log.add(line)));
            }
        };
        run(task, "checkpointing " + options.container(), r -> {
            String done = "checkpointed " + r.container() + (r.export() == null ? "" : " to " + r.export());
            status.set(done);
            refresh(done);
        });
        return task;
    }

    public Task<RestoreResult> restore(RestoreOptions options) {
        Task<RestoreResult> task = new Task<>() {
            @Override
            protected RestoreResult call() throws IOException {
                return client().restore(options, line -> Platform.runLater(() -> log.add(line)));
            }
        };
        run(task, "restoring", r -> {
            String done = "restored " + r.name() + " (" + r.state() + ")";
            status.set(done);
            refresh(done);
        });
        return task;
    }

    /** Stops the helper. */
    public void close() {
        HelperClient c;
        synchronized (this) {
            c = client;
            client = null;
        }
        if (c != null) {
            c.close();
        }
    }

    private synchronized HelperClient client() throws IOException {
        if (client == null) {
            client = factory.start(line -> Platform.runLater(() -> log.add(line)));
        }
        return client;
    }

    /**
     * Runs task on the executor. The model's handlers are event handlers added here, before the caller sees the
     * task, so they run before any the caller adds (and a caller's setOnSucceeded cannot replace them).
     */
    /** Cancels the request running now, if any: the task's thread is interrupted, which cancels it at the helper. */
    public void cancel() {
        Task<?> task = running;
        if (task != null && task.isRunning()) {
            task.cancel(true);
        }
    }

    private <T> void run(Task<T> task, String what, java.util.function.Consumer<T> onSuccess) {
        running = task;
        busy.set(true);
        status.set(what + "…");
        task.addEventHandler(WorkerStateEvent.WORKER_STATE_SUCCEEDED, e -> {
            busy.set(false);
            onSuccess.accept(task.getValue());
        });
        task.addEventHandler(WorkerStateEvent.WORKER_STATE_FAILED, e -> {
            busy.set(false);
            Throwable ex = task.getException();
            String message = ex.getMessage() == null ? ex.toString() : ex.getMessage();
            status.set(what + " failed: " + message);
            log.add("error: " + message);
            if (ex instanceof HelperException h && h.kind() != HelperException.Kind.FAILED
                    && h.kind() != HelperException.Kind.REFUSED && h.kind() != HelperException.Kind.CANCELLED) {
                close(); // the helper is gone or never came: start afresh on the next refresh
                info.set(null);
            }
            if (info.get() == null) {
                // never reached the helper: nothing can work until a refresh succeeds
                unavailable.set(message);
            }
        });
        task.addEventHandler(WorkerStateEvent.WORKER_STATE_CANCELLED, e -> {
            busy.set(false);
            status.set(what + " cancelled");
        });
        executor.execute(task);
    }
}
