package io.checkpointinspector.ui.common;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.control.textfield.TextFields;

/** Small building blocks with the app's style classes. */
public final class Controls {

    private Controls() {
    }

    /**
     * A filter box: ControlsFX's clearable text field (a clear button appears while it holds text); Escape clears
     * it too. The Escape handler is added, not set, so views may still set their own key handler.
     */
    public static TextField filterField(String prompt) {
        TextField field = TextFields.createClearableTextField();
        field.setPromptText(prompt);
        field.getStyleClass().add("filter-field");
        field.setPrefColumnCount(22);
        field.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE && !field.getText().isEmpty()) {
                field.clear();
                e.consume();
            }
        });
        return field;
    }

    /** A titled card: a section heading over its content. */
    public static VBox card(String title, Node... content) {
        Label heading = new Label(title);
        heading.getStyleClass().add("card-title");
        VBox box = new VBox(8);
        box.getChildren().add(heading);
        box.getChildren().addAll(content);
        box.getStyleClass().add("card");
        return box;
    }

    /** A tool row: nodes left, a spring, then trailing nodes. */
    public static HBox toolbar(Node... nodes) {
        HBox box = new HBox(8, nodes);
        box.setAlignment(Pos.CENTER_LEFT);
        box.getStyleClass().add("tool-row");
        box.setPadding(new Insets(6, 8, 6, 8));
        return box;
    }

    public static Region spring() {
        Region r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }

    /** Grey hint text for empty panes. */
    public static Label placeholder(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("placeholder");
        l.setWrapText(true);
        return l;
    }

    public static Label styled(String text, String... styleClasses) {
        Label l = new Label(text);
        l.getStyleClass().addAll(styleClasses);
        return l;
    }

    /**
     * The second button of a dialog that runs work: "Cancel" (cancels the work) while running is true, "Close"
     * (closes the dialog) otherwise. The work is also cancelled when the dialog is hidden some other way.
     */
    public static void cancelOrClose(Button button, javafx.stage.Stage dialog, ObservableBooleanValue running,
            Runnable cancel) {
        button.setOnAction(e -> {
            if (running.get()) {
                cancel.run();
            } else {
                dialog.close();
            }
        });
        button.textProperty().bind(Bindings.when(running).then("Cancel").otherwise("Close"));
        dialog.addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDDEN, e -> cancel.run());
    }

    /** A full-width progress bar shown (and laid out) only while running. */
    public static javafx.scene.control.ProgressBar progressWhile(String id, ObservableBooleanValue running,
            javafx.beans.value.ObservableDoubleValue progress) {
        javafx.scene.control.ProgressBar bar = new javafx.scene.control.ProgressBar();
        bar.setId(id);
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.visibleProperty().bind(running);
        bar.managedProperty().bind(bar.visibleProperty());
        bar.progressProperty().bind(progress);
        return bar;
    }
}
