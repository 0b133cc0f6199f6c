package io.checkpointinspector.cli;

import io.checkpointinspector.runtime.HelperClient;
import io.checkpointinspector.runtime.HelperException;
import io.checkpointinspector.runtime.HelperLauncher;
import java.io.PrintWriter;

/** The helper client for the containers, checkpoint and restore commands. */
final class HelperClients {

    private HelperClients() {
    }

    /** Starts the helper; its log goes to err with --verbose, else nowhere. */
    static HelperClient start(PrintWriter err, boolean verbose) throws HelperException {
        return new HelperLauncher().start(line -> {
            if (verbose) {
                synchronized (err) {
                    err.println(line);
                    err.flush();
                }
            }
        });
    }
}
