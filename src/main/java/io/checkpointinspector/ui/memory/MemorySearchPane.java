package io.checkpointinspector.ui.memory;

import io.checkpointinspector.inspect.MemoryFilter;
import io.checkpointinspector.inspect.MemoryHit;
import io.checkpointinspector.model.ProcessInfo;
import io.checkpointinspector.ui.common.Tips;
import javafx.scene.control.ComboBox;
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
    private final TextField query = org.controlsfx.control.textfield.TextFields.createClearableTextField();
    private final ToggleButton textMode = new ToggleButton("Text");
    private final ToggleButton hexMode = new ToggleButton("Hex");
    private final ToggleButton regexMode = new ToggleButton("Regex");
    private final ToggleButton utf16Mode = new ToggleButton("UTF-16");
    private final ComboBox<String> process = new ComboBox<>();
    private final ComboBox<String> kind = new ComboBox<>();
    private final TextField perms = new TextField();
    private final javafx.scene.control.CheckBox ignoreCase = new javafx.scene.control.CheckBox("Ignore case");
    private final javafx.scene.control.CheckBox outsideTree = new javafx.scene.control.CheckBox();
    private java.util.function.Consumer<MemoryHit> onOpen;
    private final Button search = new Button("Search");
    private final Button cancel = new Button("Cancel");
    private final Button pin = new Button("Pin for report");
    private final Label pinned = Controls.styled("", "muted");
    private final ProgressBar progress = new ProgressBar(0);
    private final Label status = Controls.styled("", "muted");
    private final TableView<MemoryHit> hits = new TableView<>();
    private final MemoryBytesPane bytes = new MemoryBytesPane("memory-hit-bytes", MemoryViewModel.NO_HIT);

    MemorySearchPane(MemoryViewModel model, java.util.List<ProcessInfo> processes) {
        this.model = model;
        setId("memory-search");
        query.setId("memory-search-field");
        query.setPromptText("Search memory, e.g. CKPT or de ad be ef");
        query.setPrefColumnCount(24);
        query.setOnAction(e -> start());
        ToggleGroup group = new ToggleGroup();
        textMode.setToggleGroup(group);
        hexMode.setToggleGroup(group);
        regexMode.setToggleGroup(group);
        utf16Mode.setToggleGroup(group);
        textMode.setSelected(true);
        hexMode.setId("memory-search-hex");
        regexMode.setId("memory-search-regex");
        utf16Mode.setId("memory-search-utf16");
        Tips.text(regexMode, "A Java regular expression over the bytes read as ISO-8859-1 (\\x00 matches a zero "
                + "byte); a match is at most 4 KiB long");
        Tips.text(utf16Mode, "The text encoded as UTF-16LE");
        process.setId("memory-search-process");
        process.getItems().add(ALL_PROCESSES);
        for (ProcessInfo p : processes) {
            process.getItems().add(p.pid() + " " + (p.comm() == null ? "" : p.comm()));
        }
        process.setValue(ALL_PROCESSES);
        kind.setId("memory-search-kind");
        kind.getItems().add(ALL_AREAS);
        kind.getItems().addAll(MemoryFilter.KINDS);
        kind.setValue(ALL_AREAS);
        perms.setId("memory-search-perms");
        perms.setPromptText("perms");
        perms.setPrefColumnCount(4);
        Tips.text(perms, "Only areas with all these permissions, e.g. rw or x");
        group.selectedToggleProperty().addListener((o, a, t) -> {
            if (t == null) {
                a.setSelected(true);
            }
        });
        HBox modes = new HBox(0, textMode, hexMode, regexMode, utf16Mode);
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
        hits.getColumns().add(Columns.text("Process", MemorySearchPane::processOf, 120));
        hits.getColumns().add(Columns.text("Address", h -> String.format("0x%x", h.address()), 130));
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
        hits.getSelectionModel().selectedItemProperty().addListener((o, a, h) -> model.showHit(h));

        SplitPane split = new SplitPane(hits, bytes);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.4);
        for (javafx.scene.layout.Region r : new javafx.scene.layout.Region[] {textMode, hexMode, regexMode, utf16Mode,
            search, cancel, process, kind, perms}) {
            r.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        query.setPrefColumnCount(22);
        status.setMinWidth(0);
        progress.managedProperty().bind(progress.visibleProperty());
        io.checkpointinspector.ui.common.Tips.lazy(status, status::getText);
        // Pinned hits go into File → Export report… of this checkpoint.
        pin.setId("memory-hit-pin");
        pin.disableProperty().bind(hits.getSelectionModel().selectedItemProperty().isNull());
        pin.setOnAction(e -> model.pin(java.util.List.copyOf(hits.getSelectionModel().getSelectedItems())));
        pin.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        pinned.setId("memory-pinned-count");
        pinned.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        pinned.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> model.pinned().isEmpty()
                ? "" : model.pinned().size() + " pinned", model.pinned()));
        io.checkpointinspector.ui.common.Tips.text(pin, "Keep the selected hits for File → Export report…");
        ignoreCase.setId("memory-search-ignore-case");
        ignoreCase.disableProperty().bind(textMode.selectedProperty().not());
        ignoreCase.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        io.checkpointinspector.ui.common.Tips.text(ignoreCase, "ASCII letters match in either case (text only)");
        java.util.List<Integer> stray = model.pidsOutsideTree();
        outsideTree.setId("memory-search-outside-tree");
        outsideTree.setText("+ " + stray.size() + (stray.size() == 1 ? " pid" : " pids") + " outside the tree");
        outsideTree.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        io.checkpointinspector.ui.common.Tips.text(outsideTree, "Also search the images of pids "
                + stray.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))
                + ", which the process tree does not list (left by an earlier dump?)");
        outsideTree.setVisible(!stray.isEmpty());
        outsideTree.managedProperty().bind(outsideTree.visibleProperty());
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
        javafx.scene.layout.VBox top = new javafx.scene.layout.VBox(Controls.toolbar(query, modes, ignoreCase,
                search, cancel, progress, status), Controls.toolbar(Controls.styled("In", "muted"), process, kind,
                perms, outsideTree, Controls.spring(), pin, pinned));
        setTop(top);
        setCenter(split);
    }

    /** Called with a hit that is double-clicked or entered: show it in its area. */
    void setOnOpen(java.util.function.Consumer<MemoryHit> handler) {
        onOpen = handler;
    }

    /** Hits in images of a pid outside the process tree say so instead of a name. */
    static String processOf(MemoryHit h) {
        return h.inProcessTree() ? h.process() : "(not in the process tree)";
    }

    private static String area(MemoryHit h) {
        return h.vmaLabel() == null ? "(no area)" : h.vmaLabel().isEmpty() ? "[anonymous]" : h.vmaLabel();
    }

    static final String ALL_PROCESSES = "every process";
    static final String ALL_AREAS = "every area kind";

    private void start() {
        MemoryBytesModel.Mode mode = hexMode.isSelected() ? MemoryBytesModel.Mode.HEX
                : regexMode.isSelected() ? MemoryBytesModel.Mode.REGEX
                : utf16Mode.isSelected() ? MemoryBytesModel.Mode.UTF16 : MemoryBytesModel.Mode.TEXT;
        model.search(query.getText(), mode, ignoreCase.isSelected(), outsideTree.isSelected(), this::filter);
    }

    /** The filter the controls say; IllegalArgumentException for permissions that are not letters of rwxps. */
    private MemoryFilter filter() {
        String p = process.getValue();
        java.util.OptionalInt pid = p == null || p.equals(ALL_PROCESSES) ? java.util.OptionalInt.empty()
                : java.util.OptionalInt.of(Integer.parseInt(p.substring(0, p.indexOf(' '))));
        String k = kind.getValue();
        return new MemoryFilter(pid, k == null || k.equals(ALL_AREAS) ? java.util.Set.of() : java.util.Set.of(k),
                perms.getText().strip());
    }

    void focusQuery() {
        query.requestFocus();
    }
}
