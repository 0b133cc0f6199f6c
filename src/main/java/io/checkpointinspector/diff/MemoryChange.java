package io.checkpointinspector.diff;

import io.checkpointinspector.model.Vma;
import java.util.List;

/** One process's memory in both checkpoints: totals side by side and its areas (matched by start address). */
public record MemoryChange(
        FieldDiff vmaCount,
        FieldDiff mappedBytes,
        FieldDiff dumpedBytes,
        List<Vma> vmasAdded,
        List<Vma> vmasRemoved,
        List<VmaChange> vmasResized) {

    public MemoryChange {
        vmasAdded = List.copyOf(vmasAdded);
        vmasRemoved = List.copyOf(vmasRemoved);
        vmasResized = List.copyOf(vmasResized);
    }

    public boolean changed() {
        return vmaCount.changed() || mappedBytes.changed() || dumpedBytes.changed()
                || !vmasAdded.isEmpty() || !vmasRemoved.isEmpty() || !vmasResized.isEmpty();
    }
}
