package io.checkpointinspector.ui.common;

import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.concurrent.Task;

/**
 * Runs background work where only the latest request matters (previews, decoded records, logs): a new request
 * cancels the one before, and results of a superseded request are dropped. Use from the FX thread.
 */
public final class LatestTask<T> {

    /** The work; it polls cancelled and stops early when it turns true. */
    @FunctionalInterface
    public interface Work<T> {
        T run(BooleanSupplier cancelled) throws Exception;
    }

    private final Executor executor;
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private Task<T> current;

    public LatestTask(Executor executor) {
        this.executor = executor;
    }

    public void run(Work<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        cancel();
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                return work.run(this::isCancelled);
            }
        };
        task.setOnSucceeded(e -> {
            if (current == task) {
                current = null;
                running.set(false);
                onSuccess.accept(task.getValue());
            }
        });
        task.setOnFailed(e -> {
            if (current == task) {
                current = null;
                running.set(false);
                onFailure.accept(task.getException());
            }
        });
        current = task;
        running.set(true);
        executor.execute(task);
    }

    public void cancel() {
        if (current != null) {
            // No interrupt: an interrupted FileChannel closes itself; the work polls cancelled instead.
            current.cancel(false);
            current = null;
            running.set(false);
        }
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }
}
