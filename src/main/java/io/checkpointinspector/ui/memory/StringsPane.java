package io.checkpointinspector.ui.memory;

import io.checkpointinspector.inspect.MemoryString;
import io.checkpointinspector.model.ProcessInfo;
import io.checkpointinspector.ui.common.Cells;
import io.checkpointinspector.ui.common.Columns;
import io.checkpointinspector.ui.common.Controls;
import io.checkpointinspector.ui.common.TableCopy;
import io.checkpointinspector.ui.common.Tips;
import java.util.function.Consumer;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;

/**
 * The printable strings (ASCII and UTF-16LE) of the selected process with their addresses, filterable; a double
 * click or Enter on one shows its bytes.
 */
final class StringsPane extends BorderPane {

    private final StringsViewModel model;
    private final Spinner<Integer> minLength = new Spinner<>(1, 256, StringsViewModel.DEFAULT_MIN_LENGTH);
    private final TextField filter = Controls.filterField("Filter strings…");
    private final Button list = new Button("List strings");
    private final Button cancel = new Button("Cancel");
    private final TableView<MemoryString> table = new TableView<>();
    private ProcessInfo process;
    private Consumer<MemoryString> onOpen = s -> { };

    StringsPane(StringsViewModel model) {
        this.model = model;
        setId("memory-strings");
        minLength.setId("memory-strings-min");
        minLength.setEditable(true);
        minLength.setPrefWidth(80);
        minLength.setMinWidth(Region.USE_PREF_SIZE);
        Tips.text(minLength, "Shortest run listed, in characters");
        filter.setId("memory-strings-filter");
        filter.textProperty().addListener((o, a, t) -> model.setFilter(t));
        list.setId("memory-strings-list");
        list.setOnAction(e -> start());
        list.disableProperty().bind(model.runningProperty());
        cancel.setId("memory-strings-cancel");
        cancel.setOnAction(e -> model.cancel());
        cancel.disableProperty().bind(model.runningProperty().not());
        ProgressBar progress = new ProgressBar();
        progress.setPrefWidth(120);
        progress.visibleProperty().bind(model.runningProperty());
        progress.managedProperty().bind(progress.visibleProperty());
        progress.progressProperty().bind(model.progressProperty());
        Label status = Controls.styled("", "muted");
        status.setId("memory-strings-status");
        status.setMinWidth(0);
        status.textProperty().bind(model.statusProperty());
        Tips.lazy(status, status::getText);
        for (Region r : new Region[] {list, cancel}) {
            r.setMinWidth(Region.USE_PREF_SIZE);
        }

        table.setId("memory-strings-table");
        table.getColumns().add(Columns.<MemoryString>text("Address", s -> String.format("0x%x", s.address()), 130));
        table.getColumns().add(Columns.<MemoryString>text("Area", s -> s.vmaLabel() == null ? "(no area)"
                : s.vmaLabel().isEmpty() ? "[anonymous]" : s.vmaLabel(), 150));
        table.getColumns().add(Columns.text("Encoding", StringsViewModel::encoding, 80));
        table.getColumns().add(Columns.number("Length", MemoryString::length, 70));
        var text = Columns.<MemoryString>text("Text", s -> s.text() + (s.length() > s.text().length() ? "…" : ""), 420);
        text.getStyleClass().add("mono-column");
        table.getColumns().add(text);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setFixedCellSize(Cells.ROW_HEIGHT);
        table.setPlaceholder(Controls.placeholder("No strings listed yet: press List strings."));
        table.setItems(model.strings());
        TableCopy.install(table);
        table.setRowFactory(t -> {
            TableRow<MemoryString> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()) {
                    onOpen.accept(row.getItem());
                }
            });
            return row;
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && table.getSelectionModel().getSelectedItem() != null) {
                onOpen.accept(table.getSelectionModel().getSelectedItem());
            }
        });
        Label hint = Controls.styled("Double-click a string to see its bytes.", "muted");
        Label minTitle = Controls.styled("Min. length", "muted");
        minTitle.setMinWidth(Region.USE_PREF_SIZE);
        filter.setPrefColumnCount(16);
        filter.setMinWidth(120);
        setTop(Controls.toolbar(minTitle, minLength, list, cancel, filter, progress, status));
        setCenter(table);
        setBottom(Controls.toolbar(hint));
    }

    /** Called with the string whose bytes are wanted. */
    void setOnOpen(Consumer<MemoryString> handler) {
        onOpen = handler;
    }

    /** The process whose strings are listed next; what was listed for another is dropped. */
    void setProcess(ProcessInfo p) {
        if (p == process) {
            return;
        }
        process = p;
        model.clear(p == null ? "Select a process." : "Press List strings for PID " + p.pid() + ".");
    }

    private void start() {
        if (process != null) {
            model.list(process.pid(), minLength.getValue());
        }
    }
}
