package io.checkpointinspector.helper;

/**
 * A request the helper will not carry out; the message says why, code is a {@link Protocol} error code, and
 * requestId the request's id when it was readable (else null).
 */
public final class RefusedException extends Exception {

    private static final long serialVersionUID = 1L;
    private final String code;
    private final String requestId;

    public RefusedException(String code, String message) {
        this(null, code, message);
    }

    public RefusedException(String requestId, String code, String message) {
        super(message);
        this.code = code;
        this.requestId = requestId;
    }

    public String code() {
        return code;
    }

    public String requestId() {
        return requestId;
    }
}
