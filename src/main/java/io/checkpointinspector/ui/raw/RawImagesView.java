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

    private final Label saveStatus = Controls.styled("", "muted");

    /** A file entry with bytes (links are listed, never followed). */
    private static boolean saveable(ImageEntry e) {
        return e != null && (e.imageType() == null || !e.imageType().startsWith("link to"));
    }

    /** Save entry as…: the whole entry to a new file the user chooses, in the background. */
    private void saveSelected() {
        ImageEntry e = entries.getSelectionModel().getSelectedItem();
        if (!saveable(e)) {
            return;
        }
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.setTitle("Save " + e.name());
        chooser.setInitialFileName(e.name().substring(e.name().lastIndexOf('/') + 1));
        java.io.File target = chooser.showSaveDialog(entries.getScene().getWindow());
        if (target != null) {
            save(e.name(), target.toPath());
        }
    }

    /** Saves entry name to target (the chooser asked about replacing an existing file: it is replaced). */
    void save(String name, java.nio.file.Path target) {
        try {
            java.nio.file.Files.deleteIfExists(target);
        } catch (java.io.IOException ex) {
            saveStatus.setText("Cannot replace " + target + ": " + ex.getMessage());
            return;
        }
        saveStatus.setText("Saving " + name + "…");
        model.save(name, target, saveStatus::setText);
    }

    /** "62 entries", or "3 of 62 entries" while a filter hides some. */
    static String countText(int shown, int total) {
        String all = Units.count(total) + (total == 1 ? " entry" : " entries");
        return shown == total ? all : Units.count(shown) + " of " + all;
    }

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
        javafx.scene.control.MenuItem saveAs = new javafx.scene.control.MenuItem("Save entry as…");
        saveAs.setId("raw-save-as");
        saveAs.setOnAction(e -> saveSelected());
        entries.setOnContextMenuRequested(e -> saveAs.setDisable(!saveable(entries.getSelectionModel()
                .getSelectedItem())));
        entries.getContextMenu().getItems().addAll(new javafx.scene.control.SeparatorMenuItem(), saveAs);
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

        int total = context.checkpoint().entries().size();
        javafx.scene.control.Label count = Controls.styled(countText(total, total), "muted");
        count.setId("raw-count");
        filtered.addListener((javafx.collections.ListChangeListener<ImageEntry>) c ->
                count.setText(countText(filtered.size(), total)));
        saveStatus.setId("raw-save-status");
        saveStatus.setWrapText(true);
        BorderPane left = new BorderPane(entries, Controls.toolbar(filter, Controls.spring(), count), null,
                saveStatus, null);
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
