package io.checkpointinspector.ui.shell;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.shape.SVGPath;

/** A whole-pane message: a checkpoint that cannot be read at all, or a cancelled load; one clear sentence. */
final class MessagePane extends VBox {

    MessagePane(String id, String title, String message, boolean error, Runnable retry, Runnable close) {
        super(12);
        setId(id);
        getStyleClass().addAll("message-pane", error ? "error" : "info");
        setAlignment(Pos.CENTER);
        SVGPath icon = new SVGPath();
        icon.setContent(error ? "M12 2 L22 20 L2 20 Z M11 8 L13 8 L13 14 L11 14 Z M11 16 L13 16 L13 18 L11 18 Z"
                : "M12 2 A10 10 0 1 0 12.01 2 Z M11 7 L13 7 L13 9 L11 9 Z M11 11 L13 11 L13 17 L11 17 Z");
        icon.getStyleClass().add("message-icon");
        icon.setFillRule(javafx.scene.shape.FillRule.EVEN_ODD);
        icon.setScaleX(2);
        icon.setScaleY(2);
        Label heading = new Label(title);
        heading.getStyleClass().add("pane-title");
        Label text = new Label(message);
        text.setId(id + "-text");
        text.setWrapText(true);
        text.setMaxWidth(680);
        text.getStyleClass().add("message-text");
        Button again = new Button("Try again");
        again.setOnAction(e -> retry.run());
        Button closeButton = new Button("Close");
        closeButton.setOnAction(e -> close.run());
        HBox buttons = new HBox(10, again, closeButton);
        buttons.setAlignment(Pos.CENTER);
        VBox.setMargin(icon, new javafx.geometry.Insets(0, 0, 14, 0));
        getChildren().addAll(icon, heading, text, buttons);
    }
}
