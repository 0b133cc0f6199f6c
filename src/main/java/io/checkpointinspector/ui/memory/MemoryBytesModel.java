package io.checkpointinspector.ui.memory;

import io.checkpointinspector.criu.MemoryRead;
import io.checkpointinspector.inspect.MemoryDump;
import io.checkpointinspector.inspect.InspectListener;
import io.checkpointinspector.inspect.MemoryAccess;
import io.checkpointinspector.inspect.MemoryFilter;
import io.checkpointinspector.inspect.MemoryHit;
import io.checkpointinspector.inspect.SearchPattern;
import io.checkpointinspector.inspect.MemorySearchResult;
import io.checkpointinspector.inspect.VmaLookup;
import io.checkpointinspector.model.Vma;
import io.checkpointinspector.text.HexDump;
import io.checkpointinspector.text.Units;
import io.checkpointinspector.ui.common.LatestTask;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;

/**
 * The Memory view's access to process memory: pages of a memory area and the bytes around a search hit, read on
 * demand, and the search of every process. Runs the engine, on the caller's thread; never touches controls.
 */
final class MemoryBytesModel {

    /** Bytes shown at a time; Next and Previous reach the rest of an area. */
    static final int PAGE_BYTES = 64 << 10;

    /** Bytes shown around a hit: a few rows before it, the rest after. */
    static final int AROUND_HIT = 1024;

    /**
     * A page of memory to show.
     *
     * @param title  what it is ("pid 11 · 0x7f..–0x7f.. rw-p [heap]")
     * @param from   first address of the whole range (the area)
     * @param to     end of the whole range
     * @param read   the bytes of this page, with gaps
     * @param text   the hex and ASCII rows
     */
    record Page(int pid, String title, long from, long to, MemoryRead read, String text) {

        long pageStart() {
            return read.vaddr();
        }

        long pageEnd() {
            return read.vaddr() + read.length();
        }

        String note() {
            String shown = String.format(java.util.Locale.ROOT, "0x%x–0x%x", pageStart(), pageEnd());
            long inParent = 0;
            for (MemoryRead.Gap g : read.gaps()) {
                inParent += g.reason() == MemoryRead.Reason.IN_PARENT ? g.length() : 0;
            }
            long other = read.missingBytes() - inParent;
            return shown + " (" + Units.bytes(read.length()) + ")"
                    + (inParent == 0 ? "" : " · " + Units.bytes(inParent) + " in the parent checkpoint")
                    + (other == 0 ? "" : " · " + Units.bytes(other) + " not in the checkpoint");
        }
    }

    /**
     * Bytes read at once for an area and kept for the next pages: in a compressed archive every read decompresses
     * up to the pages entry again, so Next and Previous are served from this window (1 MiB, 16 pages) instead.
     */
    static final int WINDOW_BYTES = 1 << 20;

    private final MemoryAccess access;
    /** The window read last (guarded by this). */
    private Window window;

    private record Window(int pid, MemoryRead read) {
    }

    MemoryBytesModel(MemoryAccess access) {
        this.access = access;
    }

    /** The page of an area that starts at at (clamped into the area). */
    Page areaPage(int pid, Vma vma, long at, BooleanSupplier cancelled) throws IOException {
        long start = VmaLookup.start(vma);
        long end = VmaLookup.end(vma);
        long from = Math.max(start, Math.min(at, end - 1)) & ~15L;
        if (from < start) {
            from = start;
        }
        int len = (int) Math.min(PAGE_BYTES, end - from);
        String title = "PID " + pid + "  ·  " + vma.start() + "–" + vma.end() + "  " + vma.prot() + "  "
                + VmaFacts.label(vma);
        MemoryRead read = windowed(pid, from, len, start, end, cancelled);
        return new Page(pid, title, start, end, read, MemoryDump.of(read, MemoryBytesModel::describe));
    }

    /** from..from+len of an area start..end, from the window when it holds them, else from a new window. */
    private MemoryRead windowed(int pid, long from, int len, long start, long end, BooleanSupplier cancelled)
            throws IOException {
        synchronized (this) {
            if (window != null && window.pid() == pid && window.read().covers(from, len)) {
                return window.read().slice(from, len);
            }
        }
        long windowStart = Math.max(start, from & -(long) WINDOW_BYTES);
        if (from + len > windowStart + WINDOW_BYTES) {
            windowStart = from;
        }
        int windowLen = (int) Math.min(WINDOW_BYTES, end - windowStart);
        MemoryRead read = access.read(pid, windowStart, windowLen, listener(cancelled));
        synchronized (this) {
            window = new Window(pid, read);
        }
        return read.slice(from, len);
    }

    /** The bytes around a hit, in rows of 16 from a little before it. */
    Page aroundHit(MemoryHit hit, BooleanSupplier cancelled) throws IOException {
        // Two rows before the hit's row, so that the hit is near the top of what is shown.
        long from = (hit.address() & ~15L) - 32;
        if (Long.compareUnsigned(from, hit.address()) > 0) {
            from = 0;
        }
        MemoryRead read = access.read(hit.pid(), from, AROUND_HIT, listener(cancelled));
        String title = "PID " + hit.pid() + "  ·  hit at 0x" + Long.toHexString(hit.address()) + "  "
                + (hit.vmaLabel() == null ? "" : hit.vmaLabel().isEmpty() ? "[anonymous]" : hit.vmaLabel());
        return new Page(hit.pid(), title, from, from + AROUND_HIT, read, MemoryDump.of(read, MemoryBytesModel::describe));
    }

    /** Pages kept in the parent are said with what to do to see them; the rest as the command line says it. */
    static String describe(MemoryRead.Reason reason) {
        return reason == MemoryRead.Reason.IN_PARENT
                ? "in the parent checkpoint (open it with this one to see the bytes)" : MemoryDump.describe(reason);
    }

    /** How the query of a search is read. */
    enum Mode { TEXT, HEX, REGEX, UTF16 }

    /** What to find for a query in a mode; IllegalArgumentException says what is wrong. */
    static SearchPattern pattern(String query, Mode mode, boolean ignoreCase) {
        return mode == Mode.TEXT && ignoreCase && !query.isEmpty() ? SearchPattern.text(query, true)
                : pattern(query, mode);
    }

    static SearchPattern pattern(String query, Mode mode) {
        if (query.isEmpty()) {
            throw new IllegalArgumentException("type something to search for");
        }
        return switch (mode) {
            case TEXT -> SearchPattern.text(query);
            case HEX -> SearchPattern.hex(HexDump.parseHex(query));
            case REGEX -> SearchPattern.regex(query);
            case UTF16 -> SearchPattern.utf16(query);
        };
    }

    /** Searches the memory the filter lets through; progress and cancellation as below. */
    MemorySearchResult search(SearchPattern pattern, MemoryFilter filter, LatestTask.Progress progress)
            throws IOException {
        return search(pattern, filter, false, progress);
    }

    /** As above; outsideTree also searches the images of pids the process tree does not list. */
    MemorySearchResult search(SearchPattern pattern, MemoryFilter filter, boolean outsideTree,
            LatestTask.Progress progress) throws IOException {
        progress.updateMessage("Searching…");
        return access.search(pattern, filter, outsideTree, MemoryAccess.DEFAULT_MAX_HITS, new InspectListener() {
            @Override
            public void progress(long done, long total, String entry) {
                progress.updateProgress(done, Math.max(1, total));
                if (entry != null) {
                    progress.updateMessage("Searching " + entry + "…");
                }
            }

            @Override
            public boolean isCancelled() {
                return progress.isCancelled();
            }
        });
    }

    /** One line about a finished search in the areas a filter chose. */
    static String summary(MemorySearchResult r, MemoryFilter filter) {
        String s = summary(r);
        String areas = filter.describeAreas();
        return areas.isEmpty() ? s : s.replaceFirst(" in ", " in " + areas + ": ");
    }

    /** Bytes to find: the text as UTF-8, or hex digits; IllegalArgumentException says what is wrong. */
    static byte[] pattern(String query, boolean hex) {
        if (hex) {
            return HexDump.parseHex(query);
        }
        if (query.isEmpty()) {
            throw new IllegalArgumentException("type something to search for");
        }
        return query.getBytes(StandardCharsets.UTF_8);
    }

    /** Searches every process's dumped memory, reporting progress; stops at the next chunk once cancelled. */
    MemorySearchResult search(byte[] pattern, LatestTask.Progress progress) throws IOException {
        progress.updateMessage("Searching…");
        return access.search(pattern, OptionalInt.empty(), MemoryAccess.DEFAULT_MAX_HITS, new InspectListener() {
            @Override
            public void progress(long done, long total, String entry) {
                progress.updateProgress(done, Math.max(1, total));
                if (entry != null) {
                    progress.updateMessage("Searching " + entry + "…");
                }
            }

            @Override
            public boolean isCancelled() {
                return progress.isCancelled();
            }
        });
    }

    /** One line about a finished search. */
    static String summary(MemorySearchResult r) {
        return Units.count(r.hits().size()) + (r.hits().size() == 1 ? " hit" : " hits")
                + (r.capped() ? " (first " + Units.count(MemoryAccess.DEFAULT_MAX_HITS) + "; more exist)" : "")
                + " in " + Units.bytes(r.bytesSearched()) + " of " + r.processes()
                + (r.processes() == 1 ? " process" : " processes")
                + (r.warnings().isEmpty() ? "" : " · " + String.join("; ", r.warnings()));
    }

    private static InspectListener listener(BooleanSupplier cancelled) {
        return new InspectListener() {
            @Override
            public boolean isCancelled() {
                return cancelled.getAsBoolean();
            }
        };
    }
}
