package io.checkpointinspector.ui.memory;

import io.checkpointinspector.model.ProcessInfo;
import io.checkpointinspector.inspect.VmaLookup;
import io.checkpointinspector.model.Vma;
import io.checkpointinspector.ui.common.Cells;
import io.checkpointinspector.ui.common.Columns;
import io.checkpointinspector.ui.common.Controls;
import io.checkpointinspector.ui.common.StackedBar;
import io.checkpointinspector.ui.common.TableCopy;
import io.checkpointinspector.ui.common.Tips;
import io.checkpointinspector.text.Units;
import io.checkpointinspector.ui.session.InspectorView;
import io.checkpointinspector.ui.session.ViewContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * Memory per process: its areas by kind and in address order, the bytes of the selected area, a search of every
 * process's dumped memory, and dumped memory of every process compared.
 */
public final class MemoryView implements InspectorView {

    /** Bars in the per-process chart; the rest are summed up in the note below it. */
    private static final int CHART_PROCESSES = 25;

    private final SplitPane root;
    private final TableView<ProcessInfo> processes = new TableView<>();
    private final Label title = Controls.styled("", "pane-title");
    private final StackedBar byKind = new StackedBar();
    private final FlowPane legend = new FlowPane(16, 6);
    private final VmaStrip strip = new VmaStrip();
    private final Label hover = Controls.styled(" ", "mono-label");
    private final TableView<Vma> vmaTable;
    private final MemoryViewModel model;
    private final MemoryBytesPane areaBytes = new MemoryBytesPane("memory-area-bytes", MemoryViewModel.NO_AREA);
    private final MemorySearchPane searchPane;
    private final StringsPane stringsPane;
    private final TabPane lower = new TabPane();
    private final Tab bytesTab = new Tab("Bytes of the area");
    private ProcessInfo shown;

    public MemoryView(ViewContext context) {
        List<ProcessInfo> all = context.checkpoint().processes();
        var chain = context.checkpoint().chain();
        boolean incremental = chain != null && chain.incremental();
        vmaTable = VmaTable.create(incremental);
        model = new MemoryViewModel(context);
        searchPane = new MemorySearchPane(model, all);
        stringsPane = new StringsPane(new StringsViewModel(context));
        stringsPane.setOnOpen(this::showString);
        model.areaProperty().addListener((o, a, shown) -> areaBytes.show(shown));
        processes.setId("memory-processes");
        processes.setItems(FXCollections.observableArrayList(all));
        processes.getColumns().add(Columns.number("PID", ProcessInfo::pid, 52));
        processes.getColumns().add(Columns.text("Name", ProcessInfo::comm, 110));
        processes.getColumns().add(Columns.size("Mapped", p -> p.memory() == null ? 0 : p.memory().mappedBytes(), 80));
        processes.getColumns().add(Columns.size("Dumped", p -> p.memory() == null ? 0 : p.memory().dumpedBytes(), 80));
        if (incremental) {
            processes.getColumns().add(Columns.size("In parent", MemoryView::inParent, 80));
        }
        processes.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        processes.setFixedCellSize(Cells.ROW_HEIGHT);
        processes.setPlaceholder(Controls.placeholder("No processes."));
        TableCopy.install(processes);
        processes.getSelectionModel().selectedItemProperty().addListener((o, a, p) -> show(p));

        byKind.setId("memory-by-kind");
        strip.setId("vma-strip");
        vmaTable.setId("memory-vma-table");
        strip.setOnHover(v -> hover.setText(v == null ? " " : VmaStrip.describe(v)));
        Label kindTitle = Controls.styled("Mapped memory by kind", "card-title");
        Label mapTitle = Controls.styled("Memory areas in address order, width by size (solid: dumped part"
                + (incremental ? "; hatched: in the parent checkpoint)" : ")"), "card-title");
        VBox detail = new VBox(6, title, kindTitle, byKind, legend, mapTitle, strip, hover, vmaTable);
        if (incremental) {
            Label note = new Label(chainNote(context), VmaStrip.hatchSwatch());
            note.setId("memory-chain-note");
            note.setWrapText(true);
            note.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            note.setMaxWidth(Double.MAX_VALUE);
            note.getStyleClass().add("muted");
            if (!context.checkpoint().parents().isEmpty()) {
                Tips.text(note, String.join("\n", context.checkpoint().parents().stream()
                        .map(io.checkpointinspector.model.ParentLink::source).toList()));
            }
            detail.getChildren().add(detail.getChildren().indexOf(hover), note);
        }
        detail.setPadding(new Insets(10, 14, 10, 14));
        VBox.setVgrow(vmaTable, javafx.scene.layout.Priority.ALWAYS);
        vmaTable.setPrefHeight(220);

        vmaTable.getSelectionModel().selectedItemProperty().addListener((o, a, v) -> showArea(v, null));
        areaBytes.setOnSeek(at -> showArea(vmaTable.getSelectionModel().getSelectedItem(), at));
        areaBytes.setOnGoTo(this::goTo);
        searchPane.setOnOpen(h -> {
            if (h.inProcessTree() && reveal(h.pid(), h.address(), h.matchLength())) {
                return;
            }
            areaBytes.showMessage("The hit at 0x" + Long.toHexString(h.address()) + " of PID " + h.pid()
                    + " lies in no memory area of a process of the tree.");
            lower.getSelectionModel().select(bytesTab);
        });
        context.selectedPid().addListener((o, a, pid) -> follow(pid));
        bytesTab.setContent(areaBytes);
        Tab searchTab = new Tab("Search memory", searchPane);
        searchTab.setId("memory-search-tab");
        Tab chartTab = new Tab("Dumped per process", dumpedChart(all));
        Tab stringsTab = new Tab("Strings", stringsPane);
        stringsTab.setId("memory-strings-tab");
        lower.getTabs().setAll(bytesTab, searchTab, stringsTab, chartTab);
        lower.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        lower.setId("memory-lower");
        SplitPane right = new SplitPane(new ScrollPane(detail), lower);
        ((ScrollPane) right.getItems().get(0)).setFitToWidth(true);
        ((ScrollPane) right.getItems().get(0)).setFitToHeight(true);
        right.setOrientation(Orientation.VERTICAL);
        // The area table gets most of the height while its bytes are shown; a search needs room for its hits and
        // the bytes around the selected one, so that tab moves the divider up.
        right.setDividerPositions(0.64);
        lower.getSelectionModel().selectedItemProperty().addListener((o, was, now) ->
                right.setDividerPositions(now == searchTab || now == stringsTab ? 0.42 : 0.64));
        root = new SplitPane(processes, right);
        root.setDividerPositions(0.28);
        root.setId("memory");
        if (!all.isEmpty()) {
            processes.getSelectionModel().select(0);
            follow(context.selectedPid().get());
        } else {
            show(null);
        }
    }

    /** What the hatch means here: bytes not in this checkpoint, or read through the parents opened with it. */
    static String chainNote(ViewContext context) {
        var c = context.checkpoint();
        long bytes = 0;
        for (ProcessInfo p : c.processes()) {
            bytes += inParent(p);
        }
        String amount = Units.bytes(bytes) + " of the areas' memory " + (bytes == 0 ? "is" : "is kept")
                + " in the parent checkpoint";
        if (context.loaded().chained()) {
            var first = c.parents().get(0);
            long missing = c.parents().stream().mapToLong(io.checkpointinspector.model.ParentLink::pagesMissing)
                    .sum();
            String name = java.nio.file.Path.of(first.source()).getFileName() == null ? first.source()
                    : java.nio.file.Path.of(first.source()).getFileName().toString();
            return amount + ": read through " + (c.parents().size() == 1 ? "the parent " : c.parents().size()
                    + " parents, nearest ") + name + (missing > 0 ? "; " + Units.count(missing)
                    + " pages are in none of them" : "") + ".";
        }
        return amount + " and not in this one: open the parent with it (drop both, or File → Open with parent…) "
                + "to see those bytes and search them.";
    }

    private static long inParent(ProcessInfo p) {
        long n = 0;
        if (p.memory() != null) {
            for (Vma v : p.memory().vmas()) {
                n += v.inParentBytes();
            }
        }
        return n;
    }

    /** Shows the process selected in the Processes view. */
    private void follow(Integer pid) {
        if (pid == null) {
            return;
        }
        processes.getItems().stream().filter(p -> p.pid() == pid).findFirst().ifPresent(p -> {
            processes.getSelectionModel().select(p);
            processes.scrollTo(p);
        });
    }

    /**
     * Shows the bytes at address of pid in their area, the length bytes from there selected; false when no area of
     * the process holds the address.
     */
    private boolean reveal(int pid, long address, int length) {
        ProcessInfo p = processes.getItems().stream().filter(x -> x.pid() == pid).findFirst().orElse(null);
        if (p == null || p.memory() == null) {
            return false;
        }
        Vma v = new VmaLookup(p.memory().vmas()).find(address).orElse(null);
        if (v == null) {
            return false;
        }
        if (shown != p) {
            processes.getSelectionModel().select(p);
        }
        vmaTable.getSelectionModel().select(v);
        vmaTable.scrollTo(v);
        areaBytes.highlight(address, length);
        showArea(v, address & ~0xfL);
        return true;
    }

    /** Go to: a virtual address of the shown process (hex), or +offset into the selected area. */
    private void goTo(String text) {
        Vma selected = vmaTable.getSelectionModel().getSelectedItem();
        long address;
        try {
            if (text.startsWith("+")) {
                String off = text.substring(1).trim().toLowerCase(java.util.Locale.ROOT);
                long offset = off.startsWith("0x") ? Long.parseLong(off.substring(2), 16) : Long.parseLong(off);
                if (selected == null) {
                    areaBytes.showMessage("Select a memory area first: +" + off + " is an offset into it.");
                    return;
                }
                address = VmaLookup.start(selected) + offset;
            } else {
                address = VmaLookup.parseHex(text);
            }
        } catch (RuntimeException e) {
            areaBytes.showMessage("Go to wants a hex address (0x7ffd4000) or +offset into the area (+4096, +0x1000);"
                    + " got \"" + text + "\".");
            return;
        }
        if (shown == null || !reveal(shown.pid(), address, 1)) {
            areaBytes.showMessage(String.format(java.util.Locale.ROOT, "0x%x is in no memory area of PID %s.",
                    address, shown == null ? "?" : String.valueOf(shown.pid())));
        }
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void focusSearch() {
        lower.getSelectionModel().select(1);
        searchPane.focusQuery();
    }

    /** The bytes of an area of the shown process, from at (null: its start), read in the background. */
    private void showArea(Vma v, Long at) {
        if (v != null && shown != null) {
            lower.getSelectionModel().select(bytesTab);
        }
        model.showArea(shown == null ? null : shown.pid(), v, at);
    }

    /** The bytes of the area holding a listed string, from the string's row on. */
    private void showString(io.checkpointinspector.inspect.MemoryString s) {
        if (shown == null || shown.pid() != s.pid()) {
            return;
        }
        for (Vma v : vmaTable.getItems()) {
            if (Long.compareUnsigned(io.checkpointinspector.inspect.VmaLookup.start(v), s.address()) <= 0
                    && Long.compareUnsigned(s.address(), io.checkpointinspector.inspect.VmaLookup.end(v)) < 0) {
                vmaTable.getSelectionModel().select(v);
                vmaTable.scrollTo(v);
                showArea(v, s.address());
                return;
            }
        }
    }

    private void show(ProcessInfo p) {
        shown = p;
        stringsPane.setProcess(p);
        model.showArea(null, null, null);
        if (p == null) {
            title.setText("Select a process");
            byKind.setParts(List.of());
            legend.getChildren().clear();
            strip.setVmas(List.of());
            VmaTable.show(vmaTable, List.of());
            return;
        }
        List<Vma> vmas = p.memory() == null ? List.of() : p.memory().vmas();
        long mapped = p.memory() == null ? 0 : p.memory().mappedBytes();
        long dumped = p.memory() == null ? 0 : p.memory().dumpedBytes();
        title.setText("PID " + p.pid() + "  ·  " + Units.orDash(p.comm()) + "  ·  " + vmas.size() + " areas, "
                + Units.bytes(mapped) + " mapped, " + Units.bytes(dumped) + " dumped"
                + (inParent(p) > 0 ? ", " + Units.bytes(inParent(p)) + " in the parent checkpoint" : ""));
        Map<String, long[]> kinds = new LinkedHashMap<>();
        for (String k : VmaFacts.KINDS) {
            kinds.put(k, new long[2]);
        }
        for (Vma v : vmas) {
            long[] t = kinds.computeIfAbsent(v.kind() == null ? "anon" : v.kind(), k -> new long[2]);
            t[0] += VmaFacts.size(v);
            t[1] += v.dumpedBytes();
        }
        List<StackedBar.Part> parts = new ArrayList<>();
        legend.getChildren().clear();
        kinds.forEach((kind, t) -> {
            if (t[0] > 0) {
                parts.add(new StackedBar.Part(VmaFacts.displayName(kind), t[0], VmaFacts.styleClass(kind)));
                Label l = VmaTable.legendEntry(kind, VmaFacts.displayName(kind) + "  " + Units.bytes(t[0])
                        + "  (dumped " + Units.bytes(t[1]) + ")");
                Tips.text(l, Units.exactBytes(t[0]) + " mapped, " + Units.exactBytes(t[1]) + " dumped");
                legend.getChildren().add(l);
            }
        });
        byKind.setParts(parts);
        strip.setVmas(vmas);
        VmaTable.show(vmaTable, vmas);
    }

    private static Node dumpedChart(List<ProcessInfo> all) {
        List<ProcessInfo> top = new ArrayList<>(all);
        top.sort(Comparator.comparingLong((ProcessInfo p) -> p.memory() == null ? 0 : p.memory().dumpedBytes())
                .reversed());
        List<ProcessInfo> shown = top.subList(0, Math.min(CHART_PROCESSES, top.size()));
        long max = shown.stream().mapToLong(p -> p.memory() == null ? 0 : p.memory().dumpedBytes()).max().orElse(0);
        long unit = max >= (64L << 20) ? 1L << 20 : 1L << 10;
        NumberAxis x = new NumberAxis();
        x.setLabel("Dumped memory");
        x.setForceZeroInRange(true);
        x.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number n) {
                return Units.bytes(Math.round(n.doubleValue() * unit));
            }

            @Override
            public Number fromString(String s) {
                return 0;
            }
        });
        CategoryAxis y = new CategoryAxis();
        BarChart<Number, String> chart = new BarChart<>(x, y);
        chart.setId("dumped-chart");
        chart.setLegendVisible(false);
        chart.setAnimated(false);
        chart.setTitle("Dumped memory per process" + (all.size() > shown.size()
                ? " (largest " + shown.size() + " of " + all.size() + ")" : ""));
        XYChart.Series<Number, String> series = new XYChart.Series<>();
        List<ProcessInfo> ascending = new ArrayList<>(shown);
        java.util.Collections.reverse(ascending);
        for (ProcessInfo p : ascending) {
            long d = p.memory() == null ? 0 : p.memory().dumpedBytes();
            XYChart.Data<Number, String> data = new XYChart.Data<>((double) d / unit, p.pid() + " " + Units.orDash(p.comm()));
            series.getData().add(data);
        }
        chart.getData().add(series);
        for (int i = 0; i < ascending.size(); i++) {
            ProcessInfo p = ascending.get(i);
            Node bar = series.getData().get(i).getNode();
            if (bar != null) {
                Tips.text(bar, "PID " + p.pid() + ": " + Units.exactBytes(
                        p.memory() == null ? 0 : p.memory().dumpedBytes()));
            }
        }
        // Bars take most of their row (at least 14 px), and every process keeps its label: rows never get thinner
        // than a label, the chart scrolls instead.
        chart.setBarGap(0);
        chart.setCategoryGap(6);
        y.setTickLabelGap(4);
        chart.setMinHeight(80 + 22 * shown.size());
        chart.setPrefHeight(Math.max(220, 80 + 26 * shown.size()));
        ScrollPane scroll = new ScrollPane(chart);
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(shown.size() < 10);
        BorderPane box = new BorderPane(scroll);
        box.setPadding(new Insets(4));
        return box;
    }
}
