package io.checkpointinspector.ui.processes;

import io.checkpointinspector.inspect.CoreExport;
import io.checkpointinspector.model.ProcessInfo;
import io.checkpointinspector.text.Units;
import io.checkpointinspector.ui.common.ErrorText;
import io.checkpointinspector.ui.common.LatestTask;
import io.checkpointinspector.ui.session.ViewContext;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** Save as core file…: where to, writing it in the background (progress, Cancel) and what was written. */
final class CoreFileViewModel {

    private final CoreExport export;
    private final LatestTask writer;
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyObjectWrapper<CoreExport.Result> result = new ReadOnlyObjectWrapper<>(this, "result");

    CoreFileViewModel(ViewContext context) {
        export = new CoreExport(context.content().path(), context.checkpoint(), context.chain());
        writer = context.runner();
    }

    /** True for a process that has memory to write. */
    static boolean canWrite(ProcessInfo p) {
        return p != null && ("alive".equals(p.state()) || "stopped".equals(p.state()));
    }

    void write(ProcessInfo p, Path target, boolean replace) {
        result.set(null);
        status.set("Writing the core file of PID " + p.pid() + "…");
        writer.run(progress -> export.write(p.pid(), target, replace, progress), r -> {
            result.set(r);
            status.set(summary(r));
        }, error -> status.set(error instanceof CancellationException ? "Cancelled; nothing was kept."
                : "Not written: " + ErrorText.of(error)));
    }

    static String summary(CoreExport.Result r) {
        StringBuilder sb = new StringBuilder("Wrote " + r.file() + ": " + Units.bytes(r.fileBytes()) + ", "
                + r.threads() + (r.threads() == 1 ? " thread, " : " threads, ") + r.segments()
                + " memory segments (" + Units.bytes(r.memoryBytes()) + ").");
        if (!r.omitted().isEmpty()) {
            sb.append("\nLeft out ").append(r.omitted().size()).append(" ranges (").append(Units.bytes(
                    r.omittedBytes())).append(") the checkpoint does not hold; they are listed in the file's ")
                    .append(CoreExport.NOTE_NAME).append(" note.");
        }
        for (String w : r.warnings()) {
            sb.append("\nWarning: ").append(w);
        }
        sb.append("\nOpen it with: gdb -c ").append(r.file());
        return sb.toString();
    }

    void cancel() {
        if (writer.cancel()) {
            status.set("Cancelled; nothing was kept.");
        }
    }

    ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    ReadOnlyObjectProperty<CoreExport.Result> resultProperty() {
        return result.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty runningProperty() {
        return writer.runningProperty();
    }

    ReadOnlyDoubleProperty progressProperty() {
        return writer.progressProperty();
    }
}
