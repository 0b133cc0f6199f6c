package io.checkpointinspector.runtime;

/** Podman's --print-stats figures for one checkpoint; times in microseconds, null when podman did not say. */
public record CheckpointStats(Long podmanDurationUs, Long runtimeDurationUs, Long freezingTimeUs, Long frozenTimeUs,
        Long memdumpTimeUs, Long memwriteTimeUs, Long pagesScanned, Long pagesWritten) {
}
