package io.checkpointinspector.ui.overview;

import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.model.DumpStats;
import io.checkpointinspector.model.ImageEntry;
import io.checkpointinspector.model.ProcessInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.checkpointinspector.text.ContainerdFacts;
import java.util.TreeMap;

/** Figures the Overview shows, derived from the model without any FX. */
record OverviewModel(String title, String subtitle, long totalBytes, long pagesBytes, long rootfsBytes,
        long otherBytes, int processes, int threads, long dumpedBytes, int rootfsFiles, int deletedFiles,
        List<Phase> phases, long timelineMicros, List<Map.Entry<String, String>> annotations,
        Optional<Containerd> containerd) {

    /** The rows of the containerd card: index facts, blobs, runc's checkpoint and runtime options. */
    record Containerd(List<Map.Entry<String, String>> index, List<Map.Entry<String, String>> blobs,
            List<Map.Entry<String, String>> checkpointOptions, List<Map.Entry<String, String>> runtimeOptions) {
    }

    /** A phase of the dump on the timeline, in microseconds from the start of freezing. */
    record Phase(String name, long startUs, Long durationUs, String styleClass) {
    }

    static OverviewModel of(Checkpoint c) {
        var ct = c.container();
        String title = firstNonBlank(ct.name(), shortId(ct.id()), c.source().path());
        List<String> sub = new ArrayList<>();
        if (ct.engine() != null) {
            sub.add(ct.engine());
        }
        if (ct.image() != null) {
            sub.add(ct.image());
        }
        if (ct.checkpointed() != null) {
            sub.add("checkpointed " + ct.checkpointed());
        }
        long total = 0;
        for (ImageEntry e : c.entries()) {
            total += e.size();
        }
        long pages = c.sizes().memoryPagesBytes();
        long rootfs = c.sizes().rootfsDiffBytes();
        int threads = 0;
        long dumped = 0;
        for (ProcessInfo p : c.processes()) {
            threads += p.threads().size();
            dumped += p.memory() == null ? 0 : p.memory().dumpedBytes();
        }
        return new OverviewModel(title, String.join("  ·  ", sub), total, pages, rootfs,
                Math.max(0, total - pages - rootfs), c.processes().size(), threads, dumped, c.rootfsDiff().files(),
                c.rootfsDiff().deleted().size(), phases(c.stats()), timelineEnd(c.stats()),
                new ArrayList<>(new TreeMap<>(ct.annotations()).entrySet()),
                Optional.ofNullable(c.containerd()).map(d -> new Containerd(ContainerdFacts.index(d),
                        ContainerdFacts.blobs(d), ContainerdFacts.options(d.checkpointOptions()),
                        ContainerdFacts.options(d.runtimeOptions()))));
    }

    boolean hasStats() {
        return phases.stream().anyMatch(p -> p.durationUs() != null);
    }

    /**
     * CRIU measures freezing (until all tasks stop), then frozen (the whole time they stay stopped); dumping and
     * writing memory happen within the frozen time, one after the other.
     */
    private static List<Phase> phases(DumpStats s) {
        long freezing = nz(s.freezingTimeUs());
        long memdump = nz(s.memdumpTimeUs());
        return List.of(
                new Phase("Freezing", 0, s.freezingTimeUs(), "phase-freezing"),
                new Phase("Frozen", freezing, s.frozenTimeUs(), "phase-frozen"),
                new Phase("Memory dump", freezing, s.memdumpTimeUs(), "phase-memdump"),
                new Phase("Memory write", freezing + memdump, s.memwriteTimeUs(), "phase-memwrite"));
    }

    private static long timelineEnd(DumpStats s) {
        long a = nz(s.freezingTimeUs()) + nz(s.frozenTimeUs());
        long b = nz(s.freezingTimeUs()) + nz(s.memdumpTimeUs()) + nz(s.memwriteTimeUs());
        return Math.max(a, b);
    }

    private static long nz(Long v) {
        return v == null ? 0 : Math.max(0, v);
    }

    static String shortId(String id) {
        return id == null ? null : id.length() > 12 ? id.substring(0, 12) : id;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return "checkpoint";
    }
}
