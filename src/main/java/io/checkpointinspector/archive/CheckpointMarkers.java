package io.checkpointinspector.archive;

/** Names by which checkpoint content and image containers are recognised. */
final class CheckpointMarkers {

    private CheckpointMarkers() {
    }

    /** config.dump, spec.dump or the checkpoint/ directory of CRIU images (Podman, CRI-O and containerd). */
    static boolean isCheckpointMarker(String name) {
        return name.equals("config.dump") || name.equals("spec.dump") || name.equals("checkpoint")
                || name.startsWith("checkpoint/");
    }

    /** Names found at the root of an OCI layout or a docker archive. */
    static boolean isImageContainerName(String name) {
        return name.equals("oci-layout") || name.equals("index.json") || name.equals("manifest.json")
                || name.startsWith("blobs/");
    }
}
