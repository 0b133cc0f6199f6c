package io.checkpointinspector.model;

import java.util.List;

/** The container's file-system changes: entries of rootfs-diff.tar plus paths listed in deleted.files. */
public record RootfsDiff(int files, long bytes, List<RootfsEntry> entries, List<String> deleted) {

    public RootfsDiff {
        entries = List.copyOf(entries);
        deleted = List.copyOf(deleted);
    }

    public static RootfsDiff absent() {
        return new RootfsDiff(0, 0, List.of(), List.of());
    }
}
