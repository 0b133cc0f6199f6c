package io.checkpointinspector.text;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.concurrent.CancellationException;

/**
 * The one mapping from a failure to the words a user reads, for the command line and the window alike: what went
 * wrong and where (the engine's messages name the source and entry), never an exception class name or a trace.
 */
public final class FailureText {

    private FailureText() {
    }

    /** The words for t. */
    public static String of(Throwable t) {
        return of(t, null);
    }

    /**
     * The words for t; details says where the user finds the stack trace of an unexpected failure ("set
     * CHECKPOINT_INSPECTOR_DEBUG=1 for details"), or null.
     */
    public static String of(Throwable t, String details) {
        Throwable cause = unwrap(t);
        if (cause == null) {
            return "unknown error";
        }
        if (cause instanceof FileSystemException fs && fs.getReason() == null) {
            // The JDK leaves the reason empty for the common cases and names only the path.
            String what = cause instanceof NoSuchFileException ? "no such file or directory"
                    : cause instanceof AccessDeniedException ? "permission denied"
                    : cause instanceof NotDirectoryException ? "not a directory"
                    : "cannot be read";
            return fs.getFile() + ": " + what;
        }
        if (cause instanceof CancellationException) {
            return "cancelled";
        }
        String message = cause.getMessage();
        if (cause instanceof IOException) {
            if (message != null && !message.isBlank()) {
                return message;
            }
            return cause instanceof EOFException ? "unexpected end of data" : "input/output error";
        }
        if (cause instanceof StackOverflowError) {
            return "internal error: the input nests too deeply to process (please report this input)";
        }
        if (cause instanceof OutOfMemoryError) {
            return "out of memory while reading the input (raise -Xmx, or report this input)";
        }
        return "internal error (please report" + (details == null ? "" : "; " + details) + ")"
                + (message == null || message.isBlank() ? "" : ": " + firstLine(message));
    }

    /**
     * Whether t is a bug of ours rather than a property of the input, the file system or the user's choice: its
     * stack trace belongs in a bug report.
     */
    public static boolean unexpected(Throwable t) {
        Throwable cause = unwrap(t);
        return cause != null && !(cause instanceof IOException) && !(cause instanceof CancellationException);
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : t;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
