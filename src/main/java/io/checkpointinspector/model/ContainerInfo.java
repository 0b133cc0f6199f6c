package io.checkpointinspector.model;

import java.util.Map;

/** Container metadata from config.dump, spec.dump, containerd's status and image annotations. Absent values are null. */
public record ContainerInfo(
        String engine,
        String name,
        String id,
        String image,
        String imageId,
        String runtime,
        String created,
        String checkpointed,
        String pod,
        String namespace,
        String ip,
        String mac,
        Map<String, String> annotations) {

    public ContainerInfo {
        annotations = Map.copyOf(annotations);
    }
}
