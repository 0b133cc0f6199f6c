package io.checkpointinspector.runtime;

import java.nio.file.Path;
import java.util.List;

/**
 * podman container restore's options: from an archive or from a checkpointed container (exactly one).
 * allowPrivileged: restore an archive whose container asks for more than an ordinary container (the helper
 * refuses it otherwise, listing what it found); only ever set after showing the user that list.
 */
public record RestoreOptions(Path archive, String container, String name, boolean keep, boolean tcpEstablished,
        boolean ignoreStaticIp, boolean ignoreStaticMac, boolean ignoreRootfs, List<String> publishPorts,
        boolean allowPrivileged, String runtime, String image) {

    public RestoreOptions {
        publishPorts = List.copyOf(publishPorts);
    }

    /** A podman restore. */
    public RestoreOptions(Path archive, String container, String name, boolean keep, boolean tcpEstablished,
            boolean ignoreStaticIp, boolean ignoreStaticMac, boolean ignoreRootfs, List<String> publishPorts,
            boolean allowPrivileged) {
        this(archive, container, name, keep, tcpEstablished, ignoreStaticIp, ignoreStaticMac, ignoreRootfs,
                publishPorts, allowPrivileged, CheckpointOptions.PODMAN, null);
    }

    /**
     * A containerd restore (ctr containers restore) under the new name, from an exported checkpoint image (archive)
     * or one in containerd's store (image): exactly one of the two.
     */
    public static RestoreOptions containerd(Path archive, String image, String name) {
        return new RestoreOptions(archive, null, name, false, false, false, false, false, List.of(), false,
                CheckpointOptions.CONTAINERD, image);
    }

    public boolean isContainerd() {
        return CheckpointOptions.CONTAINERD.equals(runtime);
    }

    public RestoreOptions(Path archive, String container, String name, boolean keep, boolean tcpEstablished,
            boolean ignoreStaticIp, boolean ignoreStaticMac, boolean ignoreRootfs, List<String> publishPorts) {
        this(archive, container, name, keep, tcpEstablished, ignoreStaticIp, ignoreStaticMac, ignoreRootfs,
                publishPorts, false);
    }

    public RestoreOptions withAllowPrivileged() {
        return new RestoreOptions(archive, container, name, keep, tcpEstablished, ignoreStaticIp, ignoreStaticMac,
                ignoreRootfs, publishPorts, true, runtime, image);
    }

    public static RestoreOptions fromArchive(Path archive, String name) {
        return new RestoreOptions(archive, null, name, false, false, false, false, false, List.of());
    }

    public static RestoreOptions fromContainer(String container) {
        return new RestoreOptions(null, container, null, false, false, false, false, false, List.of());
    }
}
