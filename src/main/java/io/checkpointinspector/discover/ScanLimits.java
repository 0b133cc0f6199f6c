package io.checkpointinspector.discover;

import java.time.Duration;

/**
 * Bounds of one scan.
 *
 * @param maxDepth           how deep below a folder place to look (1: only what the folder holds)
 * @param maxEntries         directory entries looked at per place before that place is cut short
 * @param time               the whole scan's time; what is not reached by then is named in a note
 * @param maxCompressedBytes compressed archives larger than this are listed, not read (a compressed archive can only
 *                           be read in one full pass)
 */
public record ScanLimits(int maxDepth, int maxEntries, Duration time, long maxCompressedBytes) {

    public ScanLimits {
        if (maxDepth < 1 || maxEntries < 1 || time.isNegative() || time.isZero() || maxCompressedBytes < 0) {
            throw new IllegalArgumentException("scan limits must be positive");
        }
    }

    public static ScanLimits defaults() {
        return new ScanLimits(2, 5_000, Duration.ofSeconds(10), 256L << 20);
    }
}
