package io.checkpointinspector.model;

import java.util.List;

/**
 * Everything read from one checkpoint. This record is the JSON contract of {@code inspect --format json}
 * (documented in README.md): add fields, never rename or remove them without raising {@link #SCHEMA_VERSION}.
 */
public record Checkpoint(
        int schemaVersion,
        SourceInfo source,
        CheckpointedContainer container,
        CriuInfo criu,
        Sizes sizes,
        DumpStats stats,
        List<ProcessInfo> processes,
        List<MountInfo> mounts,
        RootfsDiff rootfsDiff,
        List<ImageEntry> entries,
        List<String> warnings,
        List<OutsideTreeImages> imagesOutsideTree,
        ContainerdCheckpoint containerd) {

    public static final int SCHEMA_VERSION = 1;

    /** A checkpoint that is not a containerd checkpoint image ({@link #containerd} null). */
    public Checkpoint(int schemaVersion, SourceInfo source, CheckpointedContainer container, CriuInfo criu,
            Sizes sizes, DumpStats stats, List<ProcessInfo> processes, List<MountInfo> mounts, RootfsDiff rootfsDiff,
            List<ImageEntry> entries, List<String> warnings, List<OutsideTreeImages> imagesOutsideTree) {
        this(schemaVersion, source, container, criu, sizes, stats, processes, mounts, rootfsDiff, entries, warnings,
                imagesOutsideTree, null);
    }

    /** A checkpoint without images of pids outside its process tree. */
    public Checkpoint(int schemaVersion, SourceInfo source, CheckpointedContainer container, CriuInfo criu,
            Sizes sizes, DumpStats stats, List<ProcessInfo> processes, List<MountInfo> mounts, RootfsDiff rootfsDiff,
            List<ImageEntry> entries, List<String> warnings) {
        this(schemaVersion, source, container, criu, sizes, stats, processes, mounts, rootfsDiff, entries, warnings,
                List.of());
    }

    public Checkpoint {
        processes = List.copyOf(processes);
        mounts = List.copyOf(mounts);
        entries = List.copyOf(entries);
        warnings = List.copyOf(warnings);
        imagesOutsideTree = imagesOutsideTree == null ? List.of() : List.copyOf(imagesOutsideTree);
    }
}
