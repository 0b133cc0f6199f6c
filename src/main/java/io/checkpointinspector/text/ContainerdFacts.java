package io.checkpointinspector.text;

import io.checkpointinspector.model.ContainerdCheckpoint;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The words for a containerd checkpoint image's own facts, the same in the tree output and the window. */
public final class ContainerdFacts {

    /** proto3 writes no field at its default value: these are what such a field reads as. */
    private static final Set<String> DEFAULTS = Set.of("", "false", "0");

    private ContainerdFacts() {
    }

    /** Checkpoint name, index digest, base image, runtime, snapshotter, cgroups path; absent ones left out. */
    public static List<Map.Entry<String, String>> index(ContainerdCheckpoint c) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        add(out, "Checkpoint image", c.checkpointName());
        add(out, "Index digest", c.indexDigest());
        add(out, "Base image", c.baseImage());
        add(out, "Runtime", c.runtime());
        add(out, "Snapshotter", c.snapshotter());
        add(out, "Namespace", c.namespace());
        add(out, "Cgroups path", c.cgroupsPath() == null ? null
                : c.cgroupsPath() + (c.namespace() != null ? " (the container ID is read from it)" : ""));
        return out;
    }

    /** One line per blob: "CRIU images → checkpoint/", "179,200 B, sha256:…, media type". */
    public static List<Map.Entry<String, String>> blobs(ContainerdCheckpoint c) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (ContainerdCheckpoint.Blob b : c.blobs()) {
            String key = role(b.role()) + (b.entry() == null ? " (not read)" : " → " + b.entry());
            out.add(new SimpleImmutableEntry<>(key, Units.bytes(Math.max(0, b.size())) + "  " + b.digest() + "  "
                    + b.mediaType()));
        }
        return out;
    }

    /**
     * The options' fields that are set, then one line for the rest; the type and why it is not decoded when it is
     * not. Empty for null options.
     */
    public static List<Map.Entry<String, String>> options(ContainerdCheckpoint.Options o) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        if (o == null) {
            return out;
        }
        add(out, "Type", o.type());
        if (o.note() != null) {
            add(out, "Not decoded", o.note());
            return out;
        }
        int defaults = 0;
        for (Map.Entry<String, String> f : o.fields().entrySet()) {
            if (DEFAULTS.contains(f.getValue())) {
                defaults++;
            } else {
                out.add(new SimpleImmutableEntry<>(f.getKey(), f.getValue()));
            }
        }
        if (defaults > 0) {
            out.add(new SimpleImmutableEntry<>(out.size() == 1 ? "All fields" : "Other fields",
                    "false, 0 or empty (" + defaults + (defaults == 1 ? " field" : " fields") + ")"));
        }
        return out;
    }

    static String role(String role) {
        return switch (role) {
            case "CRIU_IMAGES" -> "CRIU images";
            case "CRIU_PRE_DUMP" -> "CRIU pre-dump";
            case "CONFIG" -> "Config (OCI spec)";
            case "CHECKPOINT_OPTIONS" -> "Checkpoint options";
            case "RUNTIME_OPTIONS" -> "Runtime options";
            case "RW_LAYER" -> "rw layer";
            case "IMAGE_MANIFEST" -> "Base image manifest";
            default -> "Unknown blob";
        };
    }

    private static void add(List<Map.Entry<String, String>> out, String key, String value) {
        if (value != null) {
            out.add(new SimpleImmutableEntry<>(key, value));
        }
    }
}
