package io.checkpointinspector.ui.memory;

import io.checkpointinspector.inspect.MemoryHit;
import io.checkpointinspector.inspect.VmaLookup;
import io.checkpointinspector.model.Vma;
import io.checkpointinspector.ui.common.ErrorText;
import io.checkpointinspector.ui.common.LatestTask;
import io.checkpointinspector.ui.common.Shown;
import io.checkpointinspector.ui.session.ViewContext;
import java.util.concurrent.CancellationException;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Memory view's state: the bytes of the selected area, the search of every process's dumped memory with its
 * progress and hits, and the bytes around the selected hit, all read in the background.
 */
final class MemoryViewModel {

    static final String NO_AREA = "Select a memory area in the table above to see its bytes.";
    static final String NO_HIT = "Select a hit to see the bytes around it.";

    private final MemoryBytesModel bytes;
    private final LatestTask areaReader;
    private final LatestTask searcher;
    private final LatestTask hitReader;
    private final ReadOnlyObjectWrapper<Shown<MemoryBytesModel.Page>> area = new ReadOnlyObjectWrapper<>(this,
            "area", Shown.message(NO_AREA));
    private final ReadOnlyObjectWrapper<Shown<MemoryBytesModel.Page>> hitBytes = new ReadOnlyObjectWrapper<>(this,
            "hitBytes", Shown.message(NO_HIT));
    private final ObservableList<MemoryHit> hits = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper searchStatus = new ReadOnlyStringWrapper(this, "searchStatus",
            "Searches the dumped memory of every process.");
    private final ReadOnlyStringWrapper noHits = new ReadOnlyStringWrapper(this, "noHits",
            "No search yet: type text or hex bytes above and press Enter.");

    private final javafx.collections.ObservableList<io.checkpointinspector.report.PinnedHit> pinned;
    private String lastQuery;

    private final java.util.List<Integer> outsideTree;

    MemoryViewModel(ViewContext context) {
        pinned = context.pinnedHits();
        bytes = new MemoryBytesModel(context.memoryAccess());
        outsideTree = context.checkpoint().imagesOutsideTree().stream()
                .map(io.checkpointinspector.model.OutsideTreeImages::pid).toList();
        areaReader = context.runner();
        searcher = context.runner();
        hitReader = context.runner();
        searcher.messageProperty().addListener((o, a, m) -> searchStatus.set(m));
    }

    /** The bytes of the selected area, or what stands in their place. */
    ReadOnlyObjectProperty<Shown<MemoryBytesModel.Page>> areaProperty() {
        return area.getReadOnlyProperty();
    }

    /** The bytes around the selected hit, or what stands in their place. */
    ReadOnlyObjectProperty<Shown<MemoryBytesModel.Page>> hitBytesProperty() {
        return hitBytes.getReadOnlyProperty();
    }

    /** The hits of the last search; replaced when it finishes. */
    ObservableList<MemoryHit> hits() {
        return hits;
    }

    /** The running search's progress, or the last search's outcome. */
    ReadOnlyStringProperty searchStatusProperty() {
        return searchStatus.getReadOnlyProperty();
    }

    /** What the hit table says while it is empty. */
    ReadOnlyStringProperty noHitsProperty() {
        return noHits.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty searchingProperty() {
        return searcher.runningProperty();
    }

    ReadOnlyDoubleProperty searchProgressProperty() {
        return searcher.progressProperty();
    }

    /** The page of area v of process pid from at (null: its start); v null: none. */
    void showArea(Integer pid, Vma v, Long at) {
        areaReader.cancel();
        if (v == null || pid == null) {
            area.set(Shown.message(NO_AREA));
            return;
        }
        long from = at == null ? VmaLookup.start(v) : at;
        areaReader.run(cancelled -> bytes.areaPage(pid, v, from, cancelled), page -> area.set(Shown.value(page)),
                error -> area.set(Shown.error("Cannot read the memory of PID " + pid + ":\n" + ErrorText.of(error))));
    }

    /**
     * Starts a search for the query read as mode, in the memory filter lets through; a query or filter that is not
     * valid says why instead.
     */
    void search(String query, MemoryBytesModel.Mode mode, java.util.function.Supplier<
            io.checkpointinspector.inspect.MemoryFilter> filter) {
        search(query, mode, false, false, filter);
    }

    /**
     * As above; ignoreCase (text mode) matches ASCII letters in either case, outsideTree adds the images of pids
     * the process tree does not list. The last search's hits and "Not found" go at once; the outcome says how long
     * the search took.
     */
    void search(String query, MemoryBytesModel.Mode mode, boolean ignoreCase, boolean outsideTree,
            java.util.function.Supplier<io.checkpointinspector.inspect.MemoryFilter> filter) {
        io.checkpointinspector.inspect.SearchPattern pattern;
        io.checkpointinspector.inspect.MemoryFilter f;
        try {
            pattern = MemoryBytesModel.pattern(query, mode, ignoreCase);
            f = filter.get();
        } catch (IllegalArgumentException e) {
            searchStatus.set(e.getMessage());
            return;
        }
        lastQuery = switch (mode) {
            case TEXT -> "";
            case HEX -> "hex ";
            case REGEX -> "regex ";
            case UTF16 -> "UTF-16LE ";
        } + query + (f.describeAreas().isEmpty() ? "" : " in " + f.describeAreas());
        hits.clear();
        hitBytes.set(Shown.message(NO_HIT));
        noHits.set("Searching…");
        long started = System.nanoTime();
        searcher.run(progress -> bytes.search(pattern, f, outsideTree, progress), r -> {
            noHits.set("Not found in the dumped memory.");
            hits.setAll(r.hits());
            searchStatus.set(MemoryBytesModel.summary(r, f) + " · took "
                    + io.checkpointinspector.text.Units.nanos(System.nanoTime() - started));
        }, error -> {
            noHits.set(error instanceof CancellationException ? "Search cancelled." : "Search failed.");
            searchStatus.set(error instanceof CancellationException ? "Search cancelled."
                    : "Search failed: " + ErrorText.of(error));
        });
    }

    /** Starts a search for the query (text as UTF-8, or hex bytes); a query that is not valid says why instead. */
    void search(String query, boolean hex) {
        byte[] pattern;
        try {
            pattern = MemoryBytesModel.pattern(query, hex);
        } catch (IllegalArgumentException e) {
            searchStatus.set(e.getMessage());
            return;
        }
        hits.clear();
        lastQuery = (hex ? "hex " : "") + query;
        hitBytes.set(Shown.message(NO_HIT));
        searcher.run(progress -> bytes.search(pattern, progress), r -> {
            noHits.set("Not found in the dumped memory.");
            hits.setAll(r.hits());
            searchStatus.set(MemoryBytesModel.summary(r));
        }, error -> searchStatus.set(error instanceof CancellationException ? "Search cancelled."
                : "Search failed: " + ErrorText.of(error)));
    }

    /** Pins hits for the report (once each: pid and address); the query they were found with goes with them. */
    void pin(java.util.List<MemoryHit> selected) {
        for (MemoryHit h : selected) {
            var pin = io.checkpointinspector.report.PinnedHit.of(h, lastQuery);
            if (pinned.stream().noneMatch(p -> p.pid() == pin.pid() && p.address().equals(pin.address()))) {
                pinned.add(pin);
            }
        }
    }

    /** Pids whose images the process tree does not list: searched only when asked. */
    java.util.List<Integer> pidsOutsideTree() {
        return outsideTree;
    }

    /** The hits pinned for the report in this checkpoint. */
    javafx.collections.ObservableList<io.checkpointinspector.report.PinnedHit> pinned() {
        return pinned;
    }

    void stopSearch() {
        if (searcher.cancel()) {
            searchStatus.set("Search cancelled.");
        }
    }

    /** The bytes around hit h; null: none. */
    void showHit(MemoryHit h) {
        hitReader.cancel();
        if (h == null) {
            return;
        }
        hitReader.run(cancelled -> bytes.aroundHit(h, cancelled), page -> hitBytes.set(Shown.value(page)),
                error -> hitBytes.set(Shown.error("Cannot read the memory of PID " + h.pid() + ":\n"
                        + ErrorText.of(error))));
    }
}
