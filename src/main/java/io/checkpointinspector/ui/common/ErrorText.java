package io.checkpointinspector.ui.common;

import io.checkpointinspector.text.FailureText;

/** The window's words for a failure: {@link FailureText}, pointing to the Log view for the details of a bug. */
public final class ErrorText {

    /** Where the window keeps the stack trace of an unexpected failure. */
    static final String DETAILS = "the Log view has the details";

    private ErrorText() {
    }

    public static String of(Throwable t) {
        return FailureText.of(t, DETAILS);
    }
}
