/**
 * Checkpoint → image: {@link io.checkpointinspector.image.CheckpointImageBuilder} writes a checkpoint (any form the
 * archive layer reads) as an OCI archive that {@code podman load} takes and {@code podman container restore IMAGE}
 * restores, with the annotations Podman's {@code --create-image} writes. The checkpoint layer is written in one pass
 * (its digests and sizes computed while writing), only beside the target and renamed into place.
 */
package io.checkpointinspector.image;
