package io.checkpointinspector.runtime;

/**
 * One container as podman or containerd lists it. created and lastCheckpoint are RFC 3339 text; lastCheckpoint
 * may be null (always, for containerd, which keeps no record of checkpoints). runtime: podman or containerd.
 */
public record ContainerInfo(String id, String name, String image, String state, String created,
        String lastCheckpoint, String runtime) {

    /** A podman container. */
    public ContainerInfo(String id, String name, String image, String state, String created, String lastCheckpoint) {
        this(id, name, image, state, created, lastCheckpoint, CheckpointOptions.PODMAN);
    }

    public boolean containerd() {
        return CheckpointOptions.CONTAINERD.equals(runtime);
    }

    public boolean running() {
        return "running".equals(state);
    }

    public String shortId() {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
