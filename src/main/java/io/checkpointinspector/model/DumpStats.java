package io.checkpointinspector.model;

/** CRIU's dump statistics from stats-dump. Every field is null when the checkpoint has no stats. */
public record DumpStats(
        Long freezingTimeUs,
        Long frozenTimeUs,
        Long memdumpTimeUs,
        Long memwriteTimeUs,
        Long pagesScanned,
        Long pagesSkippedParent,
        Long pagesWritten,
        Long pagesLazy) {

    public static DumpStats absent() {
        return new DumpStats(null, null, null, null, null, null, null, null);
    }
}
