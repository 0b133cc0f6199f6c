package io.checkpointinspector.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checkpointed container as the checkpoint records it: metadata from config.dump, spec.dump, containerd's status
 * and image annotations. Absent values are null. (A container podman lists live is runtime.ContainerInfo.)
 */
public record CheckpointedContainer(
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

    public CheckpointedContainer {
        // Kept in the order read (Map.copyOf would iterate in an order that changes from run to run).
        annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
    }
}
