package io.checkpointinspector.ui.processes;

import io.checkpointinspector.inspect.ProcessForest;
import io.checkpointinspector.model.ProcessInfo;
import io.checkpointinspector.ui.common.Tips;
import io.checkpointinspector.ui.common.Cells;
import io.checkpointinspector.ui.common.Columns;
import io.checkpointinspector.ui.common.Controls;
import io.checkpointinspector.ui.common.TableCopy;
import io.checkpointinspector.text.Units;
import io.checkpointinspector.ui.session.InspectorView;
import io.checkpointinspector.ui.session.ViewContext;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;
import javafx.scene.layout.BorderPane;

/** The process tree (sortable, filterable) over the details of the selected process. */
public final class ProcessesView implements InspectorView {

    /** Up to this many processes the whole tree starts expanded. */
    private static final int EXPAND_ALL_UP_TO = 500;

    private final ProcessForest forest;
    private final TreeTableView<ProcessInfo> tree = new TreeTableView<>();
    private final TextField filter = Controls.filterField("Filter by pid, command or state…");
    private final Label count = Controls.styled("", "muted");
    private final BorderPane root = new BorderPane();
    private final Button saveCore = new Button("Save as core file…");
    private final ViewContext context;

    public ProcessesView(ViewContext context) {
        this.context = context;
        forest = context.loaded().processes();
        tree.setId("process-tree");
        tree.setShowRoot(false);
        tree.setRoot(new TreeItem<>());
        tree.getColumns().add(pidColumn());
        tree.getColumns().add(commandColumn());
        tree.getColumns().add(Columns.tree("State", ProcessInfo::state, 80));
        TreeTableColumn<ProcessInfo, Integer> threads = Columns.tree("Threads", p -> p.threads().size(), 80);
        threads.getStyleClass().add("number-column");
        tree.getColumns().add(threads);
        TreeTableColumn<ProcessInfo, Integer> files = Columns.tree("Open files", p -> p.files().size(), 90);
        files.getStyleClass().add("number-column");
        tree.getColumns().add(files);
        tree.getColumns().add(Columns.treeSize("Dumped memory", ProcessText::dumpedBytes, 120));
        tree.setColumnResizePolicy(TreeTableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        tree.setFixedCellSize(Cells.ROW_HEIGHT);
        tree.setPlaceholder(Controls.placeholder("No process matches."));
        TableCopy.install(tree);

        ProcessDetails details = new ProcessDetails();
        tree.getSelectionModel().selectedItemProperty().addListener((o, a, item) -> {
            details.show(item == null ? null : item.getValue());
            if (item != null && item.getValue() != null) {
                context.selectedPid().set(item.getValue().pid());
            }
            saveCore.setDisable(!CoreFileViewModel.canWrite(item == null ? null : item.getValue()));
        });
        saveCore.setId("process-save-core");
        saveCore.setDisable(true);
        saveCore.setOnAction(e -> saveCore());
        Tips.text(saveCore, "Write the selected process as an ELF core file for gdb");
        filter.textProperty().addListener((o, a, text) -> fill(text));

        Button expand = new Button("Expand all");
        expand.setOnAction(e -> setExpanded(tree.getRoot(), true));
        Button collapse = new Button("Collapse all");
        collapse.setOnAction(e -> {
            setExpanded(tree.getRoot(), false);
            tree.getRoot().setExpanded(true);
        });
        root.setTop(Controls.toolbar(filter, count, Controls.spring(), saveCore, expand, collapse));
        SplitPane split = new SplitPane(tree, details.node());
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.48);
        root.setCenter(split);
        root.setId("processes");
        fill("");
        if (!tree.getRoot().getChildren().isEmpty()) {
            tree.getSelectionModel().select(0);
        } else {
            details.show(null);
        }
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void focusSearch() {
        filter.requestFocus();
    }

    private void saveCore() {
        TreeItem<ProcessInfo> item = tree.getSelectionModel().getSelectedItem();
        if (item == null || root.getScene() == null || !CoreFileViewModel.canWrite(item.getValue())) {
            return;
        }
        new CoreFileDialog(root.getScene().getWindow(), new CoreFileViewModel(context), item.getValue(),
                java.nio.file.Path.of(System.getProperty("user.home"))).show();
    }

    private void fill(String text) {
        String needle = text.trim().toLowerCase(Locale.ROOT);
        ProcessForest shown = needle.isEmpty() ? forest : forest.filter(p -> ProcessText.matches(p, needle));
        boolean expandAll = !needle.isEmpty() || shown.size() <= EXPAND_ALL_UP_TO;
        TreeItem<ProcessInfo> top = new TreeItem<>();
        top.setExpanded(true);
        List<TreeItem<ProcessInfo>> roots = new java.util.ArrayList<>();
        for (ProcessInfo p : shown.roots()) {
            TreeItem<ProcessInfo> item = item(shown, p, expandAll);
            item.setExpanded(true);
            roots.add(item);
        }
        top.getChildren().setAll(roots);
        tree.setRoot(top);
        tree.sort();
        count.setText(needle.isEmpty() ? Units.count(forest.size(), "process", "processes")
                : Units.count(shown.size()) + " of " + Units.count(forest.size()) + " shown");
    }

    private static TreeItem<ProcessInfo> item(ProcessForest f, ProcessInfo p, boolean expanded) {
        TreeItem<ProcessInfo> item = new TreeItem<>(p);
        item.setExpanded(expanded);
        List<ProcessInfo> kids = f.childrenOf(p);
        if (!kids.isEmpty()) {
            List<TreeItem<ProcessInfo>> items = new java.util.ArrayList<>(kids.size());
            for (ProcessInfo c : kids) {
                items.add(item(f, c, expanded));
            }
            item.getChildren().setAll(items);
        }
        return item;
    }

    private static void setExpanded(TreeItem<ProcessInfo> item, boolean expanded) {
        item.setExpanded(expanded);
        for (TreeItem<ProcessInfo> c : item.getChildren()) {
            setExpanded(c, expanded);
        }
    }

    private static TreeTableColumn<ProcessInfo, Integer> pidColumn() {
        TreeTableColumn<ProcessInfo, Integer> pid = Columns.tree("PID", ProcessInfo::pid, 110);
        pid.setCellFactory(c -> new TreeTableCell<>() {
            @Override
            protected void updateItem(Integer item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : String.valueOf(item));
            }
        });
        return pid;
    }

    private static TreeTableColumn<ProcessInfo, String> commandColumn() {
        TreeTableColumn<ProcessInfo, String> cmd = Columns.tree("Command line", ProcessText::commandLine, 520);
        cmd.setCellFactory(c -> new TreeTableCell<>() {
            {
                Tips.lazy(this, () -> {
                    ProcessInfo p = isEmpty() || getTableRow() == null ? null : getTableRow().getItem();
                    return p == null ? null : getItem() + (p.argsNote() == null ? "" : "\n\n" + p.argsNote());
                });
            }

            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                ProcessInfo p = empty || getTableRow() == null ? null : getTableRow().getItem();
                setText(empty ? null : item);
                boolean unrecovered = p != null && (p.cmdline() == null || p.cmdline().isEmpty());
                // Only touch the style class on a change: each change makes CSS run again for the cell.
                if (unrecovered != getStyleClass().contains("unrecovered")) {
                    if (unrecovered) {
                        getStyleClass().add("unrecovered");
                    } else {
                        getStyleClass().remove("unrecovered");
                    }
                }
            }
        });
        return cmd;
    }

    /** The processes shown, in tree order (for tests and copy). */
    List<ProcessInfo> shown() {
        List<ProcessInfo> out = new java.util.ArrayList<>();
        for (int i = 0; i < tree.getExpandedItemCount(); i++) {
            out.add(tree.getTreeItem(i).getValue());
        }
        return out;
    }
}
