package io.checkpointinspector.ui.rootfs;

import io.checkpointinspector.inspect.RootfsIndex;
import io.checkpointinspector.inspect.CheckpointContent;
import io.checkpointinspector.model.RootfsDiff;
import io.checkpointinspector.ui.common.Cells;
import io.checkpointinspector.ui.common.Columns;
import io.checkpointinspector.ui.common.Controls;
import io.checkpointinspector.ui.common.PreviewPane;
import io.checkpointinspector.ui.common.Shown;
import io.checkpointinspector.ui.common.TableCopy;
import io.checkpointinspector.text.Units;
import io.checkpointinspector.ui.session.InspectorView;
import io.checkpointinspector.ui.session.ViewContext;
import java.io.File;
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

    /** Trees up to this many nodes start fully expanded. */
    private static final int EXPAND_ALL_UP_TO = 200;

    private final RootfsIndex index;
    private final RootfsDiff diff;
    private final RootfsViewModel model;
    private final TreeTableView<RootfsIndex.Node> tree = new TreeTableView<>();
    private final TextField filter = Controls.filterField("Filter paths…");
    private final PreviewPane preview = new PreviewPane();
    private final Button save = new Button("Save as…");
    private final Label status = Controls.styled("", "muted");
    private final BorderPane root = new BorderPane();

    public RootfsView(ViewContext context) {
        model = new RootfsViewModel(context);
        index = model.index();
        diff = model.diff();
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
        status.textProperty().bind(model.statusProperty());
        io.checkpointinspector.ui.common.Tips.lazy(status, () -> model.skippedProperty().get());
        save.setDisable(true);
        save.setOnAction(e -> saveSelected());
        Label summary = Controls.styled(Units.count(diff.files()) + " files changed (" + Units.bytes(diff.bytes())
                + ")  ·  " + Units.count(diff.deleted().size()) + " deleted", "muted");
        root.setTop(Controls.toolbar(filter, summary, Controls.spring(), status, save));
        preview.setId("rootfs-preview");
        model.previewProperty().addListener((o, a, shown) -> showPreview(shown));
        showPreview(model.previewProperty().get());
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
        save.setDisable(!RootfsViewModel.canSave(n));
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
