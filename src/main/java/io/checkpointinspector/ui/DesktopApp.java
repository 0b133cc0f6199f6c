package io.checkpointinspector.ui;

import javafx.application.Application;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/**
 * The desktop window. Until the inspector window lands this shows a welcome placeholder that says how to use
 * the command line.
 */
public final class DesktopApp extends Application {

    public static void launchWindow(String[] args) {
        Application.launch(DesktopApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        Label title = new Label("Checkpoint Inspector");
        title.setStyle("-fx-font-size: 22px; -fx-font-weight: bold;");
        Label hint = new Label("The inspector window is not built yet.\n"
                + "Use the command line:  checkpoint-inspector inspect CHECKPOINT");
        VBox root = new VBox(12, title, hint);
        root.setPadding(new Insets(24));
        stage.setTitle("Checkpoint Inspector");
        stage.setScene(new Scene(root, 560, 200));
        stage.show();
    }
}
