package io.checkpointinspector.ui.rootfs;

import io.checkpointinspector.inspect.CheckpointContent;
import io.checkpointinspector.inspect.RootfsExport;
import io.checkpointinspector.model.RootfsDiff;
import io.checkpointinspector.model.RootfsEntry;
import io.checkpointinspector.text.RootfsFacts;
import io.checkpointinspector.text.Units;
import io.checkpointinspector.ui.common.Cells;
import io.checkpointinspector.ui.common.Columns;
import io.checkpointinspector.ui.common.Controls;
import io.checkpointinspector.ui.common.ErrorText;
import io.checkpointinspector.ui.common.KeyValueGrid;
import io.checkpointinspector.ui.common.LatestTask;
import io.checkpointinspector.ui.common.PreviewPane;
import io.checkpointinspector.ui.common.TableCopy;
import io.checkpointinspector.ui.common.Tips;
import io.checkpointinspector.ui.session.InspectorView;
import io.checkpointinspector.ui.session.ViewContext;
import java.io.File;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javafx.animation.AnimationTimer;
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

    /** Bytes read for a preview. */
    static final int PREVIEW_BYTES = 256 << 10;
    /** Trees up to this many nodes start fully expanded. */
    private static final int EXPAND_ALL_UP_TO = 200;

    private final RootfsIndex index;
    private final RootfsDiff diff;
    private final CheckpointContent content;
    private final TreeTableView<RootfsIndex.Node> tree = new TreeTableView<>();
    private final TextField filter = Controls.filterField("Filter paths…");
    private final CheckBox flaggedOnly = new CheckBox("Flagged only");
    private final Label summary = Controls.styled("", "muted");
    private final PreviewPane preview = new PreviewPane();
    private final VBox facts = new VBox(8);
    private final Button save = new Button("Save as…");
    private final Label status = Controls.styled("", "muted");
    private final LatestTask<CheckpointContent.Bytes> previewTask;
    private final LatestTask<RootfsExport.Result> saveTask;
    private final LatestTask<String> hashTask;
    /** SHA-256 computed on demand, by path (guarded by the FX thread). */
    private final Map<String, String> hashes = new HashMap<>();
    private final RootfsTimelinePane timeline;
    private final BorderPane root = new BorderPane();
    private String skipped;

    public RootfsView(ViewContext context) {
        index = context.loaded().rootfs();
        diff = context.checkpoint().rootfsDiff();
        content = context.content();
        previewTask = new LatestTask<>(context.executor());
        saveTask = new LatestTask<>(context.executor());
        hashTask = new LatestTask<>(context.executor());
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
        Tips.lazy(status, () -> skipped);
        save.setDisable(true);
        save.setOnAction(e -> saveSelected());
        summary.setId("rootfs-summary");
        root.setTop(Controls.toolbar(filter, flaggedOnly, summary, Controls.spring(), status, save));
        preview.setId("rootfs-preview");
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
        previewTask.cancel();
        hashTask.cancel();
        save.setDisable(n == null || !(n.kind() == RootfsIndex.Kind.FILE || n.isFolder()) || n.isHostileFolder());
        showFacts(n);
        if (n == null) {
            preview.showMessage("Select a file to preview it.");
            return;
        }
        switch (n.kind()) {
            case FILE -> loadPreview(n);
            case FOLDER -> preview.showMessage(n.path() + "\n\n" + RootfsText.folderSummary(n));
            case DELETED -> preview.showMessage(n.path() + "\n\nDeleted in the container (listed in deleted.files). "
                    + "The checkpoint holds no content for it.");
            case SYMLINK -> preview.showMessage(n.path() + "\n\nSymbolic link to " + n.entry().link()
                    + "\nLinks are shown, never followed.");
            case HARDLINK -> preview.showMessage(n.path() + "\n\nHard link to " + n.entry().link());
            case HOSTILE -> preview.showMessage(n.path() + "\n\nHostile entry: " + n.entry().hostile()
                    + ".\nIts content is never previewed or written.");
            case OTHER -> preview.showMessage(n.path() + "\n\nA special file ("
                    + RootfsColumns.type(n.entry()) + "): no content.");
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
            String known = e.sha256() != null ? e.sha256() : hashes.get(e.path());
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
        cancel.setVisible(false);
        Label progress = Controls.styled(Units.bytes(e.size()) + ": larger than what is hashed while reading",
                "muted");
        progress.setId("rootfs-hash-progress");
        AtomicLong done = new AtomicLong();
        // Progress is polled once a frame rather than posted per 64 KiB read.
        AnimationTimer ticker = new AnimationTimer() {
            @Override
            public void handle(long now) {
                progress.setText("Hashing… " + Units.bytes(done.get()) + " of " + Units.bytes(e.size()));
            }
        };
        compute.setOnAction(a -> {
            compute.setDisable(true);
            cancel.setVisible(true);
            ticker.start();
            long started = System.nanoTime();
            hashTask.run(cancelled -> content.rootfsSha256(e.path(), cancelled, done::set)
                            .orElseThrow(() -> new java.io.IOException(e.path() + " is not a file in "
                                    + CheckpointContent.ROOTFS_DIFF)),
                    hex -> {
                        ticker.stop();
                        hashes.put(e.path(), hex);
                        TreeItem<RootfsIndex.Node> selected = tree.getSelectionModel().getSelectedItem();
                        if (selected != null && selected.getValue().entry() == e) {
                            showFacts(selected.getValue());
                            status.setText("SHA-256 of " + e.path() + " in "
                                    + Units.nanos(System.nanoTime() - started));
                        }
                    },
                    error -> {
                        ticker.stop();
                        compute.setDisable(false);
                        cancel.setVisible(false);
                        progress.setText("Not computed: " + ErrorText.of(error));
                    });
        });
        cancel.setOnAction(a -> {
            hashTask.cancel();
            ticker.stop();
            compute.setDisable(false);
            cancel.setVisible(false);
            progress.setText("Cancelled");
        });
        return Controls.toolbar(compute, cancel, progress);
    }

    private void loadPreview(RootfsIndex.Node n) {
        preview.showMessage("Reading " + n.path() + "…");
        previewTask.run(cancelled -> content.rootfsFile(n.path(), PREVIEW_BYTES, cancelled)
                        .orElseThrow(() -> new java.io.IOException(n.path() + " is not in " + CheckpointContent.ROOTFS_DIFF)),
                bytes -> preview.show(n.path(), bytes.data(), bytes.size(), bytes.truncated()),
                error -> preview.showMessage("Cannot preview " + n.path() + ":\n" + ErrorText.of(error)));
    }

    private void saveSelected() {
        TreeItem<RootfsIndex.Node> item = tree.getSelectionModel().getSelectedItem();
        if (item == null || root.getScene() == null) {
            return;
        }
        RootfsIndex.Node n = item.getValue();
        RootfsExport export = new RootfsExport(content);
        if (n.kind() == RootfsIndex.Kind.FILE) {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Save " + n.path());
            chooser.setInitialFileName(n.name());
            File target = chooser.showSaveDialog(root.getScene().getWindow());
            if (target != null) {
                runSave(n, () -> cancelled -> export.saveFile(n.path(), target.toPath(), cancelled), target.toPath());
            }
        } else if (n.isFolder()) {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("Save " + n.path() + " into folder");
            File target = chooser.showDialog(root.getScene().getWindow());
            if (target != null) {
                runSave(n, () -> cancelled -> export.saveFolder(n.path(), diff.entries(), target.toPath(), cancelled),
                        target.toPath());
            }
        }
    }

    private void runSave(RootfsIndex.Node n, java.util.function.Supplier<LatestTask.Work<RootfsExport.Result>> work,
            Path target) {
        status.setText("Saving " + n.path() + "…");
        skipped = null;
        saveTask.run(work.get(), r -> {
            String text = "Saved " + r.files() + (r.files() == 1 ? " file" : " files") + " (" + Units.bytes(r.bytes())
                    + ") to " + target;
            if (!r.skipped().isEmpty()) {
                text += "; " + r.skipped().size() + " not written";
            }
            status.setText(text);
            skipped = r.skipped().isEmpty() ? null : String.join("\n", r.skipped());
        }, error -> status.setText("Not saved: " + ErrorText.of(error)));
    }
}
