package io.checkpointinspector.ui.memory;

import io.checkpointinspector.model.Vma;
import io.checkpointinspector.ui.common.Cells;
import io.checkpointinspector.ui.common.Columns;
import io.checkpointinspector.ui.common.Controls;
import io.checkpointinspector.ui.common.TableCopy;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.Region;

/** A process's memory map as a table, like /proc/PID/maps plus what the dump holds of each area. */
public final class VmaTable {

    private VmaTable() {
    }

    public static TableView<Vma> create() {
        return create(false);
    }

    /** inParent: with a column of the bytes each area keeps in the parent checkpoint (a pre-dump chain's child). */
    public static TableView<Vma> create(boolean inParent) {
        TableView<Vma> table = new TableView<>();
        table.getStyleClass().add("vma-table");
        TableColumn<Vma, String> start = Columns.text("Start", Vma::start, 150);
        TableColumn<Vma, String> end = Columns.text("End", Vma::end, 150);
        start.getStyleClass().add("mono-column");
        end.getStyleClass().add("mono-column");
        table.getColumns().add(start);
        table.getColumns().add(end);
        table.getColumns().add(Columns.size("Size", VmaFacts::size, 90));
        TableColumn<Vma, String> prot = Columns.text("Perms", Vma::prot, 64);
        prot.getStyleClass().add("mono-column");
        table.getColumns().add(prot);
        table.getColumns().add(kindColumn());
        table.getColumns().add(Columns.size("Dumped", Vma::dumpedBytes, 90));
        if (inParent) {
            TableColumn<Vma, ?> parent = Columns.size("In parent", Vma::inParentBytes, 90);
            parent.setId("vma-in-parent-column");
            table.getColumns().add(parent);
        }
        table.getColumns().add(Columns.text("Mapping", VmaFacts::label, 220));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setFixedCellSize(Cells.ROW_HEIGHT);
        table.setPlaceholder(Controls.placeholder("No memory areas recorded."));
        TableCopy.install(table);
        return table;
    }

    public static void show(TableView<Vma> table, List<Vma> vmas) {
        table.setItems(FXCollections.observableArrayList(vmas));
    }

    private static TableColumn<Vma, String> kindColumn() {
        TableColumn<Vma, String> kind = Columns.text("Kind", Vma::kind, 128);
        kind.setCellFactory(c -> new TableCell<>() {
            private final Region swatch = new Region();

            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                swatch.getStyleClass().setAll("swatch", VmaFacts.styleClass(item));
                setText(VmaFacts.displayName(item));
                setGraphic(swatch);
            }
        });
        return kind;
    }

    static Label legendEntry(String kind, String text) {
        Region swatch = new Region();
        swatch.getStyleClass().setAll("swatch", VmaFacts.styleClass(kind));
        return new Label(text, swatch);
    }
}
