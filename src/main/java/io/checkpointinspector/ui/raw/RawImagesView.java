package io.checkpointinspector.ui.raw;

import io.checkpointinspector.criu.RecordTree;
import io.checkpointinspector.inspect.CheckpointContent;
import io.checkpointinspector.model.ImageEntry;
import io.checkpointinspector.ui.common.Cells;
import io.checkpointinspector.ui.common.Columns;
import io.checkpointinspector.ui.common.Controls;
import io.checkpointinspector.ui.common.LazyTreeItem;
import io.checkpointinspector.ui.common.PreviewPane;
import io.checkpointinspector.ui.common.TableCopy;
import io.checkpointinspector.text.Units;
import io.checkpointinspector.ui.session.InspectorView;
import io.checkpointinspector.ui.session.ViewContext;
import java.util.List;
import java.util.Locale;
import javafx.collections.FXCollections;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;

/** Every entry of the checkpoint; a CRIU image opens as its decoded records (like crit show), anything else as bytes. */
public final class RawImagesView implements InspectorView {

    private final RawImagesViewModel model;
    private final TableView<ImageEntry> entries = new TableView<>();
    private final TextField filter = Controls.filterField("Filter entries…");
    private final TreeTableView<RecordTree.Node> records = new TreeTableView<>();
    private final Label recordsTitle = Controls.styled("", "preview-title");
    private final Label recordsNote = Controls.styled("", "preview-note");
    private final BorderPane recordsPane = new BorderPane();
    private final PreviewPane preview = new PreviewPane();
    private final StackPane detail = new StackPane();
    private final SplitPane root;

    public RawImagesView(ViewContext context) {
        model = new RawImagesViewModel(context);
        FilteredList<ImageEntry> filtered =
                new FilteredList<>(FXCollections.observableArrayList(context.checkpoint().entries()));
        filter.textProperty().addListener((o, a, text) -> {
            String needle = text.toLowerCase(Locale.ROOT);
            filtered.setPredicate(e -> needle.isEmpty() || e.name().toLowerCase(Locale.ROOT).contains(needle)
                    || (e.imageType() != null && e.imageType().toLowerCase(Locale.ROOT).contains(needle)));
        });
        SortedList<ImageEntry> sorted = new SortedList<>(filtered);
        sorted.comparatorProperty().bind(entries.comparatorProperty());
        entries.setItems(sorted);
        entries.setId("raw-entries");
        entries.getColumns().add(Columns.text("Entry", ImageEntry::name, 260));
        entries.getColumns().add(Columns.size("Size", ImageEntry::size, 90));
        entries.getColumns().add(Columns.text("Type", ImageEntry::imageType, 110));
        entries.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        entries.setFixedCellSize(Cells.ROW_HEIGHT);
        entries.setPlaceholder(Controls.placeholder("No entry matches."));
        TableCopy.install(entries);
        entries.getSelectionModel().selectedItemProperty().addListener((o, a, e) -> select(e));

        records.setId("raw-records");
        records.setShowRoot(false);
        TreeTableColumn<RecordTree.Node, String> field = Columns.tree("Field", RecordTree.Node::name, 260);
        TreeTableColumn<RecordTree.Node, String> value = Columns.tree("Value", RecordTree.Node::value, 420);
        value.getStyleClass().add("mono-column");
        records.getColumns().add(field);
        records.getColumns().add(value);
        records.setColumnResizePolicy(TreeTableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        records.setFixedCellSize(Cells.ROW_HEIGHT);
        TableCopy.install(records);
        recordsPane.setTop(Controls.toolbar(recordsTitle, Controls.spring(), recordsNote));
        recordsPane.setCenter(records);
        preview.setId("raw-preview");

        BorderPane left = new BorderPane(entries, Controls.toolbar(filter, Controls.spring(),
                Controls.styled(context.checkpoint().entries().size() + " entries", "muted")), null, null, null);
        model.detailProperty().addListener((o, a, d) -> show(d));
        show(model.detailProperty().get());
        root = new SplitPane(left, detail);
        root.setDividerPositions(0.36);
        root.setId("raw");
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void focusSearch() {
        filter.requestFocus();
    }

    /** Selects the entry with this name, if listed. */
    public void select(String name) {
        for (ImageEntry e : entries.getItems()) {
            if (e.name().equals(name)) {
                entries.getSelectionModel().select(e);
                entries.scrollTo(e);
            }
        }
    }

    private void select(ImageEntry e) {
        if (e != null) {
            preview.setOnSeek(at -> model.showBytes(e.name(), at));
        }
        model.select(e);
    }

    private void show(RawImagesViewModel.Detail d) {
        if (d instanceof RawImagesViewModel.Records r) {
            showRecords(r.records());
        } else if (d instanceof RawImagesViewModel.Bytes b) {
            preview.show(b.name(), b.bytes().offset(), b.bytes().data(), b.bytes().size());
            detail.getChildren().setAll(preview);
        } else if (d instanceof RawImagesViewModel.Message m) {
            Label l = Controls.placeholder(m.text());
            if (m.error()) {
                l.getStyleClass().add("error-text");
            }
            detail.getChildren().setAll(l);
        }
    }

    private void showRecords(CheckpointContent.Records r) {
        RecordTree.Node top = new RecordTree.Node(r.name(), "", r.records());
        TreeItem<RecordTree.Node> rootItem = new LazyTreeItem<>(top, RecordTree.Node::children);
        rootItem.setExpanded(true);
        for (int i = 0; i < rootItem.getChildren().size() && i < (r.records().size() <= 3 ? 3 : 1); i++) {
            rootItem.getChildren().get(i).setExpanded(true);
        }
        records.setRoot(rootItem);
        recordsTitle.setText(r.name() + "  ·  " + Units.orDash(r.kind()));
        String note = Units.count(r.total()) + (r.total() == 1 ? " record" : " records");
        if (r.records().size() < r.total()) {
            note += ", first " + Units.count(r.records().size()) + " shown";
        }
        if (!r.warnings().isEmpty()) {
            note += "  ·  " + String.join("; ", r.warnings());
        }
        recordsNote.setText(note);
        records.setPlaceholder(Controls.placeholder("This image holds no records."));
        detail.getChildren().setAll(recordsPane);
    }

    List<ImageEntry> shownEntries() {
        return entries.getItems();
    }
}
