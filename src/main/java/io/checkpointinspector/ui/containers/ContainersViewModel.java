package io.checkpointinspector.ui.containers;

import io.checkpointinspector.runtime.CheckpointOptions;
import io.checkpointinspector.runtime.CheckpointResult;
import io.checkpointinspector.runtime.ContainerInfo;
import io.checkpointinspector.runtime.ContainerListing;
import io.checkpointinspector.runtime.HelperClient;
import io.checkpointinspector.runtime.HelperClientFactory;
import io.checkpointinspector.runtime.HelperException;
import io.checkpointinspector.runtime.HelperInfo;
import io.checkpointinspector.runtime.RestoreOptions;
import io.checkpointinspector.runtime.RestoreResult;
import io.checkpointinspector.ui.common.ErrorText;
import io.checkpointinspector.ui.common.FailureLog;
import io.checkpointinspector.ui.common.LatestTask;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
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

/**
 * The Containers panel's state: the helper (started on first use, in the background), what it said in hello, the
 * container list, the helper's log and the reason checkpoint/restore cannot work. Every helper call runs on the
 * panel's one runner; properties change on the FX thread only.
 */
public final class ContainersViewModel {

    private final HelperClientFactory factory;
    private final ObservableList<ContainerInfo> containers = FXCollections.observableArrayList();
    private final ObservableList<String> log = FXCollections.observableArrayList();
    private final ObservableList<String> notes = FXCollections.observableArrayList();
    private final ObjectProperty<HelperInfo> info = new SimpleObjectProperty<>();
    /** What {@link #unavailableProperty()} says before the first answer from the helper. */
    public static final String NOT_CONNECTED = "not connected to the helper yet";

    private final StringProperty unavailable = new SimpleStringProperty(NOT_CONNECTED);
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final ObjectProperty<CheckpointResult> checkpointed = new SimpleObjectProperty<>();
    private boolean lastCheckpointContainerd;
    private final ObjectProperty<RestoreResult> restored = new SimpleObjectProperty<>();
    private final ObjectProperty<Failure> failure = new SimpleObjectProperty<>();
    private final LatestTask runner;
    /** What the request running now does ("restoring"), for the status line. */
    private String runningWhat;
    private final StringProperty status = new SimpleStringProperty("");
    private HelperClient client;

    public ContainersViewModel(HelperClientFactory factory, Executor executor) {
        this(factory, executor, null);
    }

    /** failures: where the stack trace of an unexpected failure is kept, or null. */
    public ContainersViewModel(HelperClientFactory factory, Executor executor, FailureLog failures) {
        this.factory = factory;
        this.runner = LatestTask.interrupting(executor, failures);
    }

    public ObservableList<ContainerInfo> containers() {
        return containers;
    }

    public ObservableList<String> log() {
        return log;
    }

    /** The last listing's notes: a runtime missing or not answering, containerd namespaces not handled. */
    public ObservableList<String> notes() {
        return notes;
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

    /** The checkpoint finished last (set once per finished checkpoint, after the model's own update), or null. */
    public ReadOnlyObjectProperty<CheckpointResult> checkpointedProperty() {
        return checkpointed;
    }

    /** The checkpoint finished last went through containerd (ctr: an image always, ctr's figures only). */
    public boolean lastCheckpointContainerd() {
        return lastCheckpointContainerd;
    }

    /** The restore finished last, like checkpointedProperty. */
    public ReadOnlyObjectProperty<RestoreResult> restoredProperty() {
        return restored;
    }

    /** The checkpoint or restore that failed last ("Checkpoint failed" and the words), for an alert; or null. */
    public ReadOnlyObjectProperty<Failure> failureProperty() {
        return failure;
    }

    /**
     * A failed checkpoint or restore: the alert's header and the helper's message. privileged: the restore the
     * helper refused because its archive asks for more than an ordinary container (the message lists what was
     * found), to be offered again with allowPrivileged; else null.
     */
    public record Failure(String header, String message, RestoreOptions privileged) {
        public Failure(String header, String message) {
            this(header, message, null);
        }
    }

    /** Connects if needed, asks hello once, lists the containers; while a request runs, its own refresh follows. */
    public void refresh() {
        if (!busy.get()) {
            refresh(null);
        }
    }

    /** done: what just finished ("restored web"), kept in the status line with the count; null: nothing. */
    private void refresh(String done) {
        run(p -> {
            HelperClient c = client();
            HelperInfo hello = c.hello();
            Platform.runLater(() -> {
                info.set(hello);
                unavailable.set(hello.unusableReason());
            });
            return hello.podmanPresent() || hello.containerdPresent() ? c.listing()
                    : new ContainerListing(List.of(), List.of());
        }, "listing containers", null, listing -> {
            List<ContainerInfo> list = listing.containers();
            containers.setAll(list);
            notes.setAll(listing.notes());
            status.set((done == null ? "" : done + " · ") + list.size()
                    + (list.size() == 1 ? " container" : " containers"));
        });
    }

    public void checkpoint(CheckpointOptions options) {
        run(p -> client().checkpoint(options, line -> Platform.runLater(() -> log.add(line))),
                "checkpointing " + options.container(), "Checkpoint failed", r -> {
                    String done = "checkpointed " + r.container()
                            + (options.isContainerd() ? " into image " + r.image() : "")
                            + (r.export() == null ? "" : " to " + r.export());
                    status.set(done);
                    refresh(done);
                    lastCheckpointContainerd = options.isContainerd();
                    announce(checkpointed, r);
                });
    }

    public void restore(RestoreOptions options) {
        run(p -> client().restore(options, line -> Platform.runLater(() -> log.add(line))), "restoring",
                "Restore failed", options.allowPrivileged() ? null : options, r -> {
                    String done = "restored " + r.name() + " (" + r.state() + ")";
                    status.set(done);
                    refresh(done);
                    announce(restored, r);
                });
    }

    /** Sets p to v so that listeners hear of it even when an equal value was announced before. */
    private static <T> void announce(ObjectProperty<T> p, T v) {
        p.set(null);
        p.set(v);
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

    /** Cancels the request running now, if any: the request's thread is interrupted, which cancels it at the helper. */
    public void cancel() {
        if (runner.cancel()) {
            busy.set(false);
            status.set(runningWhat + " cancelled");
        }
    }

    /**
     * Runs a helper request on the runner. what: the status while it runs ("restoring"); alertHeader: the failure
     * is also announced for an alert under this header (null: the status line says it).
     */
    private <T> void run(LatestTask.Work<T> work, String what, String alertHeader, Consumer<T> onSuccess) {
        run(work, what, alertHeader, null, onSuccess);
    }

    /** privilegedRetry: a restore to offer again with allowPrivileged when the helper refuses it for privileges. */
    private <T> void run(LatestTask.Work<T> work, String what, String alertHeader, RestoreOptions privilegedRetry,
            Consumer<T> onSuccess) {
        runningWhat = what;
        busy.set(true);
        status.set(what + "…");
        runner.run(work, r -> {
            busy.set(false);
            onSuccess.accept(r);
        }, ex -> {
            busy.set(false);
            String message = ErrorText.of(ex);
            status.set(what + " failed: " + message);
            log.add("error: " + message);
            if (ex instanceof HelperException h && h.kind() != HelperException.Kind.FAILED
                    && h.kind() != HelperException.Kind.REFUSED && h.kind() != HelperException.Kind.CANCELLED
                    && h.kind() != HelperException.Kind.PRIVILEGED && h.kind() != HelperException.Kind.BUSY) {
                close(); // the helper is gone or never came: start afresh on the next refresh
                info.set(null);
            }
            if (info.get() == null) {
                // never reached the helper: nothing can work until a refresh succeeds
                unavailable.set(message);
            }
            boolean privileged = ex instanceof HelperException h && h.kind() == HelperException.Kind.PRIVILEGED;
            if (alertHeader != null) {
                announce(failure, new Failure(alertHeader, privileged ? ex.getMessage() : message,
                        privileged ? privilegedRetry : null));
            }
        });
    }
}
