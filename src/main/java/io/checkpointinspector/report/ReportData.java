package io.checkpointinspector.report;

import io.checkpointinspector.model.Checkpoint;
import java.util.List;

/**
 * What a report holds: the checkpoint's model and the report's own facts. sourceSha256 is null for a directory
 * source (no single file to hash); hashNote then says so.
 */
public record ReportData(Checkpoint checkpoint, String sourceSha256, String hashNote, String generated,
        String toolVersion, List<PinnedHit> pinnedHits) {

    public ReportData {
        pinnedHits = List.copyOf(pinnedHits);
    }
}
