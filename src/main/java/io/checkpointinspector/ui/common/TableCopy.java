package io.checkpointinspector.ui.common;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;

/**
 * "Copy as text" for every table: Ctrl+C and a context menu copy the selected rows, or the whole table, as
 * tab-separated text with a header line. Cell values are copied exactly (bytes as numbers, not "1.4 MiB").
 */
public final class TableCopy {

    private static final KeyCombination COPY = new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);
    private static final String TEXT_KEY = "copy-text";

    private TableCopy() {
    }

    /** How a column's values are written when copied (default: String.valueOf). */
    public static void textOf(TableColumn<?, ?> column, Function<Object, String> text) {
        column.getProperties().put(TEXT_KEY, text);
    }

    public static void textOf(TreeTableColumn<?, ?> column, Function<Object, String> text) {
        column.getProperties().put(TEXT_KEY, text);
    }

    public static <S> void install(TableView<S> table) {
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        install(table, () -> text(table, table.getSelectionModel().getSelectedIndices()),
                () -> text(table, range(table.getItems().size())));
        cellCopy(table, node -> node instanceof javafx.scene.control.TableCell<?, ?> c && !c.isEmpty()
                ? () -> cell(c.getTableColumn().getProperties().get(TEXT_KEY),
                        c.getTableColumn().getCellData(c.getIndex()))
                : null);
    }

    public static <S> void install(TreeTableView<S> table) {
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        install(table, () -> text(table, table.getSelectionModel().getSelectedIndices()),
                () -> text(table, range(table.getExpandedItemCount())));
        cellCopy(table, node -> node instanceof javafx.scene.control.TreeTableCell<?, ?> c && !c.isEmpty()
                ? () -> cell(c.getTableColumn().getProperties().get(TEXT_KEY),
                        c.getTableColumn().getCellData(c.getIndex()))
                : null);
    }

    /**
     * "Copy cell" first in the context menu: the exact text of the cell the menu was opened on (found from the
     * picked node up to its cell); disabled over headers and empty rows.
     */
    private static void cellCopy(javafx.scene.control.Control control,
            Function<javafx.scene.Node, java.util.function.Supplier<String>> cellText) {
        MenuItem item = new MenuItem("Copy cell");
        @SuppressWarnings("unchecked")
        java.util.function.Supplier<String>[] target = new java.util.function.Supplier[1];
        control.addEventFilter(javafx.scene.input.ContextMenuEvent.CONTEXT_MENU_REQUESTED, e -> {
            target[0] = null;
            for (javafx.scene.Node n = e.getPickResult().getIntersectedNode(); n != null && n != control;
                    n = n.getParent()) {
                target[0] = cellText.apply(n);
                if (target[0] != null) {
                    break;
                }
            }
            item.setDisable(target[0] == null);
        });
        item.setOnAction(e -> {
            if (target[0] != null) {
                put(target[0].get());
            }
        });
        control.getContextMenu().getItems().add(0, item);
    }

    public static <T> void install(ListView<T> list) {
        list.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        install(list, () -> lines(list.getSelectionModel().getSelectedItems()), () -> lines(list.getItems()));
    }

    private static void install(javafx.scene.control.Control control, java.util.function.Supplier<String> selected,
            java.util.function.Supplier<String> all) {
        MenuItem copy = new MenuItem("Copy selected rows");
        copy.setAccelerator(COPY);
        copy.setOnAction(e -> put(selected.get()));
        MenuItem copyAll = new MenuItem("Copy all as text");
        copyAll.setOnAction(e -> put(all.get()));
        control.setContextMenu(new ContextMenu(copy, copyAll));
        control.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (COPY.match(e)) {
                put(selected.get());
                e.consume();
            }
        });
    }

    static <S> String text(TableView<S> table, List<Integer> rows) {
        List<TableColumn<S, ?>> columns = table.getVisibleLeafColumns();
        return join(columns.size(), i -> columns.get(i).getText(), rows,
                (row, i) -> cell(columns.get(i).getProperties().get(TEXT_KEY), columns.get(i).getCellData(row)));
    }

    static <S> String text(TreeTableView<S> table, List<Integer> rows) {
        List<TreeTableColumn<S, ?>> columns = table.getVisibleLeafColumns();
        return join(columns.size(), i -> columns.get(i).getText(), rows, (row, i) -> {
            TreeItem<S> item = table.getTreeItem(row);
            String text = cell(columns.get(i).getProperties().get(TEXT_KEY), columns.get(i).getCellData(item));
            int depth = table.getTreeItemLevel(item) - (table.isShowRoot() ? 0 : 1);
            return i == 0 ? "  ".repeat(Math.max(0, depth)) + text : text;
        });
    }

    private interface CellText {
        String at(int row, int column);
    }

    private static String join(int columns, IntFunction<String> header, List<Integer> rows, CellText cells) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < columns; c++) {
            sb.append(c == 0 ? "" : "\t").append(header.apply(c));
        }
        sb.append('\n');
        for (int row : new ArrayList<>(rows)) {
            if (row < 0) {
                continue;
            }
            for (int c = 0; c < columns; c++) {
                sb.append(c == 0 ? "" : "\t").append(cells.at(row, c));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static String cell(Object format, Object value) {
        if (value == null) {
            return "";
        }
        String s = format instanceof Function<?, ?> f ? ((Function<Object, String>) f).apply(value)
                : String.valueOf(value);
        return s.replace('\t', ' ').replace("\n", "\\n");
    }

    private static String lines(List<?> items) {
        StringBuilder sb = new StringBuilder();
        for (Object o : new ArrayList<>(items)) {
            sb.append(o).append('\n');
        }
        return sb.toString();
    }

    private static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    private static void put(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
    }
}
