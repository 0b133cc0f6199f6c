package io.checkpointinspector.ui.raw;

import io.checkpointinspector.inspect.CheckpointContent;
import io.checkpointinspector.model.ImageEntry;
import io.checkpointinspector.ui.common.ErrorText;
import io.checkpointinspector.ui.common.LatestTask;
import io.checkpointinspector.ui.session.ViewContext;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/** The Raw images view's state: the selected entry as decoded records or as a page of bytes, read in the background. */
final class RawImagesViewModel {

    /** Bytes shown at a time; Next and Go to offset reach the rest. */
    static final int PREVIEW_BYTES = 64 << 10;

    /** What the detail pane shows. */
    sealed interface Detail {
    }

    /** A message in place of the entry (error: something failed). */
    record Message(String text, boolean error) implements Detail {
    }

    record Records(CheckpointContent.Records records) implements Detail {
    }

    record Bytes(String name, CheckpointContent.Bytes bytes) implements Detail {
    }

    private final CheckpointContent content;
    private final LatestTask reader;
    private final ReadOnlyObjectWrapper<Detail> detail = new ReadOnlyObjectWrapper<>(this, "detail",
            new Message("Select an entry: CRIU images show their decoded records, other entries their bytes.", false));

    RawImagesViewModel(ViewContext context) {
        content = context.content();
        reader = context.runner();
        saver = context.runner();
    }

    private final LatestTask saver;

    ReadOnlyObjectProperty<Detail> detailProperty() {
        return detail.getReadOnlyProperty();
    }

    /** Reads the entry: a CRIU image as its records, anything else as bytes from its start; null: nothing. */
    void select(ImageEntry e) {
        reader.cancel();
        if (e == null) {
            return;
        }
        if (e.imageType() != null && e.imageType().startsWith("link to")) {
            detail.set(new Message(e.name() + " is a " + e.imageType() + ". Links are listed, never followed.", false));
            return;
        }
        detail.set(new Message("Reading " + e.name() + "…", false));
        String name = e.name();
        if (CheckpointContent.hasRecords(name)) {
            reader.run(cancelled -> content.records(name, cancelled), r -> detail.set(new Records(r)),
                    error -> failed(name, error));
        } else {
            showBytes(name, 0);
        }
    }

    /** The bytes of an entry from offset at: paging through a whole entry, page by page or by offset. */
    void showBytes(String name, long at) {
        reader.run(cancelled -> content.bytes(name, at, PREVIEW_BYTES, cancelled), b -> detail.set(new Bytes(name, b)),
                error -> failed(name, error));
    }

    /** Saves the whole entry to target (a new file) in the background; done gets what to say afterwards. */
    void save(String name, java.nio.file.Path target, java.util.function.Consumer<String> done) {
        saver.run(cancelled -> content.saveEntry(name, target, cancelled),
                n -> done.accept("Saved " + name + " (" + io.checkpointinspector.text.Units.exactBytes(n) + ") to "
                        + target),
                error -> done.accept("Cannot save " + name + ": " + ErrorText.of(error)));
    }

    private void failed(String name, Throwable error) {
        detail.set(new Message("Cannot read " + name + ":\n" + ErrorText.of(error), true));
    }
}
