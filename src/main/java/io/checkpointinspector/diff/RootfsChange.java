package io.checkpointinspector.diff;

import java.util.List;

/** A root file-system entry in both checkpoints' diffs whose type, size, mode or link differ. */
public record RootfsChange(String path, List<FieldDiff> fields) {

    public RootfsChange {
        fields = List.copyOf(fields);
    }
}
