package io.checkpointinspector.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns any failure into one line on stderr and exit code 1. A stack trace is printed only with
 * CHECKPOINT_INSPECTOR_DEBUG set.
 */
final class FailureHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        return report(ex, cmd.getErr());
    }

    static int report(Throwable ex, java.io.PrintWriter err) {
        Throwable cause = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        err.println("error: " + describe(cause));
        if (System.getenv("CHECKPOINT_INSPECTOR_DEBUG") != null) {
            cause.printStackTrace(err);
        }
        err.flush();
        return 1;
    }

    /** The one line a user reads: what went wrong and where, in words rather than exception class names. */
    static String describe(Throwable cause) {
        if (cause instanceof FileSystemException fs && fs.getReason() == null) {
            // The JDK leaves the reason empty for the common cases and names only the path.
            String what = cause instanceof NoSuchFileException ? "no such file or directory"
                    : cause instanceof AccessDeniedException ? "permission denied"
                    : cause instanceof NotDirectoryException ? "not a directory"
                    : "cannot be read";
            return fs.getFile() + ": " + what;
        }
        String message = cause.getMessage();
        if (cause instanceof IOException && message != null && !message.isBlank()) {
            return message;
        }
        if (cause instanceof StackOverflowError) {
            return "internal error: the input nests too deeply to process (please report this input)";
        }
        if (cause instanceof OutOfMemoryError) {
            return "out of memory while reading the input (raise -Xmx, or report this input)";
        }
        return "internal error (please report; set CHECKPOINT_INSPECTOR_DEBUG=1 for details)"
                + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
