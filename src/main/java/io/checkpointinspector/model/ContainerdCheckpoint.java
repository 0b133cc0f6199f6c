package io.checkpointinspector.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a containerd checkpoint image records beside the CRIU images: its index (name, digest, annotations, the blobs
 * it lists) and runc's options. containerd 1.6 keeps no container record in it (the config blob is the OCI spec
 * alone), so the container's id comes from the spec's cgroupsPath, which containerd's default spec sets to
 * /NAMESPACE/ID: {@link #cgroupsPath} and {@link #namespace} say where it came from.
 *
 * @param checkpointName    the image name the checkpoint was stored under, or null
 * @param indexDigest       digest of the checkpoint index, or null when the layout's index.json is the index
 * @param baseImage         the image the container ran (index annotation), or null
 * @param runtime           io.containerd.checkpoint.runtime, or null ({@code ctr tasks checkpoint} writes none)
 * @param snapshotter       io.containerd.checkpoint.snapshotter, or null
 * @param cgroupsPath       linux.cgroupsPath of the spec, or null
 * @param namespace         the containerd namespace read from cgroupsPath, or null
 * @param blobs             every blob the index lists
 * @param checkpointOptions runc's CheckpointOptions, or null when the checkpoint has none
 * @param runtimeOptions    runc's Options, or null when the checkpoint has none
 */
public record ContainerdCheckpoint(String checkpointName, String indexDigest, String baseImage, String runtime,
        String snapshotter, String cgroupsPath, String namespace, List<Blob> blobs, Options checkpointOptions,
        Options runtimeOptions) {

    public ContainerdCheckpoint {
        blobs = List.copyOf(blobs);
    }

    /**
     * @param role  what it holds (CRIU_IMAGES, CONFIG, CHECKPOINT_OPTIONS, RUNTIME_OPTIONS, RW_LAYER, IMAGE_MANIFEST, …)
     * @param entry the entry it is shown under, or null when it is not read
     */
    public record Blob(String role, String mediaType, String digest, long size, String entry) {
    }

    /**
     * A protobuf Any as read: its type and, when the type is known, every field by name (proto3: a field at its
     * default value is indistinguishable from an unset one, so all are listed).
     *
     * @param type   the Any's type URL
     * @param fields field name → value, in field-number order; empty when not decoded
     * @param note   why it was not decoded, or null
     */
    public record Options(String type, Map<String, String> fields, String note) {

        public Options {
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }
    }
}
