package io.checkpointinspector.helper;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The privileged helper: {@code checkpoint-inspector helper}, or this class's main. Speaks {@link Protocol} on
 * stdin/stdout and logs to stderr; ends when stdin closes or when its parent dies (PR_SET_PDEATHSIG).
 */
public final class HelperMain {

    private HelperMain() {
    }

    public static void main(String[] args) {
        System.exit(run());
    }

    /** Serves this process's stdin/stdout; returns the exit code. */
    public static int run() {
        // The protocol owns fd 1; anything else printing to System.out would corrupt it, so send that to stderr.
        OutputStream protocolOut = new FileOutputStream(FileDescriptor.out);
        System.setOut(System.err);
        HelperLog log = new HelperLog(System.err);
        if (!Posix.dieWithParent()) {
            log.info("warning: prctl(PR_SET_PDEATHSIG) failed");
        }
        if (Posix.getppid() == 1) {
            log.info("the parent is gone already; stopping");
            return 1;
        }
        HelperConfig config;
        try {
            config = HelperConfig.detect();
        } catch (IllegalArgumentException e) {
            log.info("refusing to start: " + e.getMessage());
            return 2;
        }
        log.info("started: pid " + ProcessHandle.current().pid() + ", euid " + Posix.geteuid() + ", acting for "
                + config.caller() + ", podman " + config.podman() + ", criu " + config.criu());
        HelperServer server = new HelperServer(config, System.in, protocolOut, log);
        Thread hook = new Thread(server::cancelAll, "helper-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            server.serve();
            return 0;
        } catch (IOException e) {
            log.info("stopping: " + e.getMessage());
            return 1;
        }
    }
}
