package io.checkpointinspector.cli;

import io.checkpointinspector.runtime.HelperClient;
import io.checkpointinspector.runtime.HelperClientFactory;
import io.checkpointinspector.runtime.HelperException;
import java.io.PrintWriter;

/** The helper client for the containers, checkpoint and restore commands. */
final class HelperClients {

    private HelperClients() {
    }

    /** Starts the helper; its log goes to err with --verbose, else nowhere. */
    static HelperClient start(HelperClientFactory factory, PrintWriter err, boolean verbose) throws HelperException {
        return factory.start(line -> {
            if (verbose) {
                synchronized (err) {
                    err.println(line);
                    err.flush();
                }
            }
        });
    }
}
