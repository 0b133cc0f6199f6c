package io.checkpointinspector.ui.welcome;

import io.checkpointinspector.discover.FoundCheckpoint;
import io.checkpointinspector.ui.common.Columns;
import io.checkpointinspector.ui.common.Controls;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** "Checkpoints on this machine": what the model found, one row each; double-click or Enter opens a row. */
final class MachineCheckpointsPane extends VBox {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    MachineCheckpointsPane(MachineCheckpointsModel model, Consumer<Path> open) {
        super(6);
        setId("machine-checkpoints");
        Label title = Controls.styled("Checkpoints on this machine", "card-title");
        Label summary = Controls.styled("", "muted");
        summary.setId("machine-summary");
        summary.textProperty().bind(model.summaryProperty());
        Button refresh = new Button("Refresh");
        refresh.setId("machine-refresh");
        refresh.setOnAction(e -> model.refresh());
        refresh.disableProperty().bind(model.runningProperty());
        Button cancel = new Button("Cancel");
        cancel.setId("machine-cancel");
        cancel.setOnAction(e -> model.cancel());
        cancel.visibleProperty().bind(model.runningProperty());
        cancel.managedProperty().bind(cancel.visibleProperty());
        HBox header = new HBox(10, title, summary, Controls.spring(), cancel, refresh);
        header.setAlignment(Pos.CENTER_LEFT);

        TableView<FoundCheckpoint> table = new TableView<>(model.rows());
        table.setId("machine-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(Columns.text("Checkpointed", MachineCheckpointsPane::time, 150));
        table.getColumns().add(Columns.text("Container", MachineCheckpointsPane::container, 110));
        table.getColumns().add(Columns.text("Engine", FoundCheckpoint::engine, 75));
        table.getColumns().add(Columns.size("Size", FoundCheckpoint::bytes, 75));
        table.getColumns().add(Columns.text("Checkpoint", MachineCheckpointsPane::name, 150));
        table.getColumns().add(Columns.text("Found in", MachineCheckpointsPane::foundIn, 140));
        table.setPlaceholder(Controls.placeholder("No checkpoints found in kubelet's folder, Podman's or "
                + "containerd's storage, or the folders of recent checkpoints."));
        table.setRowFactory(t -> new FoundRow());
        table.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                openSelected(table, open);
            }
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                openSelected(table, open);
            }
        });
        table.setPrefHeight(170);
        VBox.setVgrow(table, Priority.ALWAYS);

        ListView<String> notes = new ListView<>(model.notes());
        notes.setId("machine-notes");
        notes.setPrefHeight(90);
        TitledPane notesPane = new TitledPane("", notes);
        notesPane.setId("machine-notes-pane");
        notesPane.textProperty().bind(Bindings.concat("Places skipped or cut short (",
                Bindings.size(model.notes()), ")"));
        notesPane.setExpanded(false);
        notesPane.visibleProperty().bind(Bindings.isNotEmpty(model.notes()));
        notesPane.managedProperty().bind(notesPane.visibleProperty());

        getChildren().addAll(header, table, notesPane);
    }

    private static void openSelected(TableView<FoundCheckpoint> table, Consumer<Path> open) {
        Path p = MachineCheckpointsModel.openable(table.getSelectionModel().getSelectedItem());
        if (p != null) {
            open.accept(p);
        }
    }

    private static String time(FoundCheckpoint row) {
        Instant t = row.time();
        return t != null ? LOCAL.format(t) : row.checkpointed();
    }

    private static String container(FoundCheckpoint row) {
        return row.container() != null || row.error() == null ? row.container() : "(unreadable)";
    }

    /** The file or folder name, or how a store knows it ("image NAME"); and how many warnings reading it gave. */
    static String name(FoundCheckpoint row) {
        String name;
        if (row.where() != null) {
            name = row.where();
        } else {
            Path p = row.path() == null ? null : Path.of(row.path()).getFileName();
            name = p == null ? row.path() : p.toString();
        }
        int n = row.warnings().size();
        return n == 0 ? name : name + (n == 1 ? " (1 warning)" : " (" + n + " warnings)");
    }

    private static String foundIn(FoundCheckpoint row) {
        Path folder = row.path() == null ? null : Path.of(row.path()).getParent();
        return row.place().label() + (folder == null ? "" : " " + folder);
    }

    /** Rows that cannot be read say why, partly readable ones list their warnings; rows nothing opens are dimmed. */
    private static final class FoundRow extends TableRow<FoundCheckpoint> {
        @Override
        protected void updateItem(FoundCheckpoint row, boolean empty) {
            super.updateItem(row, empty);
            if (empty || row == null) {
                setTooltip(null);
                setOpacity(1);
                return;
            }
            String tip = row.path() == null ? "Nothing here opens this one as a file." : row.path();
            if (row.error() != null) {
                tip = row.error() + "\n" + tip;
            }
            for (String w : row.warnings()) {
                tip = tip + "\nwarning: " + w;
            }
            setTooltip(new Tooltip(tip));
            setOpacity(row.path() == null || row.error() != null ? 0.6 : 1);
        }
    }
}
