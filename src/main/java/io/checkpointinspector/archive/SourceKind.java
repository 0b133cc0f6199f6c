package io.checkpointinspector.archive;

/** What a checkpoint path turned out to be, judged by content rather than by file name. */
public enum SourceKind {
    /** A checkpoint tar (Podman export, CRI-O/kubelet or containerd archive), compressed or not. */
    TAR_ARCHIVE,
    /** A tar holding an OCI image layout ({@code podman image save --format oci-archive}). */
    OCI_ARCHIVE,
    /** A tar in docker-archive form ({@code manifest.json} listing {@code Layers}). */
    DOCKER_ARCHIVE,
    /** An unpacked OCI image layout directory. */
    OCI_LAYOUT_DIRECTORY,
    /** An unpacked checkpoint directory (has {@code config.dump} or {@code checkpoint/}). */
    CHECKPOINT_DIRECTORY,
    /** A containerd checkpoint image read from containerd's content store (its index blob named). */
    CONTAINERD_CONTENT_STORE,
    /** A bare CRIU image directory ({@code criu dump -D DIR}); its files appear as {@code checkpoint/<file>}. */
    CRIU_IMAGE_DIRECTORY
}
