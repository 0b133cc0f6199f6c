package io.checkpointinspector.ui.common;

import io.checkpointinspector.inspect.InspectListener;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.concurrent.Task;

/**
 * The window's one way to run background work (loads, previews, decoded records, searches, helper requests). A
 * runner serves one job slot where only the latest request matters: a new request cancels the one before, and the
 * results of a cancelled or superseded request are dropped. Progress, message, running, onSuccess and onFailure all
 * reach the FX thread only; use the runner from the FX thread. View models own runners; views bind to the view
 * model's properties and never run work themselves.
 */
public final class LatestTask {

    /** The work, run on a background thread; it polls progress.isCancelled() and stops early when it turns true. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Progress progress) throws Exception;
    }

    /**
     * What the work sees of its runner. It is the engine's {@link InspectListener} (progress in bytes of the source,
     * the entry being read as the message) and, as a {@link BooleanSupplier}, the "cancelled" flag readers take.
     */
    public interface Progress extends InspectListener, BooleanSupplier {

        void updateProgress(long done, long total);

        void updateMessage(String message);

        @Override
        default boolean getAsBoolean() {
            return isCancelled();
        }

        @Override
        default void progress(long bytesDone, long bytesTotal, String currentEntry) {
            updateProgress(bytesDone, bytesTotal);
            updateMessage(currentEntry == null ? "" : currentEntry);
        }
    }

    private final Executor executor;
    private final FailureLog failures;
    private final boolean interrupt;
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyLongWrapper workDone = new ReadOnlyLongWrapper(this, "workDone", -1);
    private final ReadOnlyLongWrapper totalWork = new ReadOnlyLongWrapper(this, "totalWork", -1);
    private Job<?> current;

    /**
     * A runner whose cancel only raises the flag the work polls (an interrupted FileChannel would close itself).
     * failures: where an unexpected failure's stack trace is kept (null: nowhere), before onFailure gets it.
     */
    public LatestTask(Executor executor, FailureLog failures) {
        this(executor, failures, false);
    }

    private LatestTask(Executor executor, FailureLog failures, boolean interrupt) {
        this.executor = executor;
        this.failures = failures;
        this.interrupt = interrupt;
    }

    /** A runner whose cancel also interrupts the work's thread: for work that blocks, such as a helper request. */
    public static LatestTask interrupting(Executor executor, FailureLog failures) {
        return new LatestTask(executor, failures, true);
    }

    /** Cancels the request before, then runs work; exactly one of onSuccess, onFailure follows unless superseded. */
    public <T> void run(Work<T> work, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure) {
        cancel();
        Job<T> job = new Job<>(work);
        job.progressProperty().addListener((o, a, b) -> {
            if (current == job) {
                workDone.set((long) job.getWorkDone());
                totalWork.set((long) job.getTotalWork());
                progress.set(b.doubleValue());
            }
        });
        job.messageProperty().addListener((o, a, b) -> {
            if (current == job) {
                message.set(b);
            }
        });
        job.setOnSucceeded(e -> {
            if (finished(job)) {
                onSuccess.accept(job.getValue());
            }
        });
        job.setOnFailed(e -> {
            if (finished(job)) {
                if (failures != null) {
                    failures.record("background work", job.getException());
                }
                onFailure.accept(job.getException());
            }
        });
        progress.set(-1);
        workDone.set(-1);
        totalWork.set(-1);
        message.set("");
        current = job;
        running.set(true);
        executor.execute(job);
    }

    /** Cancels the running request, if any; true when there was one. Its callbacks never run. */
    public boolean cancel() {
        Job<?> job = current;
        if (job == null) {
            return false;
        }
        current = null;
        running.set(false);
        job.cancel(interrupt);
        return true;
    }

    private boolean finished(Job<?> job) {
        if (current != job) {
            return false;
        }
        current = null;
        running.set(false);
        return true;
    }

    public boolean isRunning() {
        return running.get();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** 0 to 1, or -1 while unknown; reset to -1 by each run. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** Units done as reported by the work (bytes of the source for a load), -1 while unknown. */
    public ReadOnlyLongProperty workDoneProperty() {
        return workDone.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty totalWorkProperty() {
        return totalWork.getReadOnlyProperty();
    }

    /** What the work said last; reset to "" by each run. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    private static final class Job<T> extends Task<T> implements Progress {

        private final Work<T> work;

        Job(Work<T> work) {
            this.work = work;
        }

        @Override
        protected T call() throws Exception {
            return work.run(this);
        }

        @Override
        public void updateProgress(long done, long total) {
            super.updateProgress(done, total);
        }

        @Override
        public void updateMessage(String text) {
            super.updateMessage(text);
        }
    }
}
