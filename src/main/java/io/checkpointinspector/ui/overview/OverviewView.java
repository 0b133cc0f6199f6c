package io.checkpointinspector.ui.overview;

import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.model.CheckpointedContainer;
import io.checkpointinspector.model.CriuInfo;
import io.checkpointinspector.model.DumpStats;
import io.checkpointinspector.model.MountInfo;
import io.checkpointinspector.ui.common.Cells;
import io.checkpointinspector.ui.common.Controls;
import io.checkpointinspector.ui.common.KeyValueGrid;
import io.checkpointinspector.ui.common.StackedBar;
import io.checkpointinspector.ui.common.TableCopy;
import io.checkpointinspector.ui.common.Tips;
import io.checkpointinspector.text.Units;
import io.checkpointinspector.ui.session.InspectorView;
import io.checkpointinspector.ui.session.ViewContext;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.animation.AnimationTimer;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** Overview: who the container is, how CRIU dumped it, sizes, dump timeline, annotations and mounts. */
public final class OverviewView implements InspectorView {

    private final ScrollPane root;
    private final TextField annotationFilter = Controls.filterField("Filter annotations…");

    {
        annotationFilter.setId("annotation-filter");
    }

    public OverviewView(ViewContext context) {
        Checkpoint c = context.checkpoint();
        OverviewModel m = OverviewModel.of(c);
        VBox content = new VBox(16, header(m), facts(m),
                new HBox(16, grow(containerCard(c.container())), grow(criuCard(c))));
        m.containerd().ifPresent(d -> content.getChildren().add(containerdCard(d)));
        if (c.chain() != null) {
            content.getChildren().add(chainCard(c));
        }
        content.getChildren().addAll(sizesCard(m), statsCard(m, c));
        // The tables below the fold follow one frame later, so the first frame of a new checkpoint is quick.
        new AnimationTimer() {
            private int frames;

            @Override
            public void handle(long now) {
                if (++frames == 2) {
                    stop();
                    content.getChildren().addAll(annotationsCard(m), mountsCard(c.mounts()));
                }
            }
        }.start();
        content.setPadding(new Insets(18, 20, 24, 20));
        content.getStyleClass().add("overview");
        root = new ScrollPane(content);
        root.setFitToWidth(true);
        root.getStyleClass().add("overview-scroll");
        root.setId("overview");
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void focusSearch() {
        annotationFilter.requestFocus();
    }

    private static Node header(OverviewModel m) {
        Label title = Controls.styled(m.title(), "overview-title");
        title.setId("overview-container-name");
        Label sub = Controls.styled(m.subtitle(), "overview-subtitle");
        return new VBox(2, title, sub);
    }

    private static Node facts(OverviewModel m) {
        FlowPane row = new FlowPane(10, 10,
                fact(Units.count(m.processes()), m.processes() == 1 ? "process" : "processes", null),
                fact(Units.count(m.threads()), m.threads() == 1 ? "thread" : "threads", null),
                fact(Units.bytes(m.dumpedBytes()), "memory dumped", Units.exactBytes(m.dumpedBytes())),
                fact(Units.count(m.rootfsFiles()), m.rootfsFiles() == 1 ? "file changed" : "files changed", null),
                fact(Units.count(m.deletedFiles()), "deleted", null),
                fact(Units.bytes(m.totalBytes()), "in the checkpoint", Units.exactBytes(m.totalBytes())));
        row.getStyleClass().add("facts");
        return row;
    }

    private static Node fact(String number, String what, String tooltip) {
        Label n = Controls.styled(number, "fact-number");
        Label w = Controls.styled(what, "fact-label");
        VBox box = new VBox(0, n, w);
        box.getStyleClass().add("fact");
        if (tooltip != null) {
            Tips.text(box, tooltip);
        }
        return box;
    }

    private static Node containerCard(CheckpointedContainer ct) {
        KeyValueGrid g = new KeyValueGrid();
        g.add("Name", ct.name());
        g.add("ID", OverviewModel.shortId(ct.id()), ct.id());
        g.add("Image", ct.image());
        g.add("Image ID", OverviewModel.shortId(ct.imageId()), ct.imageId());
        g.add("Engine", ct.engine());
        g.add("Runtime", ct.runtime());
        g.add("Created", ct.created());
        g.add("Checkpointed", ct.checkpointed());
        if (ct.pod() != null || ct.namespace() != null) {
            g.add("Pod", ct.pod());
            g.add("Namespace", ct.namespace());
        }
        return Controls.card("Container", g);
    }

    /** The checkpoint index's facts, its blobs and runc's options of a containerd checkpoint image. */
    private static Node containerdCard(OverviewModel.Containerd d) {
        KeyValueGrid index = grid(d.index());
        index.setId("containerd-index");
        KeyValueGrid blobs = grid(d.blobs());
        blobs.setId("containerd-blobs");
        VBox card = Controls.card("containerd checkpoint", index, subtitle("Blobs  ·  " + d.blobs().size()), blobs);
        card.setId("containerd-card");
        if (!d.checkpointOptions().isEmpty()) {
            KeyValueGrid g = grid(d.checkpointOptions());
            g.setId("containerd-checkpoint-options");
            card.getChildren().addAll(subtitle("Checkpoint options (runc)"), g);
        }
        if (!d.runtimeOptions().isEmpty()) {
            KeyValueGrid g = grid(d.runtimeOptions());
            g.setId("containerd-runtime-options");
            card.getChildren().addAll(subtitle("Runtime options (runc)"), g);
        }
        return card;
    }

    private static KeyValueGrid grid(List<Map.Entry<String, String>> rows) {
        KeyValueGrid g = new KeyValueGrid();
        rows.forEach(e -> g.add(e.getKey(), e.getValue()));
        return g;
    }

    private static Label subtitle(String text) {
        Label l = Controls.styled(text, "card-title");
        VBox.setMargin(l, new Insets(8, 0, 0, 0));
        return l;
    }

    private static Node criuCard(Checkpoint c) {
        CriuInfo criu = c.criu();
        KeyValueGrid g = new KeyValueGrid();
        g.add("CRIU version", criu.version());
        g.add("Images version", criu.imagesVersion());
        g.add("Architecture", criu.arch());
        g.add("Page size", criu.pageSize() == null ? null : Units.bytes(criu.pageSize()));
        KeyValueGrid net = new KeyValueGrid();
        net.add("IP address", c.container().ip());
        net.add("MAC address", c.container().mac());
        Label netTitle = Controls.styled("Network", "card-title");
        VBox.setMargin(netTitle, new Insets(8, 0, 0, 0));
        Node netNote = c.container().ip() == null && c.container().mac() == null
                ? Controls.styled("No network address recorded (e.g. network none).", "muted") : new Region();
        return Controls.card("CRIU", g, netTitle, net, netNote);
    }

    private static Node sizesCard(OverviewModel m) {
        StackedBar bar = new StackedBar();
        bar.setId("sizes-bar");
        List<StackedBar.Part> parts = List.of(
                new StackedBar.Part("Memory pages", m.pagesBytes(), "size-pages"),
                new StackedBar.Part("Root FS diff", m.rootfsBytes(), "size-rootfs"),
                new StackedBar.Part("Other", m.otherBytes(), "size-other"));
        bar.setParts(parts);
        FlowPane legend = new FlowPane(18, 6);
        for (StackedBar.Part p : parts) {
            legend.getChildren().add(legendItem(p, m.totalBytes()));
        }
        return Controls.card("Sizes  ·  " + Units.bytes(m.totalBytes()) + " in all", bar, legend);
    }

    private static Node legendItem(StackedBar.Part p, long total) {
        Region swatch = new Region();
        swatch.getStyleClass().addAll("swatch", p.styleClass());
        double pct = total == 0 ? 0 : 100.0 * p.value() / total;
        Label l = new Label(p.label() + "  " + Units.bytes(p.value())
                + String.format(Locale.ROOT, "  (%.1f %%)", pct), swatch);
        Tips.text(l, Units.exactBytes(p.value()));
        return l;
    }

    /** Role, parent link, pages in the parent, and the parents joined. */
    private static Node chainCard(Checkpoint c) {
        KeyValueGrid g = grid(ChainFacts.rows(c));
        g.setId("chain-facts");
        VBox card = Controls.card("Pre-dump chain" + (c.parents().isEmpty() ? "" : "  ·  read through "
                + c.parents().size() + (c.parents().size() == 1 ? " parent" : " parents")), g);
        card.setId("chain-card");
        return card;
    }

    /** The checkpoint's and each parent's statistics, one column each. */
    private static Node sideBySide(List<ChainFacts.StatsColumn> columns) {
        javafx.scene.layout.GridPane t = new javafx.scene.layout.GridPane();
        t.setId("stats-side-by-side");
        t.getStyleClass().add("key-value-grid");
        t.setHgap(28);
        t.setVgap(4);
        for (int i = 0; i < columns.size(); i++) {
            Label head = new Label(columns.get(i).title());
            head.setStyle("-fx-font-weight: bold;");
            Tips.text(head, columns.get(i).source());
            t.add(head, i + 1, 0);
        }
        List<List<String>> rows = ChainFacts.statsRows(columns);
        for (int r = 0; r < rows.size(); r++) {
            for (int k = 0; k < rows.get(r).size(); k++) {
                Label l = new Label(rows.get(r).get(k));
                l.getStyleClass().add(k == 0 ? "key" : "value");
                t.add(l, k, r + 1);
            }
        }
        return t;
    }

    private static Node statsCard(OverviewModel m, Checkpoint c) {
        DumpStats s = c.stats();
        if (!c.parents().isEmpty()) {
            List<ChainFacts.StatsColumn> columns = ChainFacts.statsColumns(c);
            Node table = sideBySide(columns);
            String title = "Dump statistics  ·  this checkpoint and its " + (columns.size() == 2 ? "parent" : "parents");
            VBox card;
            if (m.hasStats()) {
                StatsTimeline timeline = new StatsTimeline(m.phases(), m.timelineMicros());
                timeline.setId("stats-timeline");
                card = Controls.card(title, table, Controls.styled("This checkpoint's phases", "card-title"),
                        timeline);
            } else {
                card = Controls.card(title, table);
            }
            card.setId("stats-card");
            return card;
        }
        if (!m.hasStats()) {
            return Controls.card("Dump statistics", Controls.placeholder("This checkpoint has no stats-dump."));
        }
        StatsTimeline timeline = new StatsTimeline(m.phases(), m.timelineMicros());
        timeline.setId("stats-timeline");
        Label pages = new Label("Pages: " + count(s.pagesScanned()) + " scanned  ·  " + count(s.pagesWritten())
                + " written  ·  " + count(s.pagesSkippedParent()) + " skipped (in parent)  ·  "
                + count(s.pagesLazy()) + " lazy");
        pages.getStyleClass().add("muted");
        return Controls.card("Dump statistics", timeline, pages);
    }

    private static String count(Long v) {
        return v == null ? "—" : Units.count(v);
    }

    private Node annotationsCard(OverviewModel m) {
        FilteredList<Map.Entry<String, String>> filtered =
                new FilteredList<>(FXCollections.observableArrayList(m.annotations()));
        annotationFilter.textProperty().addListener((o, a, text) -> {
            String needle = text.toLowerCase(Locale.ROOT);
            filtered.setPredicate(e -> needle.isEmpty() || e.getKey().toLowerCase(Locale.ROOT).contains(needle)
                    || String.valueOf(e.getValue()).toLowerCase(Locale.ROOT).contains(needle));
        });
        SortedList<Map.Entry<String, String>> sorted = new SortedList<>(filtered);
        TableView<Map.Entry<String, String>> table = new TableView<>(sorted);
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setId("annotations-table");
        TableColumn<Map.Entry<String, String>, String> key = new TableColumn<>("Annotation");
        key.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue().getKey()));
        key.setPrefWidth(340);
        TableColumn<Map.Entry<String, String>, String> value = new TableColumn<>("Value");
        value.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue().getValue()));
        value.setCellFactory(Cells.longText());
        value.setPrefWidth(480);
        table.getColumns().add(key);
        table.getColumns().add(value);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setFixedCellSize(Cells.ROW_HEIGHT);
        table.setPlaceholder(Controls.placeholder(m.annotations().isEmpty() ? "No annotations." : "No match."));
        table.setPrefHeight(Math.min(300, 34 + 26 * Math.max(2, m.annotations().size())));
        TableCopy.install(table);
        Label count = Controls.styled(m.annotations().size() + " annotations", "muted");
        return Controls.card("Annotations", Controls.toolbar(annotationFilter, Controls.spring(), count), table);
    }

    private static Node mountsCard(List<MountInfo> mounts) {
        TableView<MountInfo> table = new TableView<>(FXCollections.observableArrayList(mounts));
        table.setId("mounts-table");
        table.getColumns().add(column("Destination", MountInfo::destination, 220));
        table.getColumns().add(column("Type", MountInfo::type, 90));
        table.getColumns().add(column("Source", MountInfo::source, 260));
        table.getColumns().add(column("Options", mi -> String.join(",", mi.options()), 300));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setFixedCellSize(Cells.ROW_HEIGHT);
        table.setPlaceholder(Controls.placeholder("No mounts recorded."));
        table.setPrefHeight(Math.min(320, 34 + 26 * Math.max(2, mounts.size())));
        TableCopy.install(table);
        return Controls.card("Mounts  ·  " + mounts.size(), table);
    }

    private static TableColumn<MountInfo, String> column(String title,
            java.util.function.Function<MountInfo, String> value, double width) {
        TableColumn<MountInfo, String> col = new TableColumn<>(title);
        col.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        col.setCellFactory(Cells.longText());
        col.setPrefWidth(width);
        return col;
    }

    private static Node grow(Node n) {
        HBox.setHgrow(n, Priority.ALWAYS);
        if (n instanceof Region r) {
            r.setMaxWidth(Double.MAX_VALUE);
            r.setPrefWidth(400);
        }
        return n;
    }
}
