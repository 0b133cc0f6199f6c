package io.checkpointinspector.ui.log;

import io.checkpointinspector.inspect.CheckpointContent;
import io.checkpointinspector.model.ImageEntry;
import io.checkpointinspector.ui.common.Controls;
import io.checkpointinspector.ui.common.ErrorText;
import io.checkpointinspector.ui.common.LatestTask;
import io.checkpointinspector.ui.common.TableCopy;
import io.checkpointinspector.text.Units;
import io.checkpointinspector.ui.session.InspectorView;
import io.checkpointinspector.ui.session.ViewContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.collections.FXCollections;
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

    /** Bytes of a log shown; CRIU's dump.log at the default level stays far below. */
    static final int LOG_BYTES = 16 << 20;

    private final CheckpointContent content;
    private final ComboBox<String> logs = new ComboBox<>();
    private final TextField search = Controls.filterField("Search the log…");
    private final Label matches = Controls.styled("", "muted");
    private final Label note = Controls.styled("", "muted");
    private final ListView<String> lines = new ListView<>();
    private final StackPane center = new StackPane();
    private final LatestTask<CheckpointContent.Bytes> task;
    private final BorderPane root = new BorderPane();
    private List<Integer> hits = List.of();
    private int hit = -1;
    private String needle = "";

    public LogView(ViewContext context) {
        content = context.content();
        task = new LatestTask<>(context.executor());
        List<String> names = logNames(context.checkpoint().entries());
        logs.setItems(FXCollections.observableArrayList(names));
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
        root.setTop(Controls.toolbar(logs, search, previous, next, matches, Controls.spring(), note));
        root.setCenter(center);
        root.setId("log");
        logs.getSelectionModel().selectedItemProperty().addListener((o, a, name) -> load(name));
        if (names.isEmpty()) {
            logs.setDisable(true);
            search.setDisable(true);
            previous.setDisable(true);
            next.setDisable(true);
            center.getChildren().setAll(Controls.placeholder("This checkpoint holds no dump.log and no container log."));
        } else {
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

    /** Logs first by how useful they are: CRIU's dump.log, then the container's, then the rest. */
    static List<String> logNames(List<ImageEntry> entries) {
        List<String> names = new ArrayList<>();
        for (ImageEntry e : entries) {
            String n = e.name();
            String base = n.substring(n.lastIndexOf('/') + 1);
            if (base.endsWith(".log") && (e.imageType() == null || !e.imageType().startsWith("link to"))) {
                names.add(n);
            }
        }
        names.sort((a, b) -> Integer.compare(rank(a), rank(b)));
        return names;
    }

    private static int rank(String name) {
        return name.endsWith("dump.log") ? 0 : name.endsWith("ctr.log") ? 1 : 2;
    }

    private void load(String name) {
        if (name == null) {
            return;
        }
        center.getChildren().setAll(Controls.placeholder("Reading " + name + "…"));
        task.run(cancelled -> content.bytes(name, LOG_BYTES, cancelled), bytes -> {
            String text = new String(bytes.data(), StandardCharsets.UTF_8);
            List<String> split = new ArrayList<>(List.of(text.split("\r?\n", -1)));
            if (!split.isEmpty() && split.get(split.size() - 1).isEmpty()) {
                split.remove(split.size() - 1);
            }
            lines.setItems(FXCollections.observableArrayList(split));
            note.setText(Units.count(split.size()) + " lines, " + Units.bytes(bytes.size())
                    + (bytes.truncated() ? " (first " + Units.bytes(bytes.data().length) + " shown)" : ""));
            center.getChildren().setAll(split.isEmpty() ? Controls.placeholder(name + " is empty.") : lines);
            find(search.getText());
        }, error -> center.getChildren().setAll(Controls.placeholder("Cannot read " + name + ":\n"
                + ErrorText.of(error))));
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
            getStyleClass().remove("log-match");
            if (empty || item == null) {
                setText(null);
                return;
            }
            setText(item);
            if (!needle.isEmpty() && item.toLowerCase(Locale.ROOT).contains(needle)) {
                getStyleClass().add("log-match");
            }
        }
    }
}
