package io.checkpointinspector.helper;

import java.util.List;

/** A request that passed every check of {@link RequestParser}. */
public sealed interface Request {

    String id();

    record Hello(String id) implements Request {
    }

    record ListContainers(String id) implements Request {
    }

    /** export null: the checkpoint stays in the container's storage. createImage null: none. */
    record Checkpoint(String id, String container, String export, String compression, boolean leaveRunning,
            boolean tcpEstablished, boolean fileLocks, boolean keep, boolean ignoreRootfs, boolean ignoreVolumes,
            boolean preCheckpoint, boolean withPrevious, String createImage, boolean printStats) implements Request {
    }

    /** Exactly one of archive and container is set. */
    record Restore(String id, String archive, String container, String name, boolean keep, boolean tcpEstablished,
            boolean ignoreStaticIp, boolean ignoreStaticMac, boolean ignoreRootfs, List<String> publishPorts,
            boolean allowPrivileged) implements Request {

        public Restore {
            publishPorts = List.copyOf(publishPorts);
        }
    }

    record Cancel(String id, String target) implements Request {
    }
}
