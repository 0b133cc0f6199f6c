package io.checkpointinspector.ui.rootfs;

import io.checkpointinspector.inspect.RootfsTimeline;

import io.checkpointinspector.inspect.CheckpointContent;
import io.checkpointinspector.inspect.RootfsIndex;
import io.checkpointinspector.model.RootfsDiff;
import io.checkpointinspector.model.RootfsEntry;
import io.checkpointinspector.text.RootfsFacts;
import io.checkpointinspector.text.Units;
import io.checkpointinspector.ui.common.Cells;
import io.checkpointinspector.ui.common.Columns;
import io.checkpointinspector.ui.common.Controls;
import io.checkpointinspector.ui.common.KeyValueGrid;
import io.checkpointinspector.ui.common.Shown;
import io.checkpointinspector.ui.common.PreviewPane;
import io.checkpointinspector.ui.common.TableCopy;
import io.checkpointinspector.ui.common.Tips;
import io.checkpointinspector.ui.session.InspectorView;
import io.checkpointinspector.ui.session.ViewContext;
import java.io.File;
import java.time.Instant;
import javafx.animation.PauseTransition;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.util.Duration;

/**
 * The rootfs diff as evidence: a lazy folder tree with per-folder sizes and each entry's tar type, mode, owner,
 * time and flags (sortable); the selected entry's facts with its SHA-256 (computed in the background when it was
 * not hashed while reading); a preview; Save as…; and a timeline of the changes.
 */
public final class RootfsView implements InspectorView {

    /** Trees up to this many nodes start fully expanded. */
    private static final int EXPAND_ALL_UP_TO = 200;

    private final RootfsIndex index;
    private final RootfsDiff diff;
    private final RootfsViewModel model;
    private final TreeTableView<RootfsIndex.Node> tree = new TreeTableView<>();
    private final TextField filter = Controls.filterField("Filter paths…");
    private final CheckBox flaggedOnly = new CheckBox("Flagged only");
    private final Label summary = Controls.styled("", "muted");
    private final PreviewPane preview = new PreviewPane();
    private final VBox facts = new VBox(8);
    private final Button save = new Button("Save as…");
    private final Label status = Controls.styled("", "muted");
    private final RootfsTimelinePane timeline;
    private final BorderPane root = new BorderPane();

    public RootfsView(ViewContext context) {
        model = new RootfsViewModel(context);
        index = model.index();
        diff = model.diff();
        tree.setId("rootfs-tree");
        tree.setShowRoot(true);
        TreeTableColumn<RootfsIndex.Node, RootfsIndex.Node> name = Columns.tree("Name", n -> n, 240);
        name.setCellFactory(c -> new RootfsCells());
        name.setComparator((a, b) -> RootfsIndex.natural(a.name(), b.name()));
        TableCopy.textOf(name, n -> ((RootfsIndex.Node) n).path());
        tree.getColumns().add(name);
        TreeTableColumn<RootfsIndex.Node, Number> size = Columns.treeSize("Size", n -> n.isFolder()
                || n.kind() == RootfsIndex.Kind.FILE ? Long.valueOf(n.size())
                : n.entry() != null && "file".equals(n.entry().type()) ? n.entry().size() : null, 72);
        tree.getColumns().add(size);
        TreeTableColumn<RootfsIndex.Node, Number> files = Columns.tree("Files", n -> n.isFolder()
                ? n.files() : null, 52);
        files.setCellFactory(RootfsColumns.highlighted(v -> Units.count(v.longValue()), n -> false, "rootfs-alert"));
        files.getStyleClass().add("number-column");
        tree.getColumns().add(files);
        TreeTableColumn<RootfsIndex.Node, String> type = Columns.tree("Type", n -> RootfsColumns.type(n.entry()), 72);
        type.setCellFactory(RootfsColumns.highlighted(t -> t, n -> n.entry() != null && n.entry().hasFlag("device"),
                "rootfs-alert"));
        tree.getColumns().add(type);
        TreeTableColumn<RootfsIndex.Node, String> mode = Columns.tree("Mode", n -> n.entry() == null ? ""
                : n.entry().modeText(), 92);
        mode.setCellFactory(RootfsColumns.highlighted(t -> t, n -> RootfsColumns.specialMode(n.entry()),
                "rootfs-alert"));
        mode.getStyleClass().add("mono-column");
        tree.getColumns().add(mode);
        TreeTableColumn<RootfsIndex.Node, String> owner = Columns.tree("Owner", n -> RootfsColumns.owner(n.entry()),
                84);
        tree.getColumns().add(owner);
        TreeTableColumn<RootfsIndex.Node, Instant> modified = Columns.tree("Modified",
                n -> RootfsColumns.time(n.entry()), 168);
        modified.setCellFactory(RootfsColumns.highlighted(RootfsColumns::time, n -> false, "rootfs-alert"));
        modified.setComparator(java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()));
        tree.getColumns().add(modified);
        TreeTableColumn<RootfsIndex.Node, String> flags = Columns.tree("Flags", n -> n.entry() == null ? ""
                : String.join(", ", n.entry().flags()), 110);
        flags.setCellFactory(RootfsColumns.highlighted(t -> t, n -> RootfsColumns.alarming(n.entry()),
                "rootfs-alert"));
        tree.getColumns().add(flags);
        TreeTableColumn<RootfsIndex.Node, String> change = Columns.tree("Change", RootfsText::change, 90);
        tree.getColumns().add(change);
        tree.setColumnResizePolicy(TreeTableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        tree.setFixedCellSize(Cells.ROW_HEIGHT);
        tree.setPlaceholder(Controls.placeholder("No path matches."));
        TableCopy.install(tree);
        tree.getSelectionModel().selectedItemProperty().addListener((o, a, item) ->
                select(item == null ? null : item.getValue()));

        PauseTransition debounce = new PauseTransition(Duration.millis(150));
        debounce.setOnFinished(e -> fill());
        filter.textProperty().addListener((o, a, b) -> debounce.playFromStart());
        flaggedOnly.setId("rootfs-flagged-only");
        Tips.text(flaggedOnly, "Only entries with a flag: setuid, setgid, sticky, world-writable, device, hostile");
        flaggedOnly.selectedProperty().addListener((o, a, b) -> fill());

        save.setId("rootfs-save");
        status.textProperty().bind(model.statusProperty());
        Tips.lazy(status, () -> model.skippedProperty().get());
        save.setDisable(true);
        save.setOnAction(e -> saveSelected());
        summary.setId("rootfs-summary");
        root.setTop(Controls.toolbar(filter, flaggedOnly, summary, Controls.spring(), status, save));
        preview.setId("rootfs-preview");
        model.previewProperty().addListener((o, a, shown) -> showPreview(shown));
        showPreview(model.previewProperty().get());
        facts.setId("rootfs-facts");
        facts.getStyleClass().add("rootfs-facts");
        ScrollPane factsScroll = new ScrollPane(facts);
        factsScroll.setFitToWidth(true);
        SplitPane lower = new SplitPane(factsScroll, preview);
        lower.setDividerPositions(0.42);
        SplitPane split = new SplitPane(tree, lower);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.58);
        timeline = new RootfsTimelinePane(RootfsTimeline.of(diff, context.checkpoint().container()));
        TabPane tabs = new TabPane(new Tab("Files", split), new Tab("Timeline", timeline.node()));
        tabs.setId("rootfs-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        root.setCenter(tabs);
        root.setId("rootfs");
        if (index.size() == 0) {
            tree.setPlaceholder(Controls.placeholder("This checkpoint records no file-system changes."));
        }
        showFacts(null);
        fill();
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void focusSearch() {
        filter.requestFocus();
    }

    private void fill() {
        String needle = filter.getText().trim();
        boolean flagged = flaggedOnly.isSelected();
        RootfsIndex.Node top = needle.isEmpty() && !flagged ? index.root() : index.filtered(needle, flagged);
        // The counts follow the filter: they describe what the tree shows.
        summary.setText(RootfsText.summary(index.root(), top));
        RootfsTreeItem item = new RootfsTreeItem(top);
        item.setExpanded(true);
        if (top != index.root() || index.size() <= EXPAND_ALL_UP_TO) {
            expandAll(item, top == index.root() ? EXPAND_ALL_UP_TO : 5_000);
        }
        tree.setRoot(index.size() == 0 ? null : item);
    }

    /** Expands folders breadth-first until about limit items are showing. */
    private static void expandAll(TreeItem<RootfsIndex.Node> top, int limit) {
        java.util.ArrayDeque<TreeItem<RootfsIndex.Node>> todo = new java.util.ArrayDeque<>();
        todo.add(top);
        int shown = 0;
        while (!todo.isEmpty() && shown < limit) {
            TreeItem<RootfsIndex.Node> t = todo.poll();
            t.setExpanded(true);
            for (TreeItem<RootfsIndex.Node> c : t.getChildren()) {
                shown++;
                if (!c.isLeaf()) {
                    todo.add(c);
                }
            }
        }
    }

    private void select(RootfsIndex.Node n) {
        save.setDisable(!RootfsViewModel.canSave(n));
        showFacts(n);
        model.select(n);
    }

    private void showPreview(Shown<RootfsViewModel.FileBytes> shown) {
        if (shown.hasValue()) {
            CheckpointContent.Bytes bytes = shown.value().bytes();
            preview.show(shown.value().path(), bytes.data(), bytes.size(), bytes.truncated());
        } else {
            preview.showMessage(shown.message());
        }
    }

    /** The header facts of the selected entry, the SHA-256 with a button when it is not known yet. */
    private void showFacts(RootfsIndex.Node n) {
        facts.getChildren().clear();
        if (n == null || n.entry() == null) {
            facts.getChildren().add(Controls.placeholder(n == null ? "Select an entry to see what its header records."
                    : n.kind() == RootfsIndex.Kind.DELETED ? "Deleted: listed in deleted.files, no header."
                    : "A folder that holds changes; the folder itself is unchanged."));
            return;
        }
        RootfsEntry e = n.entry();
        KeyValueGrid grid = new KeyValueGrid();
        grid.add("Path", e.path());
        grid.add("Type", RootfsFacts.type(e));
        Label mode = grid.add("Mode", RootfsFacts.mode(e));
        if (RootfsColumns.specialMode(e)) {
            mode.getStyleClass().add("rootfs-alert");
        }
        grid.add("Owner", RootfsFacts.owner(e));
        grid.add("Modified", RootfsColumns.time(RootfsColumns.time(e)));
        if ("file".equals(e.type())) {
            grid.addSize("Size", e.size());
        }
        if (!e.flags().isEmpty()) {
            grid.add("Flags", RootfsFacts.flags(e)).getStyleClass().add("rootfs-alert");
        }
        if (e.hostile() != null) {
            grid.add("Hostile", e.hostile()).getStyleClass().add("rootfs-alert");
        }
        facts.getChildren().add(grid);
        if ("file".equals(e.type())) {
            String known = model.sha256(e);
            if (known != null) {
                Label sha = grid.add("SHA-256", known);
                sha.setId("rootfs-sha256");
                sha.getStyleClass().add("mono");
                sha.setWrapText(true);
            } else if (e.hostile() == null) {
                facts.getChildren().add(hashRow(e));
            } else {
                grid.add("SHA-256", "not computed (a hostile entry larger than what is hashed while reading)");
            }
        }
    }

    private HBox hashRow(RootfsEntry e) {
        Button compute = new Button("Compute SHA-256");
        compute.setId("rootfs-hash");
        Button cancel = new Button("Cancel");
        cancel.setId("rootfs-hash-cancel");
        Label progress = Controls.styled(Units.bytes(e.size()) + ": larger than what is hashed while reading",
                "muted");
        progress.setId("rootfs-hash-progress");
        // The row lives as long as the selection: its bindings go with it (showFacts replaces it).
        compute.disableProperty().bind(model.hashingProperty());
        cancel.visibleProperty().bind(model.hashingProperty());
        model.hashedBytesProperty().addListener((o, a, done) -> {
            if (model.hashingProperty().get() && done.longValue() >= 0) {
                progress.setText("Hashing… " + Units.bytes(done.longValue()) + " of " + Units.bytes(e.size()));
            }
        });
        model.hashStatusProperty().addListener((o, a, text) -> {
            if (!text.isEmpty()) {
                progress.setText(text);
            }
        });
        compute.setOnAction(a -> {
            progress.setText("Hashing…");
            model.hash(e, () -> {
                TreeItem<RootfsIndex.Node> selected = tree.getSelectionModel().getSelectedItem();
                if (selected != null && selected.getValue().entry() == e) {
                    showFacts(selected.getValue());
                    status.textProperty().unbind();
                    status.setText(model.hashStatusProperty().get());
                    status.textProperty().bind(model.statusProperty());
                }
            });
        });
        cancel.setOnAction(a -> model.cancelHash());
        return Controls.toolbar(compute, cancel, progress);
    }

    private void saveSelected() {
        TreeItem<RootfsIndex.Node> item = tree.getSelectionModel().getSelectedItem();
        if (item == null || root.getScene() == null) {
            return;
        }
        RootfsIndex.Node n = item.getValue();
        if (n.kind() == RootfsIndex.Kind.FILE) {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Save " + n.path());
            chooser.setInitialFileName(n.name());
            File target = chooser.showSaveDialog(root.getScene().getWindow());
            if (target != null) {
                model.saveFile(n, target.toPath());
            }
        } else if (n.isFolder()) {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("Save " + n.path() + " into folder");
            File target = chooser.showDialog(root.getScene().getWindow());
            if (target != null) {
                model.saveFolder(n, target.toPath());
            }
        }
    }
}
