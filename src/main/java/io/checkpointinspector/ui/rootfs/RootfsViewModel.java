package io.checkpointinspector.ui.rootfs;

import io.checkpointinspector.inspect.CheckpointContent;
import io.checkpointinspector.inspect.RootfsExport;
import io.checkpointinspector.inspect.RootfsIndex;
import io.checkpointinspector.model.RootfsDiff;
import io.checkpointinspector.text.Units;
import io.checkpointinspector.ui.common.ErrorText;
import io.checkpointinspector.ui.common.LatestTask;
import io.checkpointinspector.ui.common.Shown;
import io.checkpointinspector.ui.session.ViewContext;
import java.io.IOException;
import java.nio.file.Path;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The Root FS view's state: the preview of the selected path (a file's first bytes read in the background, or what
 * the path is) and Save as… of a file or folder, with its outcome.
 */
final class RootfsViewModel {

    /** Bytes read for a preview. */
    static final int PREVIEW_BYTES = 256 << 10;

    /** A file's first bytes. */
    record FileBytes(String path, CheckpointContent.Bytes bytes) {
    }

    private final RootfsIndex index;
    private final RootfsDiff diff;
    private final CheckpointContent content;
    private final LatestTask previewReader;
    private final LatestTask saver;
    private final ReadOnlyObjectWrapper<Shown<FileBytes>> preview = new ReadOnlyObjectWrapper<>(this, "preview",
            Shown.message("Select a file to preview it."));
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper skipped = new ReadOnlyStringWrapper(this, "skipped");

    RootfsViewModel(ViewContext context) {
        index = context.loaded().rootfs();
        diff = context.checkpoint().rootfsDiff();
        content = context.content();
        previewReader = context.runner();
        saver = context.runner();
    }

    RootfsIndex index() {
        return index;
    }

    RootfsDiff diff() {
        return diff;
    }

    ReadOnlyObjectProperty<Shown<FileBytes>> previewProperty() {
        return preview.getReadOnlyProperty();
    }

    /** What the last Save as… did ("Saving /etc…", "Saved 3 files (1.2 KiB) to /tmp/x"). */
    ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The paths the last save did not write, one a line, or null. */
    ReadOnlyStringProperty skippedProperty() {
        return skipped.getReadOnlyProperty();
    }

    /** Whether Save as… can save n. */
    static boolean canSave(RootfsIndex.Node n) {
        return n != null && (n.kind() == RootfsIndex.Kind.FILE || n.isFolder());
    }

    /** Previews n: a file's first bytes, for anything else what it is. */
    void select(RootfsIndex.Node n) {
        previewReader.cancel();
        if (n == null) {
            preview.set(Shown.message("Select a file to preview it."));
            return;
        }
        switch (n.kind()) {
            case FILE -> loadPreview(n);
            case FOLDER -> preview.set(Shown.message(n.path() + "\n\n" + RootfsText.folderSummary(n)));
            case DELETED -> preview.set(Shown.message(n.path() + "\n\nDeleted in the container (listed in "
                    + "deleted.files). The checkpoint holds no content for it."));
            case SYMLINK -> preview.set(Shown.message(n.path() + "\n\nSymbolic link to " + n.entry().link()
                    + "\nLinks are shown, never followed."));
            case HARDLINK -> preview.set(Shown.message(n.path() + "\n\nHard link to " + n.entry().link()));
            case OTHER -> preview.set(Shown.message(n.path() + "\n\nA special file (device, FIFO or socket): "
                    + "no content."));
        }
    }

    private void loadPreview(RootfsIndex.Node n) {
        preview.set(Shown.message("Reading " + n.path() + "…"));
        previewReader.run(cancelled -> content.rootfsFile(n.path(), PREVIEW_BYTES, cancelled)
                        .orElseThrow(() -> new IOException(n.path() + " is not in " + CheckpointContent.ROOTFS_DIFF)),
                bytes -> preview.set(Shown.value(new FileBytes(n.path(), bytes))),
                error -> preview.set(Shown.error("Cannot preview " + n.path() + ":\n" + ErrorText.of(error))));
    }

    /** Saves the file n to target. */
    void saveFile(RootfsIndex.Node n, Path target) {
        RootfsExport export = new RootfsExport(content);
        save(n, cancelled -> export.saveFile(n.path(), target, cancelled), target);
    }

    /** Saves the folder n with everything below it into the folder target. */
    void saveFolder(RootfsIndex.Node n, Path target) {
        RootfsExport export = new RootfsExport(content);
        save(n, cancelled -> export.saveFolder(n.path(), diff.entries(), target, cancelled), target);
    }

    private void save(RootfsIndex.Node n, LatestTask.Work<RootfsExport.Result> work, Path target) {
        status.set("Saving " + n.path() + "…");
        skipped.set(null);
        saver.run(work, r -> {
            String text = "Saved " + r.files() + (r.files() == 1 ? " file" : " files") + " (" + Units.bytes(r.bytes())
                    + ") to " + target;
            if (!r.skipped().isEmpty()) {
                text += "; " + r.skipped().size() + " not written";
            }
            status.set(text);
            skipped.set(r.skipped().isEmpty() ? null : String.join("\n", r.skipped()));
        }, error -> status.set("Not saved: " + ErrorText.of(error)));
    }
}
