package io.checkpointinspector.ui.memory;

import io.checkpointinspector.inspect.MemoryHit;
import io.checkpointinspector.inspect.MemorySearchResult;
import io.checkpointinspector.ui.common.Cells;
import io.checkpointinspector.ui.common.Columns;
import io.checkpointinspector.ui.common.Controls;
import io.checkpointinspector.ui.common.ErrorText;
import io.checkpointinspector.ui.common.LatestTask;
import io.checkpointinspector.ui.common.TableCopy;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import javafx.collections.FXCollections;
import javafx.concurrent.Task;
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

    private final MemoryBytesModel model;
    private final Executor executor;
    private final TextField query = new TextField();
    private final ToggleButton textMode = new ToggleButton("Text");
    private final ToggleButton hexMode = new ToggleButton("Hex");
    private final Button search = new Button("Search");
    private final Button cancel = new Button("Cancel");
    private final ProgressBar progress = new ProgressBar(0);
    private final Label status = Controls.styled("Searches the dumped memory of every process.", "muted");
    private final TableView<MemoryHit> hits = new TableView<>();
    private final MemoryBytesPane bytes = new MemoryBytesPane("memory-hit-bytes",
            "Select a hit to see the bytes around it.");
    private final LatestTask<MemoryBytesModel.Page> reader;
    private Task<MemorySearchResult> running;

    MemorySearchPane(MemoryBytesModel model, Executor executor) {
        this.model = model;
        this.executor = executor;
        this.reader = new LatestTask<>(executor);
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
        HBox modes = new HBox(0, textMode, hexMode);
        modes.getStyleClass().add("segmented");
        search.setId("memory-search-button");
        search.setDefaultButton(false);
        search.setOnAction(e -> start());
        cancel.setId("memory-search-cancel");
        cancel.setOnAction(e -> stop());
        cancel.setDisable(true);
        progress.setVisible(false);
        progress.setPrefWidth(140);
        status.setId("memory-search-status");

        hits.setId("memory-hits");
        hits.getColumns().add(Columns.number("PID", MemoryHit::pid, 60));
        hits.getColumns().add(Columns.text("Process", MemoryHit::process, 120));
        hits.getColumns().add(Columns.text("Address", h -> String.format("0x%x", h.address()), 130));
        hits.getColumns().add(Columns.text("Area", MemorySearchPane::area, 150));
        var preview = Columns.text("Context", MemoryHit::preview, 420);
        preview.getStyleClass().add("mono-column");
        hits.getColumns().add(preview);
        hits.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        hits.setFixedCellSize(Cells.ROW_HEIGHT);
        hits.setPlaceholder(Controls.placeholder("No search yet: type text or hex bytes above and press Enter."));
        TableCopy.install(hits);
        hits.getSelectionModel().selectedItemProperty().addListener((o, a, h) -> showHit(h));

        SplitPane split = new SplitPane(hits, bytes);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.4);
        for (javafx.scene.layout.Region r : new javafx.scene.layout.Region[] {textMode, hexMode, search, cancel}) {
            r.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        query.setPrefColumnCount(22);
        status.setMinWidth(0);
        progress.managedProperty().bind(progress.visibleProperty());
        io.checkpointinspector.ui.common.Tips.lazy(status, status::getText);
        setTop(Controls.toolbar(query, modes, search, cancel, progress, status));
        setCenter(split);
    }

    private static String area(MemoryHit h) {
        return h.vmaLabel() == null ? "(no area)" : h.vmaLabel().isEmpty() ? "[anonymous]" : h.vmaLabel();
    }

    private void start() {
        byte[] pattern;
        try {
            pattern = MemoryBytesModel.pattern(query.getText(), hexMode.isSelected());
        } catch (IllegalArgumentException e) {
            status.setText(e.getMessage());
            return;
        }
        stop();
        Task<MemorySearchResult> task = model.searchTask(pattern);
        running = task;
        hits.getItems().clear();
        bytes.showMessage("Select a hit to see the bytes around it.");
        progress.progressProperty().bind(task.progressProperty());
        status.textProperty().bind(task.messageProperty());
        progress.setVisible(true);
        cancel.setDisable(false);
        search.setDisable(true);
        task.setOnSucceeded(e -> finish(task, () -> {
            MemorySearchResult r = task.getValue();
            hits.setItems(FXCollections.observableArrayList(r.hits()));
            hits.setPlaceholder(Controls.placeholder("Not found in the dumped memory."));
            status.setText(MemoryBytesModel.summary(r));
            if (!r.hits().isEmpty()) {
                hits.getSelectionModel().select(0);
            }
        }));
        task.setOnFailed(e -> finish(task, () -> status.setText(task.getException() instanceof CancellationException
                ? "Search cancelled." : "Search failed: " + ErrorText.of(task.getException()))));
        task.setOnCancelled(e -> finish(task, () -> status.setText("Search cancelled.")));
        executor.execute(task);
    }

    private void finish(Task<MemorySearchResult> task, Runnable show) {
        if (running != task) {
            return;
        }
        running = null;
        progress.progressProperty().unbind();
        status.textProperty().unbind();
        progress.setVisible(false);
        cancel.setDisable(true);
        search.setDisable(false);
        show.run();
    }

    private void stop() {
        if (running != null) {
            // No interrupt: an interrupted FileChannel closes itself; the search polls isCancelled instead.
            running.cancel(false);
        }
    }

    private void showHit(MemoryHit h) {
        reader.cancel();
        if (h == null) {
            return;
        }
        reader.run(cancelled -> model.aroundHit(h, cancelled), bytes::show,
                error -> bytes.showMessage("Cannot read the memory of PID " + h.pid() + ":\n" + ErrorText.of(error)));
    }

    void focusQuery() {
        query.requestFocus();
    }
}
