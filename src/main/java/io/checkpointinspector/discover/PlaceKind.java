package io.checkpointinspector.discover;

/** What kind of place a scan looks in, which decides how it is read. */
public enum PlaceKind {
    /** A folder of checkpoint archives, e.g. kubelet's (CRI-O writes its archives there). */
    KUBELET("kubelet"),
    /** Podman's local storage root (graphroot): checkpoint images read from their layer's directory. */
    PODMAN_STORAGE("Podman storage"),
    /** containerd's content store (io.containerd.content.v1.content): checkpoint image indexes. */
    CONTAINERD_CONTENT("containerd content store"),
    /** The folder of a recently opened checkpoint. */
    RECENT("recent folder"),
    /** A folder the user named (--path). */
    USER("folder");

    private final String label;

    PlaceKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
