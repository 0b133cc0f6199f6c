package io.checkpointinspector.ui.common;

import io.checkpointinspector.text.Units;
import javafx.geometry.Pos;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableColumn;
import javafx.util.Callback;

/** Cell factories shared by the tables: sizes in human units (exact bytes in the tooltip), long text with a tooltip. */
public final class Cells {

    /**
     * Row height of every table. A fixed height spares the virtual flow measuring rows, which made scrolling a
     * few thousand rows stutter.
     */
    public static final double ROW_HEIGHT = 24;

    /** Shorter text fits its column in all but the narrowest layouts: no tooltip needed. */
    private static final int TOOLTIP_FROM = 40;

    private Cells() {
    }

    public static <S> Callback<TableColumn<S, Number>, TableCell<S, Number>> size() {
        return column -> {
            TableCell<S, Number> cell = new TableCell<>() {
                @Override
                protected void updateItem(Number item, boolean empty) {
                    super.updateItem(item, empty);
                    setText(empty || item == null ? null : Units.bytes(item.longValue()));
                }
            };
            cell.setAlignment(Pos.CENTER_RIGHT);
            Tips.lazy(cell, () -> cell.isEmpty() || cell.getItem() == null ? null
                    : Units.exactBytes(cell.getItem().longValue()));
            return cell;
        };
    }

    public static <S> Callback<TreeTableColumn<S, Number>, TreeTableCell<S, Number>> treeSize() {
        return column -> {
            TreeTableCell<S, Number> cell = new TreeTableCell<>() {
                @Override
                protected void updateItem(Number item, boolean empty) {
                    super.updateItem(item, empty);
                    setText(empty || item == null ? null : Units.bytes(item.longValue()));
                }
            };
            cell.setAlignment(Pos.CENTER_RIGHT);
            Tips.lazy(cell, () -> cell.isEmpty() || cell.getItem() == null ? null
                    : Units.exactBytes(cell.getItem().longValue()));
            return cell;
        };
    }

    /** Right-aligned numbers. */
    public static <S, T> Callback<TableColumn<S, T>, TableCell<S, T>> number() {
        return column -> {
            TableCell<S, T> cell = new TableCell<>() {
                @Override
                protected void updateItem(T item, boolean empty) {
                    super.updateItem(item, empty);
                    setText(empty || item == null ? null : String.valueOf(item));
                }
            };
            cell.setAlignment(Pos.CENTER_RIGHT);
            return cell;
        };
    }

    /** Text that may be longer than the column: the full text shows in a tooltip. */
    public static <S> Callback<TableColumn<S, String>, TableCell<S, String>> longText() {
        return column -> {
            TableCell<S, String> cell = new TableCell<>() {
                @Override
                protected void updateItem(String item, boolean empty) {
                    super.updateItem(item, empty);
                    setText(empty ? null : item);
                }
            };
            Tips.lazy(cell, () -> cell.isEmpty() || cell.getItem() == null || cell.getItem().length() < TOOLTIP_FROM
                    ? null : cell.getItem());
            return cell;
        };
    }
}
