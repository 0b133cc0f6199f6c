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
        boolean allowPrivileged) {

    public RestoreOptions {
        publishPorts = List.copyOf(publishPorts);
    }

    public RestoreOptions(Path archive, String container, String name, boolean keep, boolean tcpEstablished,
            boolean ignoreStaticIp, boolean ignoreStaticMac, boolean ignoreRootfs, List<String> publishPorts) {
        this(archive, container, name, keep, tcpEstablished, ignoreStaticIp, ignoreStaticMac, ignoreRootfs,
                publishPorts, false);
    }

    public RestoreOptions withAllowPrivileged() {
        return new RestoreOptions(archive, container, name, keep, tcpEstablished, ignoreStaticIp, ignoreStaticMac,
                ignoreRootfs, publishPorts, true);
    }

    public static RestoreOptions fromArchive(Path archive, String name) {
        return new RestoreOptions(archive, null, name, false, false, false, false, false, List.of());
    }

    public static RestoreOptions fromContainer(String container) {
        return new RestoreOptions(null, container, null, false, false, false, false, false, List.of());
    }
}
