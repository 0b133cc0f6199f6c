package io.checkpointinspector.discover;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Scans places for checkpoints, within {@link ScanLimits}, and lists them newest first. */
public final class CheckpointFinder {

    private final ScanLimits limits;

    public CheckpointFinder(ScanLimits limits) {
        this.limits = limits;
    }

    public ScanReport scan(List<Place> places) {
        return scan(places, () -> false);
    }

    /** cancelled is polled between files and entries; a cancelled scan returns what it found so far. */
    public ScanReport scan(List<Place> places, BooleanSupplier cancelled) {
        long start = System.nanoTime();
        ScanContext scan = new ScanContext(limits, cancelled);
        CheckpointReading reading = new CheckpointReading();
        FolderScan folders = new FolderScan(reading);
        PodmanStorage podman = new PodmanStorage(reading);
        ContainerdContent containerd = new ContainerdContent(reading);
        List<Place> looked = new ArrayList<>();
        for (Place place : places) {
            if (scan.stop()) {
                scan.note(place + ": not reached");
                continue;
            }
            looked.add(place);
            switch (place.kind()) {
                case PODMAN_STORAGE -> podman.scan(place, scan);
                case CONTAINERD_CONTENT -> containerd.scan(place, scan);
                default -> folders.scan(place, scan);
            }
        }
        List<FoundCheckpoint> rows = scan.rows();
        rows.sort(newestFirst());
        long ms = (System.nanoTime() - start) / 1_000_000;
        return new ScanReport(rows, scan.notes(), looked, ms, scan.cutShort());
    }

    /** Rows with a time newest first, then those without (readable before broken), each group by path. */
    static Comparator<FoundCheckpoint> newestFirst() {
        return Comparator.<FoundCheckpoint, java.time.Instant>comparing(FoundCheckpoint::time,
                Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(r -> !r.readable())
                .thenComparing(r -> r.path() == null ? r.where() : r.path());
    }
}
