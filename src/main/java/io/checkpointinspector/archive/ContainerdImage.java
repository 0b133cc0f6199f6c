package io.checkpointinspector.archive;

import java.util.List;
import java.util.Map;

/**
 * What the index of a containerd checkpoint image says (see {@link ContainerdCheckpoints}).
 *
 * @param indexDigest    digest of the checkpoint index ("sha256:…")
 * @param checkpointName the image name the checkpoint was stored under ({@code io.containerd.image.name} of the
 *                       layout's index.json), or null (content store: containerd's database holds it)
 * @param annotations    the checkpoint index's own annotations (runtime, snapshotter, base image)
 * @param blobs          every descriptor of the index, in index order
 */
public record ContainerdImage(String indexDigest, String checkpointName, Map<String, String> annotations,
        List<Blob> blobs) {

    public ContainerdImage {
        annotations = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(annotations));
        blobs = List.copyOf(blobs);
    }

    /** The role a blob plays, by its media type. */
    public enum Role {
        /** tar of the CRIU images: shown as checkpoint/… */
        CRIU_IMAGES,
        /** a pre-dump's CRIU images (not read) */
        CRIU_PRE_DUMP,
        /** the container's OCI runtime spec in a protobuf Any: shown as {@link ContainerdCheckpoints#CONFIG_ENTRY} */
        CONFIG,
        /** runc's CheckpointOptions in a protobuf Any: {@link ContainerdCheckpoints#OPTIONS_ENTRY} */
        CHECKPOINT_OPTIONS,
        /** runc's Options in a protobuf Any: {@link ContainerdCheckpoints#RUNTIME_OPTIONS_ENTRY} */
        RUNTIME_OPTIONS,
        /** the root file system's changes as an OCI layer: shown as rootfs-diff.tar */
        RW_LAYER,
        /** the base image's manifest (ctr containers checkpoint --image, ctr tasks checkpoint): not read */
        IMAGE_MANIFEST,
        /** a media type this reader does not know: not read */
        OTHER
    }

    /**
     * @param entry the entry name it is shown under, or null when it is not read
     */
    public record Blob(Role role, String mediaType, String digest, long size, String entry) {
    }
}
