package io.checkpointinspector.archive;

import java.util.concurrent.CancellationException;

/** Reports progress to a visitor at every entry and every 4 MiB, and turns cancellation into an exception. */
final class ScanProgress {

    private static final long STEP = 4L << 20;

    private final EntryVisitor visitor;
    private final long total;
    private long done;
    private long lastReported = Long.MIN_VALUE / 2;
    private String entry;
    private long lastCancelCheck;

    ScanProgress(EntryVisitor visitor, long total) {
        this.visitor = visitor;
        this.total = Math.max(0, total);
    }

    void checkCancelled() {
        if (visitor.isCancelled()) {
            throw new CancellationException("scan cancelled");
        }
    }

    /** A new entry starts; the position is whatever the counting stream last reported. */
    void entry(String name) {
        entry = name;
        checkCancelled();
        report();
    }

    /** A new entry starts at bytesDone. */
    void entry(String name, long bytesDone) {
        entry = name;
        advanceTo(bytesDone);
        checkCancelled();
        report();
    }

    /** Data up to bytesDone has been read or skipped. */
    void advanceTo(long bytesDone) {
        done = Math.max(done, Math.min(bytesDone, total));
        if (done - lastReported >= STEP) {
            checkCancelled();
            report();
        }
    }

    /** Decompressed data moved on; checks for cancellation every STEP bytes (compressed counts can lag far). */
    void decompressed(long totalDecompressed) {
        if (totalDecompressed - lastCancelCheck >= STEP) {
            lastCancelCheck = totalDecompressed;
            checkCancelled();
        }
    }

    void finish() {
        done = total;
        entry = null;
        report();
    }

    private void report() {
        lastReported = done;
        visitor.progress(done, total, entry);
    }
}
