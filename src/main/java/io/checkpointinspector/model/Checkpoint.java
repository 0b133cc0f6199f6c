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
        ContainerdCheckpoint containerd,
        ChainInfo chain,
        List<ParentLink> parents) {

    public static final int SCHEMA_VERSION = 1;

    /** A checkpoint without images of pids outside its process tree. */
    public Checkpoint(int schemaVersion, SourceInfo source, CheckpointedContainer container, CriuInfo criu,
            Sizes sizes, DumpStats stats, List<ProcessInfo> processes, List<MountInfo> mounts, RootfsDiff rootfsDiff,
            List<ImageEntry> entries, List<String> warnings) {
        this(schemaVersion, source, container, criu, sizes, stats, processes, mounts, rootfsDiff, entries, warnings,
                List.of());
    }

    /** A checkpoint that is neither a containerd checkpoint image nor part of a pre-dump chain. */
    public Checkpoint(int schemaVersion, SourceInfo source, CheckpointedContainer container, CriuInfo criu,
            Sizes sizes, DumpStats stats, List<ProcessInfo> processes, List<MountInfo> mounts, RootfsDiff rootfsDiff,
            List<ImageEntry> entries, List<String> warnings, List<OutsideTreeImages> imagesOutsideTree) {
        this(schemaVersion, source, container, criu, sizes, stats, processes, mounts, rootfsDiff, entries, warnings,
                imagesOutsideTree, null, null, List.of());
    }

    /** This checkpoint read with its parents: their links, and the problems found joining them. */
    public Checkpoint withParents(List<ParentLink> links, List<String> chainWarnings) {
        List<String> all = new java.util.ArrayList<>(warnings);
        chainWarnings.stream().filter(w -> !all.contains(w)).forEach(all::add);
        return new Checkpoint(schemaVersion, source, container, criu, sizes, stats, processes, mounts, rootfsDiff,
                entries, all, imagesOutsideTree, containerd, chain, links);
    }

    public Checkpoint {
        processes = List.copyOf(processes);
        mounts = List.copyOf(mounts);
        entries = List.copyOf(entries);
        warnings = List.copyOf(warnings);
        imagesOutsideTree = imagesOutsideTree == null ? List.of() : List.copyOf(imagesOutsideTree);
        parents = parents == null ? List.of() : List.copyOf(parents);
    }
}
