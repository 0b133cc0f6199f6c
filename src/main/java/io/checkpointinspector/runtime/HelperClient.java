package io.checkpointinspector.runtime;

import java.io.IOException;
import java.util.List;

/**
 * What the app asks of the privileged helper. Every call blocks until the helper answers; interrupting the calling
 * thread cancels the request (the call then throws). Failures are {@link HelperException}s.
 */
public interface HelperClient extends AutoCloseable {

    HelperInfo hello() throws IOException;

    List<ContainerInfo> list() throws IOException;

    /** list with the notes on runtimes that are missing or did not answer. */
    default ContainerListing listing() throws IOException {
        return new ContainerListing(list(), List.of());
    }

    CheckpointResult checkpoint(CheckpointOptions options, ProgressListener progress) throws IOException;

    RestoreResult restore(RestoreOptions options, ProgressListener progress) throws IOException;

    /** Stops the helper (closes its stdin). */
    @Override
    void close();
}
