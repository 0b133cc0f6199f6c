package io.checkpointinspector.ui.common;

import io.checkpointinspector.text.Units;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;

/** Label/value rows; every value can be copied from its context menu and shows in full in its tooltip. */
public final class KeyValueGrid extends GridPane {

    private int rows;

    public KeyValueGrid() {
        getStyleClass().add("key-value-grid");
        setHgap(14);
        setVgap(5);
        ColumnConstraints keys = new ColumnConstraints();
        keys.setMinWidth(USE_PREF_SIZE);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        values.setMinWidth(40);
        getColumnConstraints().addAll(keys, values);
    }

    /** Adds a row; value null shows "—". Returns the value label. */
    public Label add(String key, Object value) {
        return add(key, Units.orDash(value), value == null ? null : String.valueOf(value));
    }

    public Label add(String key, String shown, String full) {
        Label k = new Label(key);
        k.getStyleClass().add("key");
        Label v = new Label(shown);
        v.getStyleClass().add("value");
        if (full == null || full.isBlank()) {
            v.getStyleClass().add("absent");
        } else {
            Tips.text(v, full);
            MenuItem copy = new MenuItem("Copy");
            copy.setOnAction(e -> {
                ClipboardContent c = new ClipboardContent();
                c.putString(full);
                Clipboard.getSystemClipboard().setContent(c);
            });
            v.setContextMenu(new ContextMenu(copy));
        }
        addRow(rows++, k, v);
        return v;
    }

    public Label addSize(String key, long bytes) {
        return add(key, Units.bytes(bytes), Units.exactBytes(bytes));
    }
}
