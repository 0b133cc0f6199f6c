package io.checkpointinspector.ui.log;

import io.checkpointinspector.ui.common.Controls;
import io.checkpointinspector.ui.common.Shown;
import io.checkpointinspector.ui.common.TableCopy;
import io.checkpointinspector.ui.session.InspectorView;
import io.checkpointinspector.ui.session.ViewContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;

/** dump.log, the container log and any other log in the checkpoint, read on demand and searchable. */
public final class LogView implements InspectorView {

    private final LogViewModel model;
    private final ComboBox<String> logs = new ComboBox<>();
    private final TextField search = Controls.filterField("Search the log…");
    private final Label matches = Controls.styled("", "muted");
    private final Label note = Controls.styled("", "muted");
    private final ListView<String> lines = new ListView<>();
    private final StackPane center = new StackPane();
    private final BorderPane root = new BorderPane();
    private List<Integer> hits = List.of();
    private int hit = -1;
    private String needle = "";

    public LogView(ViewContext context) {
        model = new LogViewModel(context);
        ObservableList<String> names = model.names();
        logs.setItems(names);
        logs.setId("log-choice");
        lines.setId("log-lines");
        lines.getStyleClass().add("log-lines");
        lines.setCellFactory(v -> new LogCell());
        lines.setFixedCellSize(20);
        TableCopy.install(lines);
        search.setId("log-search");
        search.textProperty().addListener((o, a, text) -> find(text));
        search.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                step(e.isShiftDown() ? -1 : 1);
                e.consume();
            }
        });
        Button previous = new Button("Previous");
        previous.setOnAction(e -> step(-1));
        Button next = new Button("Next");
        next.setOnAction(e -> step(1));
        // a long note (the window's log names its file) gives way before the buttons do
        previous.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        next.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        note.setMinWidth(0);
        io.checkpointinspector.ui.common.Tips.lazy(note, note::getText);
        root.setTop(Controls.toolbar(logs, search, previous, next, matches, Controls.spring(), note));
        root.setCenter(center);
        root.setId("log");
        note.textProperty().bind(model.noteProperty());
        model.linesProperty().addListener((o, a, shown) -> show(shown));
        show(model.linesProperty().get());
        logs.getSelectionModel().selectedItemProperty().addListener((o, a, name) -> model.load(name));
        BooleanBinding none = Bindings.isEmpty(names);
        for (Node n : new Node[] {logs, search, previous, next}) {
            n.disableProperty().bind(none);
        }
        // the window's failure log can appear later, in a checkpoint that holds no log of its own
        names.addListener((ListChangeListener<String>) c -> {
            if (logs.getSelectionModel().isEmpty() && !names.isEmpty()) {
                logs.getSelectionModel().select(0);
            }
        });
        if (!names.isEmpty()) {
            logs.getSelectionModel().select(0);
        }
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void focusSearch() {
        search.requestFocus();
    }

    private void show(Shown<List<String>> shown) {
        if (shown.hasValue()) {
            lines.setItems(FXCollections.observableArrayList(shown.value()));
            center.getChildren().setAll(lines);
            find(search.getText());
        } else {
            lines.getItems().clear();
            center.getChildren().setAll(Controls.placeholder(shown.message()));
        }
    }

    private void find(String text) {
        needle = text.toLowerCase(Locale.ROOT);
        List<Integer> found = new ArrayList<>();
        if (!needle.isEmpty()) {
            List<String> items = lines.getItems();
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i).toLowerCase(Locale.ROOT).contains(needle)) {
                    found.add(i);
                }
            }
        }
        hits = found;
        hit = -1;
        lines.refresh();
        if (!hits.isEmpty()) {
            step(1);
        } else {
            matches.setText(needle.isEmpty() ? "" : "no match");
        }
    }

    private void step(int direction) {
        if (hits.isEmpty()) {
            return;
        }
        hit = Math.floorMod(hit + direction, hits.size());
        int line = hits.get(hit);
        lines.getSelectionModel().clearAndSelect(line);
        lines.scrollTo(Math.max(0, line - 3));
        matches.setText((hit + 1) + " of " + hits.size());
    }

    private final class LogCell extends ListCell<String> {
        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            getStyleClass().removeAll("log-match", "log-error", "log-warning");
            if (empty || item == null) {
                setText(null);
                return;
            }
            setText(item);
            String severity = LogViewModel.severity(item);
            if (severity != null) {
                getStyleClass().add("log-" + severity);
            }
            if (!needle.isEmpty() && item.toLowerCase(Locale.ROOT).contains(needle)) {
                getStyleClass().add("log-match");
            }
        }
    }
}
