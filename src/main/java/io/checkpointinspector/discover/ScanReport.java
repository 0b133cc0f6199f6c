package io.checkpointinspector.discover;

import java.util.List;

/**
 * What a scan found, newest first (rows without a time after those with one), and its notes: places skipped
 * (missing, permission denied, not a folder) and bounds that cut the scan short.
 *
 * @param cutShort a bound (entries, depth, time) left something unread; the notes say what
 */
public record ScanReport(List<FoundCheckpoint> rows, List<String> notes, List<Place> places, long elapsedMillis,
        boolean cutShort) {

    public ScanReport {
        rows = List.copyOf(rows);
        notes = List.copyOf(notes);
        places = List.copyOf(places);
    }
}
