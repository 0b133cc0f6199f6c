package io.checkpointinspector.ui.common;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TreeTableColumn;

/** Read-only table columns from plain getters. */
public final class Columns {

    private Columns() {
    }

    /**
     * A column never shrinks below most of its preferred width: at small window sizes a table scrolls sideways
     * instead of cutting sizes and addresses to "1.00 …" (the widths are chosen for what the column shows).
     */
    static double minWidth(double width) {
        return Math.min(width, Math.max(48, Math.round(width * 0.8)));
    }

    public static <S> TableColumn<S, String> text(String title, Function<S, String> value, double width) {
        TableColumn<S, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        c.setCellFactory(Cells.longText());
        c.setPrefWidth(width);
        c.setMinWidth(minWidth(width));
        return c;
    }

    public static <S, N extends Comparable<N>> TableColumn<S, N> number(String title, Function<S, N> value,
            double width) {
        TableColumn<S, N> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        c.setCellFactory(Cells.number());
        c.setPrefWidth(width);
        c.setMinWidth(minWidth(width));
        c.getStyleClass().add("number-column");
        return c;
    }

    public static <S> TableColumn<S, Number> size(String title, Function<S, Long> value, double width) {
        TableColumn<S, Number> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        c.setCellFactory(Cells.size());
        c.setComparator((a, b) -> Long.compare(a == null ? -1 : a.longValue(), b == null ? -1 : b.longValue()));
        c.setPrefWidth(width);
        c.setMinWidth(minWidth(width));
        c.getStyleClass().add("number-column");
        return c;
    }

    public static <S, T> TreeTableColumn<S, T> tree(String title, Function<S, T> value, double width) {
        TreeTableColumn<S, T> c = new TreeTableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(
                d.getValue() == null || d.getValue().getValue() == null ? null : value.apply(d.getValue().getValue())));
        c.setPrefWidth(width);
        c.setMinWidth(minWidth(width));
        return c;
    }

    public static <S> TreeTableColumn<S, Number> treeSize(String title, Function<S, Long> value, double width) {
        TreeTableColumn<S, Number> c = tree(title, value::apply, width);
        c.setCellFactory(Cells.treeSize());
        c.setComparator((a, b) -> Long.compare(a == null ? -1 : a.longValue(), b == null ? -1 : b.longValue()));
        c.getStyleClass().add("number-column");
        return c;
    }
}
