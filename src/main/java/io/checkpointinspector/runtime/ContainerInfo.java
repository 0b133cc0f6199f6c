package io.checkpointinspector.runtime;

/** One container as podman lists it. created and lastCheckpoint are RFC 3339 text; lastCheckpoint may be null. */
public record ContainerInfo(String id, String name, String image, String state, String created,
        String lastCheckpoint) {

    public boolean running() {
        return "running".equals(state);
    }

    public String shortId() {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
