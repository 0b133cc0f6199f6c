package io.checkpointinspector.helper;

import java.util.List;

/** A request that passed every check of {@link RequestParser}. */
public sealed interface Request {

    String id();

    record Hello(String id) implements Request {
    }

    record ListContainers(String id) implements Request {
    }

    /**
     * export null: the checkpoint stays in the container's storage. createImage null: none (podman); with
     * containerd it is the checkpoint image, always set. runtime: podman or containerd.
     */
    record Checkpoint(String id, String container, String export, String compression, boolean leaveRunning,
            boolean tcpEstablished, boolean fileLocks, boolean keep, boolean ignoreRootfs, boolean ignoreVolumes,
            boolean preCheckpoint, boolean withPrevious, String createImage, boolean printStats, String runtime)
            implements Request {

        public boolean containerd() {
            return Protocol.RUNTIME_CONTAINERD.equals(runtime);
        }
    }

    /**
     * podman: exactly one of archive and container is set. containerd: exactly one of archive (an exported
     * checkpoint image) and image (one in containerd's store), and name.
     */
    record Restore(String id, String archive, String container, String name, boolean keep, boolean tcpEstablished,
            boolean ignoreStaticIp, boolean ignoreStaticMac, boolean ignoreRootfs, List<String> publishPorts,
            boolean allowPrivileged, String runtime, String image) implements Request {

        public Restore {
            publishPorts = List.copyOf(publishPorts);
        }

        public boolean containerd() {
            return Protocol.RUNTIME_CONTAINERD.equals(runtime);
        }
    }

    record Cancel(String id, String target) implements Request {
    }
}
