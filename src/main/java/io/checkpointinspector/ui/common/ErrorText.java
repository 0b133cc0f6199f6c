package io.checkpointinspector.ui.common;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.concurrent.CancellationException;

/** One readable line for a failure: the message names the file and entry; never a stack trace. */
public final class ErrorText {

    private ErrorText() {
    }

    public static String of(Throwable t) {
        if (t == null) {
            return "Unknown error";
        }
        if (t instanceof NoSuchFileException e) {
            return "No such file or folder: " + e.getFile();
        }
        if (t instanceof AccessDeniedException e) {
            return "Permission denied: " + e.getFile();
        }
        if (t instanceof NotDirectoryException e) {
            return "Not a folder: " + e.getFile();
        }
        if (t instanceof CancellationException) {
            return "Cancelled";
        }
        if (t instanceof OutOfMemoryError) {
            return "Not enough memory to read this checkpoint (raise -Xmx)";
        }
        String message = t.getMessage();
        if (t instanceof java.io.IOException) {
            return message == null || message.isBlank() ? t.getClass().getSimpleName() : firstLine(message);
        }
        // Anything else is our bug: say what it is, in one line, without the trace.
        return "Unexpected error (" + t.getClass().getSimpleName() + ")"
                + (message == null ? "" : ": " + firstLine(message));
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
