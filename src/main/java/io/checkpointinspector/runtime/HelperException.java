package io.checkpointinspector.runtime;

import java.io.IOException;

/** The helper could not be used or did not do what was asked; the message is fit to show as it is. */
public final class HelperException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Kind {
        /** pkexec or the helper launcher is not installed. */
        UNAVAILABLE,
        /** pkexec refused or the user dismissed the password dialog (exit 126/127). */
        NOT_AUTHORISED,
        /** The helper stopped or spoke nonsense. */
        HELPER_FAILED,
        /** The helper refused the request (a security rule or a malformed request). */
        REFUSED,
        /** podman is missing on the machine. */
        NO_PODMAN,
        /** podman ran and failed. */
        FAILED,
        CANCELLED,
        BUSY,
        /** The archive to restore asks for more than an ordinary container; the message lists what. */
        PRIVILEGED
    }

    private final Kind kind;

    public HelperException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public HelperException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The kind for a protocol error code. */
    static Kind ofCode(String code) {
        return switch (code == null ? "" : code) {
            case "refused", "bad-request" -> Kind.REFUSED;
            case "unavailable" -> Kind.NO_PODMAN;
            case "cancelled" -> Kind.CANCELLED;
            case "busy" -> Kind.BUSY;
            case "privileged" -> Kind.PRIVILEGED;
            case "failed" -> Kind.FAILED;
            default -> Kind.HELPER_FAILED;
        };
    }
}
