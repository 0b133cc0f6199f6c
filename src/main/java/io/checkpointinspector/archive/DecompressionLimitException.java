package io.checkpointinspector.archive;

import java.io.IOException;

/** Raised inside decompressed streams when they grow past the configured cap; reported as a format error. */
final class DecompressionLimitException extends IOException {

    private static final long serialVersionUID = 1L;

    DecompressionLimitException(String message) {
        super(message);
    }
}
