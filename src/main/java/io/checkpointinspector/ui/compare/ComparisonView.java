package io.checkpointinspector.ui.compare;

import io.checkpointinspector.ui.common.Cells;
import io.checkpointinspector.ui.common.Controls;
import io.checkpointinspector.ui.common.TableCopy;
import java.util.List;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;

/**
 * A comparison tab: which containers, what differs in counts, then the sections (overview, processes, files and
 * sockets, memory, root FS) as tables whose rows are coloured by added / removed / changed; "Only differences"
 * hides what is the same, "Copy as text" copies the whole difference as the command line prints it.
 */
public final class ComparisonView extends BorderPane {

    private final ComparisonViewModel model;
    private final Label headline = new Label();
    private final Label summary = new Label();
    private final CheckBox only = new CheckBox("Only differences");
    private final Button copy = new Button("Copy as text");
    private final TabPane sections = new TabPane();
    private final List<Section> tables;

    private record Section(String id, String title, TableView<DiffRow> table, Supplier<List<DiffRow>> rows) {
    }

    public ComparisonView(ComparisonViewModel model) {
        this.model = model;
        getStyleClass().add("comparison-view");
        setId("comparison");
        headline.setId("compare-headline");
        headline.getStyleClass().add("diff-headline");
        summary.setId("compare-summary");
        summary.setWrapText(true);
        only.setId("compare-only-differences");
        only.selectedProperty().bindBidirectional(model.onlyDifferencesProperty());
        copy.setId("compare-copy");
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(model.text());
            Clipboard.getSystemClipboard().setContent(c);
        });
        tables = List.of(
                new Section("overview", "Overview", table("compare-metadata", new String[] {"Section", "Field", "A", "B"},
                        new double[] {130, 200, 330, 330}), model::metadata),
                new Section("processes", "Processes", table("compare-processes",
                        new String[] {"Change", "PID", "Command", "What differs"}, new double[] {90, 80, 420, 330}),
                        model::processes),
                new Section("files", "Files and sockets", table("compare-files",
                        new String[] {"Change", "PID", "Kind", "FD", "Type", "Path"}, new double[] {80, 60, 70, 50, 100, 420}),
                        model::files),
                new Section("memory", "Memory", table("compare-memory", new String[] {"PID", "Process", "Areas",
                    "Mapped", "Dumped", "Areas +/−/≠"}, new double[] {60, 130, 90, 200, 200, 120}), model::memory),
                new Section("rootfs", "Root FS", table("compare-rootfs", new String[] {"Change", "Path", "Type",
                    "Detail"}, new double[] {130, 380, 80, 360}), model::rootfs));
        for (Section s : tables) {
            Tab tab = new Tab(s.title(), withDetail(s));
            tab.setId("compare-tab-" + s.id());
            sections.getTabs().add(tab);
        }
        sections.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        sections.getStyleClass().add("view-tabs");
        model.onlyDifferencesProperty().addListener((o, a, b) -> fill());
        model.stateProperty().addListener((o, a, b) -> show());
        show();
    }

    public ComparisonViewModel model() {
        return model;
    }

    private void show() {
        switch (model.stateProperty().get()) {
            case WORKING -> {
                ProgressBar bar = new ProgressBar();
                bar.progressProperty().bind(model.progressProperty());
                bar.setPrefWidth(320);
                Label what = new Label();
                what.textProperty().bind(model.messageProperty());
                Button cancel = new Button("Cancel");
                cancel.setId("compare-cancel");
                cancel.setOnAction(e -> model.cancel());
                VBox box = new VBox(10, new Label("Reading and comparing…"), bar, what, cancel);
                box.setPadding(new Insets(24));
                setTop(null);
                setCenter(box);
            }
            case FAILED -> {
                Label error = new Label();
                error.setId("compare-error");
                error.textProperty().bind(model.errorProperty());
                error.setWrapText(true);
                VBox box = new VBox(10, Controls.styled("The comparison could not be made", "h2"), error);
                box.setPadding(new Insets(24));
                setTop(null);
                setCenter(box);
            }
            case READY -> {
                var d = model.diffProperty().get();
                headline.setText(model.headline());
                headline.getStyleClass().removeAll("diff-different", "diff-same-container");
                headline.getStyleClass().add(d.sameContainer() ? "diff-same-container" : "diff-different");
                summary.setText(model.summary());
                VBox top = new VBox(6, headline, summary, Controls.toolbar(only, copy));
                top.setPadding(new Insets(10, 12, 6, 12));
                top.getStyleClass().add("comparison-header");
                setTop(top);
                setCenter(sections);
                fill();
            }
            default -> { }
        }
    }

    private void fill() {
        for (Section s : tables) {
            s.table().getItems().setAll(s.rows().get());
        }
    }

    private Node withDetail(Section s) {
        if (!s.id().equals("processes") && !s.id().equals("memory")) {
            return s.table();
        }
        TextArea detail = new TextArea();
        detail.setEditable(false);
        detail.setId(s.table().getId() + "-detail");
        detail.getStyleClass().add("mono");
        detail.setPromptText("Select a row to see what differs.");
        s.table().getSelectionModel().selectedItemProperty().addListener((o, a, row) ->
                detail.setText(row == null || row.detail() == null ? "" : row.detail()));
        SplitPane split = new SplitPane(s.table(), detail);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.55);
        return split;
    }

    private static TableView<DiffRow> table(String id, String[] headers, double[] widths) {
        TableView<DiffRow> t = new TableView<>();
        t.setId(id);
        for (int i = 0; i < headers.length; i++) {
            int col = i;
            TableColumn<DiffRow, String> c = new TableColumn<>(headers[i]);
            c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue().cell(col)));
            c.setCellFactory(Cells.longText());
            c.setPrefWidth(widths[i]);
            t.getColumns().add(c);
        }
        t.setRowFactory(v -> new TableRow<>() {
            @Override
            protected void updateItem(DiffRow row, boolean empty) {
                super.updateItem(row, empty);
                getStyleClass().removeAll("diff-added", "diff-removed", "diff-changed", "diff-unknown");
                if (!empty && row != null && !row.status().equals("same")) {
                    getStyleClass().add("diff-" + row.status());
                }
            }
        });
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        t.setFixedCellSize(Cells.ROW_HEIGHT);
        t.setPlaceholder(Controls.placeholder("No differences in this section."));
        TableCopy.install(t);
        return t;
    }
}
