package io.checkpointinspector.archive;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;

/** Names the source in {@link CheckpointFormatException}s: a file, or a label for data that is not a file. */
record SourceRef(Path path, String label) {

    /** The detail of a failure where compressed input ends before the compressed stream does. */
    static final String COMPRESSED_END = "truncated: the compressed data ends early";

    static SourceRef of(Path path) {
        return new SourceRef(path, String.valueOf(path));
    }

    static SourceRef labelled(String label) {
        return new SourceRef(null, label);
    }

    CheckpointFormatException fail(String entry, String detail) {
        return fail(entry, detail, null);
    }

    /**
     * A read failure of the underlying data as a format error naming entry (nullable). Interrupts stay
     * interrupts; format errors pass unchanged.
     */
    IOException translate(IOException e, String entry) {
        if (e instanceof CheckpointFormatException || e instanceof InterruptedIOException) {
            return e;
        }
        if (e instanceof DecompressionLimitException) {
            return fail(entry, e.getMessage(), e);
        }
        String message = String.valueOf(e.getMessage());
        if (e instanceof EOFException || message.contains("Truncated") || message.contains("truncated")) {
            return fail(entry, COMPRESSED_END, e);
        }
        return fail(entry, "unreadable data: " + message, e);
    }

    CheckpointFormatException fail(String entry, String detail, Throwable cause) {
        return path != null
                ? new CheckpointFormatException(path, entry, detail, cause)
                : new CheckpointFormatException(label, entry, detail, cause);
    }
}
