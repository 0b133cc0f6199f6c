package io.checkpointinspector.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns any failure into one line on stderr and exit code 1. A stack trace is printed only for bugs
 * (exceptions that are not about the input) and only with CHECKPOINT_INSPECTOR_DEBUG set.
 */
final class FailureHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        Throwable cause = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        String message = cause.getMessage();
        if (!(cause instanceof IOException) || message == null || message.isBlank()) {
            message = "internal error: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        }
        cmd.getErr().println("error: " + message);
        if (System.getenv("CHECKPOINT_INSPECTOR_DEBUG") != null) {
            cause.printStackTrace(cmd.getErr());
        }
        cmd.getErr().flush();
        return 1;
    }
}
