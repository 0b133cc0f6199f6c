package io.checkpointinspector.ui.memory;

import io.checkpointinspector.model.ProcessInfo;
import io.checkpointinspector.ui.common.Tips;
import java.util.List;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;

import io.checkpointinspector.inspect.MemoryHit;
import io.checkpointinspector.ui.common.Cells;
import io.checkpointinspector.ui.common.Columns;
import io.checkpointinspector.ui.common.Controls;
import io.checkpointinspector.ui.common.TableCopy;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;

/**
 * Search of every process's dumped memory for text or hex bytes, in the background with progress and Cancel; hits
 * in a table, and the bytes around the selected hit below it.
 */
final class MemorySearchPane extends BorderPane {

    private final MemoryViewModel model;
    private java.util.function.Consumer<MemoryHit> onOpen;
    private final TextField query = org.controlsfx.control.textfield.TextFields.createClearableTextField();
    private final ToggleButton textMode = new ToggleButton("Text");
    private final ToggleButton hexMode = new ToggleButton("Hex");
    private final CheckBox ignoreCase = new CheckBox("Ignore case");
    private final ComboBox<ProcessInfo> scope = new ComboBox<>();
    private final CheckBox outsideTree = new CheckBox();
    private final Button search = new Button("Search");
    private final Button cancel = new Button("Cancel");
    private final ProgressBar progress = new ProgressBar(0);
    private final Label status = Controls.styled("", "muted");
    private final TableView<MemoryHit> hits = new TableView<>();
    private final MemoryBytesPane bytes = new MemoryBytesPane("memory-hit-bytes", MemoryViewModel.NO_HIT);

    MemorySearchPane(MemoryViewModel model) {
        this.model = model;
        setId("memory-search");
        query.setId("memory-search-field");
        query.setPromptText("Search memory, e.g. CKPT or de ad be ef");
        query.setPrefColumnCount(24);
        query.setOnAction(e -> start());
        ToggleGroup group = new ToggleGroup();
        textMode.setToggleGroup(group);
        hexMode.setToggleGroup(group);
        textMode.setSelected(true);
        hexMode.setId("memory-search-hex");
        group.selectedToggleProperty().addListener((o, a, t) -> {
            if (t == null) {
                a.setSelected(true);
            }
        });
        ignoreCase.setId("memory-search-ignore-case");
        ignoreCase.disableProperty().bind(hexMode.selectedProperty());
        Tips.text(ignoreCase, "ASCII letters match in either case (text only)");
        scope.setId("memory-search-scope");
        scope.getItems().add(null);
        scope.getItems().addAll(model.processes());
        scope.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(ProcessInfo p) {
                return p == null ? "All processes" : "PID " + p.pid() + " " + (p.comm() == null ? "" : p.comm());
            }

            @Override
            public ProcessInfo fromString(String s) {
                return null;
            }
        });
        scope.getSelectionModel().select(0);
        Tips.text(scope, "Search every process of the tree, or one");
        List<Integer> stray = model.pidsOutsideTree();
        outsideTree.setId("memory-search-outside-tree");
        outsideTree.setText("+ " + stray.size() + (stray.size() == 1 ? " pid" : " pids") + " outside the tree");
        Tips.text(outsideTree, "Also search the images of " + (stray.size() == 1 ? "pid " : "pids ")
                + stray.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))
                + ", which the process tree does not list (left by an earlier dump?)");
        outsideTree.setVisible(!stray.isEmpty());
        outsideTree.managedProperty().bind(outsideTree.visibleProperty());
        HBox modes = new HBox(0, textMode, hexMode);
        modes.getStyleClass().add("segmented");
        search.setId("memory-search-button");
        search.setDefaultButton(false);
        search.setOnAction(e -> start());
        cancel.setId("memory-search-cancel");
        cancel.setOnAction(e -> model.stopSearch());
        cancel.disableProperty().bind(model.searchingProperty().not());
        search.disableProperty().bind(model.searchingProperty());
        progress.visibleProperty().bind(model.searchingProperty());
        progress.progressProperty().bind(model.searchProgressProperty());
        status.textProperty().bind(model.searchStatusProperty());
        progress.setPrefWidth(140);
        status.setId("memory-search-status");

        hits.setId("memory-hits");
        hits.getColumns().add(Columns.number("PID", MemoryHit::pid, 60));
        hits.getColumns().add(Columns.text("Process", MemorySearchPane::process, 120));
        hits.getColumns().add(Columns.text("Address", h -> String.format("0x%x", h.address()), 145));
        hits.getColumns().add(Columns.text("Area", MemorySearchPane::area, 150));
        var preview = Columns.text("Context", MemoryHit::preview, 420);
        preview.getStyleClass().add("mono-column");
        hits.getColumns().add(preview);
        hits.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        hits.setFixedCellSize(Cells.ROW_HEIGHT);
        Label noHits = Controls.placeholder("");
        noHits.textProperty().bind(model.noHitsProperty());
        hits.setPlaceholder(noHits);
        hits.setItems(model.hits());
        model.hits().addListener((javafx.collections.ListChangeListener<MemoryHit>) c -> {
            if (!model.hits().isEmpty() && hits.getSelectionModel().isEmpty()) {
                hits.getSelectionModel().select(0);
            }
        });
        model.hitBytesProperty().addListener((o, a, shown) -> bytes.show(shown));
        TableCopy.install(hits);
        hits.setRowFactory(t -> {
            javafx.scene.control.TableRow<MemoryHit> row = new javafx.scene.control.TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty() && onOpen != null) {
                    onOpen.accept(row.getItem());
                }
            });
            return row;
        });
        hits.addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            MemoryHit h = hits.getSelectionModel().getSelectedItem();
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER && h != null && onOpen != null) {
                onOpen.accept(h);
                e.consume();
            }
        });
        Tips.text(hits, "Double-click or Enter: show the hit in its memory area");
        hits.getSelectionModel().selectedItemProperty().addListener((o, a, h) -> model.showHit(h));

        SplitPane split = new SplitPane(hits, bytes);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.4);
        for (javafx.scene.layout.Region r : new javafx.scene.layout.Region[] {textMode, hexMode, search, cancel,
            ignoreCase, outsideTree}) {
            r.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        query.setPrefColumnCount(22);
        status.setMinWidth(0);
        progress.managedProperty().bind(progress.visibleProperty());
        io.checkpointinspector.ui.common.Tips.lazy(status, status::getText);
        javafx.scene.layout.VBox top = new javafx.scene.layout.VBox(
                Controls.toolbar(query, modes, ignoreCase, scope, outsideTree, search, cancel),
                Controls.toolbar(progress, status));
        setTop(top);
        setCenter(split);
    }

    /** Hits in images of a pid outside the process tree say so instead of a name. */
    static String process(MemoryHit h) {
        return h.inProcessTree() ? h.process() : "(not in the process tree)";
    }

    private static String area(MemoryHit h) {
        return h.vmaLabel() == null ? "(no area)" : h.vmaLabel().isEmpty() ? "[anonymous]" : h.vmaLabel();
    }

    private void start() {
        ProcessInfo only = scope.getValue();
        model.search(new MemoryBytesModel.SearchRequest(query.getText(), hexMode.isSelected(),
                ignoreCase.isSelected(), only == null ? null : only.pid(), outsideTree.isSelected()));
    }

    /** Called with a hit that is double-clicked or entered: show it in its area. */
    void setOnOpen(java.util.function.Consumer<MemoryHit> handler) {
        onOpen = handler;
    }

    /** Limits the search to this process (null: all). */
    void limitTo(ProcessInfo p) {
        scope.getSelectionModel().select(p);
    }

    void focusQuery() {
        query.requestFocus();
    }
}
