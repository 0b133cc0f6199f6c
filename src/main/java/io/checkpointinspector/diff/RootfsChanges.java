package io.checkpointinspector.diff;

import io.checkpointinspector.model.RootfsEntry;
import java.util.List;

/**
 * The two root file-system diffs compared: entries only in B (added), only in A (removed), in both but different;
 * paths newly listed as deleted in B and no longer listed.
 */
public record RootfsChanges(
        List<RootfsEntry> added,
        List<RootfsEntry> removed,
        List<RootfsChange> changed,
        int unchanged,
        List<String> deletedAdded,
        List<String> deletedRemoved) {

    public RootfsChanges {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
        deletedAdded = List.copyOf(deletedAdded);
        deletedRemoved = List.copyOf(deletedRemoved);
    }

    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty() && deletedAdded.isEmpty()
                && deletedRemoved.isEmpty();
    }
}
