package io.checkpointinspector.ui.shell;

import io.checkpointinspector.ui.common.TableCopy;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.SVGPath;

/** The checkpoint's problems, above every view: a one-line summary that opens into the full list. */
final class WarningsBanner extends VBox {

    WarningsBanner(List<String> warnings) {
        setId("warnings-banner");
        getStyleClass().add("warnings-banner");
        SVGPath icon = new SVGPath();
        icon.setContent("M8 1 L15 14 L1 14 Z M7.25 5 L8.75 5 L8.75 10 L7.25 10 Z M7.25 11 L8.75 11 L8.75 12.5 L7.25 12.5 Z");
        icon.getStyleClass().add("warning-icon");
        icon.setFillRule(javafx.scene.shape.FillRule.EVEN_ODD);
        Label summary = new Label(warnings.size() + (warnings.size() == 1 ? " warning" : " warnings")
                + ": parts of this checkpoint could not be read; everything that could be read is shown.");
        summary.setId("warnings-summary");
        summary.setWrapText(true);
        ToggleButton toggle = new ToggleButton("Show warnings");
        toggle.setId("warnings-toggle");
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        HBox line = new HBox(10, icon, summary, spring, toggle);
        line.setAlignment(Pos.CENTER_LEFT);
        ListView<String> list = new ListView<>(FXCollections.observableArrayList(warnings));
        list.setId("warnings-list");
        list.setPrefHeight(Math.min(180, 8 + 26 * warnings.size()));
        TableCopy.install(list);
        list.managedProperty().bind(list.visibleProperty());
        list.visibleProperty().bind(toggle.selectedProperty());
        toggle.textProperty().bind(javafx.beans.binding.Bindings.when(toggle.selectedProperty())
                .then("Hide warnings").otherwise("Show warnings"));
        getChildren().addAll(line, list);
        setSpacing(6);
    }
}
