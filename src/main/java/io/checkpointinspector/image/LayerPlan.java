package io.checkpointinspector.image;

import io.checkpointinspector.archive.SourceKind;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which source forms a checkpoint image is built from, and why the others are not. Each form's entries are its
 * checkpoint root as the archive layer delivers it (for an image source: its checkpoint layer), copied into the layer
 * as they are: a Podman export, a CRI-O/kubelet or containerd archive, an unpacked one, or a checkpoint image
 * becomes the layer Podman's {@code --create-image} writes. A new form is one line here.
 */
final class LayerPlan {

    private static final Map<SourceKind, String> REFUSED = new EnumMap<>(SourceKind.class);

    static {
        REFUSED.put(SourceKind.CRIU_IMAGE_DIRECTORY, "a bare CRIU image directory has no container record "
                + "(config.dump, spec.dump): no engine could restore an image of it");
    }

    private LayerPlan() {
    }

    /** Why kind cannot be built from; empty when it can. */
    static Optional<String> refusal(SourceKind kind) {
        return Optional.ofNullable(REFUSED.get(kind));
    }

    /**
     * Nested tars the layer carries, which an engine unpacks on restore (Podman: rootfs-diff.tar into the root
     * file system, devshm-checkpoint.tar into /dev/shm, volumes/NAME.tar into the volumes; CRIU: its tmpfs images):
     * their members are checked while they are copied, and a hostile one stops the build.
     */
    static boolean unpackedOnRestore(String entryName) {
        return entryName.endsWith(".tar") || entryName.endsWith(".tar.gz")
                || (entryName.startsWith("checkpoint/tmpfs-") && entryName.endsWith(".tar.gz.img"));
    }
}
