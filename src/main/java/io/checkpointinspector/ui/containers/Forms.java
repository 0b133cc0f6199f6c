package io.checkpointinspector.ui.containers;

import javafx.application.Platform;
import javafx.geometry.HPos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.Window;

/** Layout shared by the Checkpoint… and Restore… dialogs: labelled fields, then the options in two columns. */
final class Forms {

    private Forms() {
    }

    /** A form: a label column sized to its labels, and a field column that takes the rest of the width. */
    static GridPane form() {
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setHgrow(Priority.NEVER);
        labels.setHalignment(HPos.LEFT);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        fields.setFillWidth(true);
        grid.getColumnConstraints().setAll(labels, fields);
        return grid;
    }

    /** The options as a block of two equal columns under the fields, spanning the whole form. */
    static void options(GridPane form, int row, CheckBox... boxes) {
        GridPane block = new GridPane();
        block.setHgap(16);
        block.setVgap(6);
        ColumnConstraints half = new ColumnConstraints();
        half.setPercentWidth(50);
        block.getColumnConstraints().setAll(half, half);
        for (int i = 0; i < boxes.length; i++) {
            // a disabled check box shows no tooltip: a wrapper carries the reason it is off (see offWhen)
            HBox cell = new HBox(boxes[i]);
            cell.getStyleClass().add("option-cell");
            block.add(cell, i % 2, i / 2);
        }
        Label title = new Label("Options");
        title.getStyleClass().add("muted");
        form.add(title, 0, row, 2, 1);
        form.add(block, 0, row + 1, 2, 1);
    }

    /** The line that says why the dialog's main button is disabled. */
    static Label reasonLabel() {
        Label l = new Label();
        l.getStyleClass().add("error-text");
        l.setWrapText(true);
        // the line is always laid out (an empty label is one line high), so the dialog, sized when it was shown,
        // has room for it; a reason long enough to wrap grows the window
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.visibleProperty().bind(l.textProperty().isNotEmpty());
        l.textProperty().addListener((o, was, now) -> Platform.runLater(() -> {
            Window w = l.getScene() == null ? null : l.getScene().getWindow();
            if (w != null && w.isShowing() && l.getScene().getRoot().prefHeight(w.getWidth()) > l.getScene()
                    .getHeight()) {
                w.sizeToScene();
            }
        }));
        return l;
    }

    /**
     * Finishes a dialog: the fields (three rows), the options, the reason line, OK/Cancel, the window's style. Ids
     * are idPrefix + "-" + the option's id, "-reason" and "-ok". Returns the OK button, renamed okText.
     */
    static Button finish(Dialog<?> d, Window owner, GridPane form, String idPrefix, String[] optionIds,
            CheckBox[] options, Label reason, String okText) {
        return finish(d, owner, form, 3, idPrefix, optionIds, options, reason, okText);
    }

    /** As above with the fields in rows 0 to fieldRows - 1. */
    static Button finish(Dialog<?> d, Window owner, GridPane form, int fieldRows, String idPrefix,
            String[] optionIds, CheckBox[] options, Label reason, String okText) {
        for (int i = 0; i < options.length; i++) {
            options[i].setId(idPrefix + "-" + optionIds[i]);
        }
        options(form, fieldRows, options);
        reason.setId(idPrefix + "-reason");
        form.add(reason, 0, fieldRows + 2, 2, 1);
        d.getDialogPane().setContent(form);
        d.getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        style(d, owner, 640);
        Button ok = (Button) d.getDialogPane().lookupButton(ButtonType.OK);
        ok.setId(idPrefix + "-ok");
        ok.setText(okText);
        return ok;
    }

    /**
     * Turns box off (unticked, disabled) while off is true, with why as the tooltip of the option's cell, which a
     * disabled control cannot show itself.
     */
    static void offWhen(CheckBox box, javafx.beans.value.ObservableBooleanValue off, String why) {
        Tooltip tip = new Tooltip(why);
        Runnable apply = () -> {
            Node cell = box.getParent() != null ? box.getParent() : box;
            if (off.get()) {
                box.setSelected(false);
                Tooltip.install(cell, tip);
            } else {
                Tooltip.uninstall(cell, tip);
            }
        };
        box.disableProperty().bind(off);
        off.addListener((o, was, now) -> apply.run());
        box.parentProperty().addListener((o, was, now) -> apply.run());
        apply.run();
    }

    static void addRow(GridPane form, int row, String label, Node field) {
        form.addRow(row, new Label(label), field);
    }

    /** The window's stylesheets (theme, font size) on the dialog too, and a width that shows whole paths. */
    static void style(Dialog<?> d, Window owner, double width) {
        if (owner != null && owner.getScene() != null) {
            d.getDialogPane().getStylesheets().setAll(owner.getScene().getStylesheets());
        }
        d.getDialogPane().setPrefWidth(width);
        d.setResizable(true);
    }
}
