package io.checkpointinspector.ui.rootfs;

import io.checkpointinspector.inspect.CheckpointContent;
import io.checkpointinspector.inspect.RootfsExport;
import io.checkpointinspector.inspect.RootfsIndex;
import io.checkpointinspector.model.RootfsDiff;
import io.checkpointinspector.model.RootfsEntry;
import io.checkpointinspector.text.Units;
import io.checkpointinspector.ui.common.ErrorText;
import io.checkpointinspector.ui.common.LatestTask;
import io.checkpointinspector.ui.common.Shown;
import io.checkpointinspector.ui.session.ViewContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The Root FS view's state: the preview of the selected path (a file's first bytes read in the background, or what
 * the path is), Save as… of a file or folder with its outcome, and the SHA-256 of files not hashed while reading
 * (computed in the background on request, kept for the session).
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
    private final LatestTask hasher;
    /** SHA-256 computed on demand, by path (FX thread only). */
    private final Map<String, String> hashes = new HashMap<>();
    private final ReadOnlyStringWrapper hashStatus = new ReadOnlyStringWrapper(this, "hashStatus", "");
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
        hasher = context.runner();
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

    /** Whether Save as… can save n: files and folders, never hostile entries. */
    static boolean canSave(RootfsIndex.Node n) {
        return n != null && (n.kind() == RootfsIndex.Kind.FILE || n.isFolder()) && !n.isHostileFolder();
    }

    /** The SHA-256 of e's content when known (hashed while reading, or computed here); else null. */
    String sha256(RootfsEntry e) {
        return e.sha256() != null ? e.sha256() : hashes.get(e.path());
    }

    /** Whether a hash is being computed. */
    ReadOnlyBooleanProperty hashingProperty() {
        return hasher.runningProperty();
    }

    /** Bytes hashed so far by the running hash (-1 before the first). */
    ReadOnlyLongProperty hashedBytesProperty() {
        return hasher.workDoneProperty();
    }

    /** The outcome of the last hash ("SHA-256 of /x in 1.2 s", "Not computed: …", "Cancelled"). */
    ReadOnlyStringProperty hashStatusProperty() {
        return hashStatus.getReadOnlyProperty();
    }

    /** Computes the SHA-256 of the regular file e in the background; done gets it on the FX thread. */
    void hash(RootfsEntry e, Runnable done) {
        long started = System.nanoTime();
        hashStatus.set("");
        hasher.run(progress -> content.rootfsSha256(e.path(), progress, d -> progress.updateProgress(d, e.size()))
                        .orElseThrow(() -> new IOException(e.path() + " is not a file in " + CheckpointContent.ROOTFS_DIFF)),
                hex -> {
                    hashes.put(e.path(), hex);
                    hashStatus.set("SHA-256 of " + e.path() + " in " + Units.nanos(System.nanoTime() - started));
                    done.run();
                },
                error -> hashStatus.set("Not computed: " + ErrorText.of(error)));
    }

    void cancelHash() {
        if (hasher.cancel()) {
            hashStatus.set("Cancelled");
        }
    }

    /** Previews n: a file's first bytes, for anything else what it is. */
    void select(RootfsIndex.Node n) {
        previewReader.cancel();
        cancelHash();
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
            case HOSTILE -> preview.set(Shown.message(n.path() + "\n\nHostile entry: " + n.entry().hostile()
                    + ".\nIts content is never previewed or written."));
            case OTHER -> preview.set(Shown.message(n.path() + "\n\nA special file ("
                    + RootfsColumns.type(n.entry()) + "): no content."));
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
