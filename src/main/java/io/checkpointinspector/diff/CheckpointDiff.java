package io.checkpointinspector.diff;

import java.util.List;

/**
 * The difference of checkpoint A (the older, usually) and B. This record is the JSON contract of
 * {@code diff --format json} (README.md): fields are only added; a rename or removal raises {@link #SCHEMA_VERSION}.
 * source rows are shown but never counted as differences (the same content may come in any form).
 */
public record CheckpointDiff(
        int schemaVersion,
        boolean identical,
        boolean sameContainer,
        String containerNote,
        List<FieldDiff> source,
        List<FieldDiff> container,
        List<FieldDiff> criu,
        List<FieldDiff> sizes,
        List<FieldDiff> stats,
        Summary summary,
        List<ProcessRef> processesAdded,
        List<ProcessRef> processesRemoved,
        List<ProcessChange> processes,
        RootfsChanges rootfs,
        List<String> warningsA,
        List<String> warningsB) {

    public static final int SCHEMA_VERSION = 1;

    /** Counts for the top of every view. */
    public record Summary(int processesAdded, int processesRemoved, int processesChanged, int processesUnchanged,
            int rootfsAdded, int rootfsRemoved, int rootfsChanged, int deletedAdded, int deletedRemoved,
            int metadataChanged) {
    }

    public CheckpointDiff {
        source = List.copyOf(source);
        container = List.copyOf(container);
        criu = List.copyOf(criu);
        sizes = List.copyOf(sizes);
        stats = List.copyOf(stats);
        processesAdded = List.copyOf(processesAdded);
        processesRemoved = List.copyOf(processesRemoved);
        processes = List.copyOf(processes);
        warningsA = List.copyOf(warningsA);
        warningsB = List.copyOf(warningsB);
    }
}
