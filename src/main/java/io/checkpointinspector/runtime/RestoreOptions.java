package io.checkpointinspector.runtime;

import java.nio.file.Path;
import java.util.List;

/** podman container restore's options: from an archive or from a checkpointed container (exactly one). */
public record RestoreOptions(Path archive, String container, String name, boolean keep, boolean tcpEstablished,
        boolean ignoreStaticIp, boolean ignoreStaticMac, boolean ignoreRootfs, List<String> publishPorts) {

    public RestoreOptions {
        publishPorts = List.copyOf(publishPorts);
    }

    public static RestoreOptions fromArchive(Path archive, String name) {
        return new RestoreOptions(archive, null, name, false, false, false, false, false, List.of());
    }

    public static RestoreOptions fromContainer(String container) {
        return new RestoreOptions(null, container, null, false, false, false, false, false, List.of());
    }
}
