package io.checkpointinspector.archive;

import java.io.IOException;
import java.io.InputStream;

/** Receives the entries of one {@link CheckpointSource#scan} pass. */
public interface EntryVisitor {

    /**
     * Called once per entry in archive order. content is bounded to the entry's bytes (empty for anything but
     * {@link EntryType#FILE}); reading is optional (unread bytes are skipped). Must not be closed by the visitor
     * (closing is harmless). Read errors caused by a broken source surface as {@link CheckpointFormatException}.
     */
    void visit(EntryInfo entry, InputStream content) throws IOException;

    /**
     * The entry last visited turned out cut short (the archive ends inside it): the scan ends after this call, with
     * a warning naming the entry and its byte counts. Whatever was taken from the entry should be dropped.
     */
    default void cutShort(EntryInfo entry) {
    }

    /** Polled at every entry and while data is being read or skipped. */
    default boolean isCancelled() {
        return false;
    }

    /**
     * bytesDone/bytesTotal of the bytes the scan reads from disk (compressed bytes for compressed sources; for an
     * image, the checkpoint layer's blob), called at every entry and at least every 4 MiB. The last call reports
     * bytesDone == bytesTotal with currentEntry null.
     */
    default void progress(long bytesDone, long bytesTotal, String currentEntry) {
    }
}
