package io.checkpointinspector.ui.overview;

import io.checkpointinspector.model.ChainInfo;
import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.model.DumpStats;
import io.checkpointinspector.model.ParentLink;
import io.checkpointinspector.text.Units;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Overview's pre-dump chain rows and the dump statistics of the checkpoint and each parent, without FX. */
final class ChainFacts {

    /** One column of the statistics table: whose figures they are. */
    record StatsColumn(String title, String source, DumpStats stats) {
    }

    private ChainFacts() {
    }

    /** Role, link, pages in the parent, and each parent joined; empty when the checkpoint is not in a chain. */
    static List<Map.Entry<String, String>> rows(Checkpoint c) {
        ChainInfo ch = c.chain();
        List<Map.Entry<String, String>> out = new ArrayList<>();
        if (ch == null) {
            return out;
        }
        long page = c.criu() != null && c.criu().pageSize() != null ? c.criu().pageSize() : 4096;
        out.add(Map.entry("Role", ch.incremental() ? "incremental child (pages kept in a parent checkpoint)"
                : "pre-dump (memory pages only: the parent of a later checkpoint)"));
        out.add(Map.entry("Images", ch.imagesDir()));
        if (ch.parentLink() != null) {
            out.add(Map.entry("Parent link", ch.imagesDir() + "parent → " + ch.parentLink() + (ch.parentDir() == null
                    ? " (leaves this source: not followed)" : " (" + ch.parentDir() + ")")));
        } else if (ch.incremental()) {
            out.add(Map.entry("Parent link", "none"));
        }
        out.add(Map.entry("Pages in the parent", Units.count(ch.pagesInParent()) + " (" + Units.bytes(
                ch.pagesInParent() * page) + ")"));
        out.add(Map.entry("Pages in this checkpoint", Units.count(ch.pagesInImage()) + " (" + Units.bytes(
                ch.pagesInImage() * page) + ")"));
        out.add(Map.entry("Pids", ch.pids().toString()));
        if (c.parents().isEmpty()) {
            out.add(Map.entry("Memory", ch.incremental() ? "pages kept in the parent are not shown: open the parent "
                    + "with this checkpoint (drop both, or File → Open with parent…)" : ch.parentNote()));
        }
        for (ParentLink p : c.parents()) {
            out.add(Map.entry("Parent " + p.depth(), p.source() + " (" + p.imagesDir() + ", " + p.role() + ")"));
            out.add(Map.entry("  reached by", p.linkTarget() == null ? "opened with it (no parent link)"
                    : "parent → " + p.linkTarget()));
            out.add(Map.entry("  pages", Units.count(p.pagesHeld()) + " held, " + Units.count(p.pagesSupplied())
                    + " read from it" + (p.pagesMissing() > 0 ? ", " + Units.count(p.pagesMissing())
                            + " marked in the parent but not in it" : "")));
        }
        return out;
    }

    /** The checkpoint's statistics, then each parent's (a pre-dump's own), nearest first. */
    static List<StatsColumn> statsColumns(Checkpoint c) {
        List<StatsColumn> out = new ArrayList<>();
        out.add(new StatsColumn(c.chain() != null && c.chain().preDump() ? "This pre-dump" : "This checkpoint",
                c.source().path(), c.stats()));
        for (ParentLink p : c.parents()) {
            out.add(new StatsColumn("Parent " + p.depth() + (ChainInfo.PRE_DUMP.equals(p.role()) ? " (pre-dump)"
                    : " (dump)"), p.source(), p.stats()));
        }
        return out;
    }

    /** The statistics' rows: a name and one value per column. */
    static List<List<String>> statsRows(List<StatsColumn> columns) {
        String[] names = {"Freezing", "Frozen", "Memory dump", "Memory write", "Pages scanned", "Pages written",
            "Pages skipped (in parent)", "Pages lazy"};
        List<List<String>> rows = new ArrayList<>();
        for (int r = 0; r < names.length; r++) {
            List<String> row = new ArrayList<>(List.of(names[r]));
            for (StatsColumn col : columns) {
                DumpStats s = col.stats() == null ? DumpStats.absent() : col.stats();
                row.add(switch (r) {
                    case 0 -> Units.micros(s.freezingTimeUs());
                    case 1 -> Units.micros(s.frozenTimeUs());
                    case 2 -> Units.micros(s.memdumpTimeUs());
                    case 3 -> Units.micros(s.memwriteTimeUs());
                    case 4 -> count(s.pagesScanned());
                    case 5 -> count(s.pagesWritten());
                    case 6 -> count(s.pagesSkippedParent());
                    default -> count(s.pagesLazy());
                });
            }
            rows.add(row);
        }
        return rows;
    }

    private static String count(Long v) {
        return v == null ? "—" : Units.count(v);
    }
}
