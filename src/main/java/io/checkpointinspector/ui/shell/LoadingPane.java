package io.checkpointinspector.ui.shell;

import io.checkpointinspector.ui.session.CheckpointSession;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.VBox;

/** Shown while a checkpoint loads: progress bar, the entry being read, bytes read, and Cancel. */
final class LoadingPane extends VBox {

    LoadingPane(CheckpointSession session) {
        super(10);
        setId("loading-pane");
        getStyleClass().add("loading-pane");
        setAlignment(Pos.CENTER);
        setFillWidth(false);
        Label title = new Label("Reading " + session.title());
        title.getStyleClass().add("pane-title");
        ProgressBar bar = new ProgressBar();
        bar.setId("load-progress");
        bar.setPrefWidth(440);
        bar.progressProperty().bind(session.progressProperty());
        Label entry = new Label();
        entry.setId("load-entry");
        entry.getStyleClass().add("mono-label");
        entry.textProperty().bind(Bindings.createStringBinding(() -> session.currentEntryProperty().get().isEmpty()
                ? "Opening…" : session.currentEntryProperty().get(), session.currentEntryProperty()));
        entry.setMaxWidth(560);
        entry.setTextOverrun(javafx.scene.control.OverrunStyle.LEADING_ELLIPSIS);
        Label bytes = new Label();
        bytes.getStyleClass().add("muted");
        bytes.textProperty().bind(session.progressTextProperty());
        Button cancel = new Button("Cancel");
        cancel.setId("cancel-load");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> session.cancel());
        Label path = new Label(session.path().toString());
        path.getStyleClass().add("muted");
        path.setMaxWidth(640);
        path.setTextOverrun(javafx.scene.control.OverrunStyle.LEADING_ELLIPSIS);
        getChildren().addAll(title, path, bar, entry, bytes, cancel);
    }
}
