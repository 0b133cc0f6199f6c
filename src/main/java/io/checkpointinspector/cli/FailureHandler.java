package io.checkpointinspector.cli;

import io.checkpointinspector.text.FailureText;
import java.io.UncheckedIOException;
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
        return FailureText.of(cause, "set CHECKPOINT_INSPECTOR_DEBUG=1 for details");
    }
}
