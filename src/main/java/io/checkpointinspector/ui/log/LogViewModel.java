package io.checkpointinspector.ui.log;

import io.checkpointinspector.inspect.CheckpointContent;
import io.checkpointinspector.model.ImageEntry;
import io.checkpointinspector.text.Units;
import io.checkpointinspector.ui.common.ErrorText;
import io.checkpointinspector.ui.common.LatestTask;
import io.checkpointinspector.ui.common.Shown;
import io.checkpointinspector.ui.session.ViewContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** The Log view's state: the logs of the checkpoint and the lines of the chosen one, read in the background. */
final class LogViewModel {

    /** Bytes of a log shown; CRIU's dump.log at the default level stays far below. */
    static final int LOG_BYTES = 16 << 20;

    private final CheckpointContent content;
    private final List<String> names;
    private final LatestTask reader;
    private final ReadOnlyObjectWrapper<Shown<List<String>>> lines = new ReadOnlyObjectWrapper<>(this, "lines");
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note", "");

    LogViewModel(ViewContext context) {
        content = context.content();
        reader = new LatestTask(context.executor());
        names = logNames(context.checkpoint().entries());
        lines.set(Shown.message("This checkpoint holds no dump.log and no container log."));
    }

    /** The logs, most useful first. */
    List<String> names() {
        return names;
    }

    /** The lines of the chosen log, or what stands in their place. */
    ReadOnlyObjectProperty<Shown<List<String>>> linesProperty() {
        return lines.getReadOnlyProperty();
    }

    /** "1,234 lines, 80.2 KiB" about the log read last. */
    ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }

    void load(String name) {
        if (name == null) {
            return;
        }
        lines.set(Shown.message("Reading " + name + "…"));
        reader.run(cancelled -> content.bytes(name, LOG_BYTES, cancelled), bytes -> {
            String text = new String(bytes.data(), StandardCharsets.UTF_8);
            List<String> split = new ArrayList<>(List.of(text.split("\r?\n", -1)));
            if (!split.isEmpty() && split.get(split.size() - 1).isEmpty()) {
                split.remove(split.size() - 1);
            }
            note.set(Units.count(split.size()) + " lines, " + Units.bytes(bytes.size())
                    + (bytes.truncated() ? " (first " + Units.bytes(bytes.data().length) + " shown)" : ""));
            lines.set(split.isEmpty() ? Shown.message(name + " is empty.") : Shown.value(split));
        }, error -> lines.set(Shown.message("Cannot read " + name + ":\n" + ErrorText.of(error))));
    }

    /** Logs first by how useful they are: CRIU's dump.log, then the container's, then the rest. */
    static List<String> logNames(List<ImageEntry> entries) {
        List<String> names = new ArrayList<>();
        for (ImageEntry e : entries) {
            String n = e.name();
            String base = n.substring(n.lastIndexOf('/') + 1);
            if (base.endsWith(".log") && (e.imageType() == null || !e.imageType().startsWith("link to"))) {
                names.add(n);
            }
        }
        names.sort((a, b) -> Integer.compare(rank(a), rank(b)));
        return names;
    }

    private static int rank(String name) {
        return name.endsWith("dump.log") ? 0 : name.endsWith("ctr.log") ? 1 : 2;
    }
}
