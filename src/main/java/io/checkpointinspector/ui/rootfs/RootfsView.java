package io.checkpointinspector.ui.rootfs;

import io.checkpointinspector.inspect.CheckpointContent;
import io.checkpointinspector.inspect.RootfsExport;
import io.checkpointinspector.model.RootfsDiff;
import io.checkpointinspector.ui.common.Cells;
import io.checkpointinspector.ui.common.Columns;
import io.checkpointinspector.ui.common.Controls;
import io.checkpointinspector.ui.common.ErrorText;
import io.checkpointinspector.ui.common.LatestTask;
import io.checkpointinspector.ui.common.PreviewPane;
import io.checkpointinspector.ui.common.TableCopy;
import io.checkpointinspector.text.Units;
import io.checkpointinspector.ui.session.InspectorView;
import io.checkpointinspector.ui.session.ViewContext;
import java.io.File;
import java.nio.file.Path;
import javafx.animation.PauseTransition;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;
import javafx.scene.layout.BorderPane;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.util.Duration;

/** The rootfs diff as a lazy folder tree with per-folder sizes, a preview of the selected file and Save as…. */
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
    private final PreviewPane preview = new PreviewPane();
    private final Button save = new Button("Save as…");
    private final Label status = Controls.styled("", "muted");
    private final LatestTask<CheckpointContent.Bytes> previewTask;
    private final LatestTask<RootfsExport.Result> saveTask;
    private final BorderPane root = new BorderPane();
    private String skipped;

    public RootfsView(ViewContext context) {
        index = context.loaded().rootfs();
        diff = context.checkpoint().rootfsDiff();
        content = context.content();
        previewTask = new LatestTask<>(context.executor());
        saveTask = new LatestTask<>(context.executor());
        tree.setId("rootfs-tree");
        tree.setShowRoot(true);
        TreeTableColumn<RootfsIndex.Node, RootfsIndex.Node> name = Columns.tree("Name", n -> n, 300);
        name.setCellFactory(c -> new RootfsCells());
        name.setSortable(false);
        TableCopy.textOf(name, n -> ((RootfsIndex.Node) n).path());
        tree.getColumns().add(name);
        TreeTableColumn<RootfsIndex.Node, Number> size = Columns.treeSize("Size", n -> n.isFolder()
                || n.kind() == RootfsIndex.Kind.FILE ? n.size() : null, 90);
        size.setSortable(false);
        tree.getColumns().add(size);
        TreeTableColumn<RootfsIndex.Node, String> files = Columns.tree("Files", n -> n.isFolder()
                ? Units.count(n.files()) : "", 60);
        files.getStyleClass().add("number-column");
        files.setSortable(false);
        tree.getColumns().add(files);
        TreeTableColumn<RootfsIndex.Node, String> mode = Columns.tree("Mode", n -> n.entry() == null ? ""
                : n.entry().mode(), 60);
        mode.setSortable(false);
        tree.getColumns().add(mode);
        TreeTableColumn<RootfsIndex.Node, String> change = Columns.tree("Change", RootfsText::change, 110);
        change.setSortable(false);
        tree.getColumns().add(change);
        tree.setColumnResizePolicy(TreeTableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        tree.setFixedCellSize(Cells.ROW_HEIGHT);
        tree.setPlaceholder(Controls.placeholder("No path matches."));
        TableCopy.install(tree);
        tree.getSelectionModel().selectedItemProperty().addListener((o, a, item) ->
                select(item == null ? null : item.getValue()));

        PauseTransition debounce = new PauseTransition(Duration.millis(150));
        debounce.setOnFinished(e -> fill(filter.getText()));
        filter.textProperty().addListener((o, a, b) -> debounce.playFromStart());

        save.setId("rootfs-save");
        io.checkpointinspector.ui.common.Tips.lazy(status, () -> skipped);
        save.setDisable(true);
        save.setOnAction(e -> saveSelected());
        Label summary = Controls.styled(Units.count(diff.files()) + " files changed (" + Units.bytes(diff.bytes())
                + ")  ·  " + Units.count(diff.deleted().size()) + " deleted", "muted");
        root.setTop(Controls.toolbar(filter, summary, Controls.spring(), status, save));
        preview.setId("rootfs-preview");
        SplitPane split = new SplitPane(tree, preview);
        split.setDividerPositions(0.55);
        root.setCenter(split);
        root.setId("rootfs");
        if (index.size() == 0) {
            tree.setPlaceholder(Controls.placeholder("This checkpoint records no file-system changes."));
        }
        fill("");
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void focusSearch() {
        filter.requestFocus();
    }

    private void fill(String text) {
        String needle = text.trim();
        RootfsIndex.Node top = needle.isEmpty() ? index.root() : index.filtered(needle);
        RootfsTreeItem item = new RootfsTreeItem(top);
        item.setExpanded(true);
        if (!needle.isEmpty() || index.size() <= EXPAND_ALL_UP_TO) {
            expandAll(item, needle.isEmpty() ? EXPAND_ALL_UP_TO : 5_000);
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
        save.setDisable(n == null || !(n.kind() == RootfsIndex.Kind.FILE || n.isFolder()));
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
            case OTHER -> preview.showMessage(n.path() + "\n\nA special file (device, FIFO or socket): no content.");
        }
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
