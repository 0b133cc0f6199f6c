package io.checkpointinspector.ui.containers;

import io.checkpointinspector.runtime.HelperClientFactory;
import io.checkpointinspector.ui.common.FailureLog;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;

/** The Containers panel in a window of its own; the helper is stopped when the window closes. */
public final class ContainersWindow {

    private final Stage stage = new Stage();
    private final ContainersViewModel model;
    private final ContainersView view;

    public ContainersWindow(Window owner, Scene styleFrom, HelperClientFactory factory, Executor executor,
            FailureLog failures, Consumer<Path> openCheckpoint, Supplier<Path> currentCheckpoint) {
        model = new ContainersViewModel(factory, executor, failures);
        view = new ContainersView(model, openCheckpoint, currentCheckpoint);
        javafx.scene.control.Button close = new javafx.scene.control.Button("Close");
        close.setId("containers-close");
        close.setCancelButton(true); // Escape closes the window
        close.setOnAction(e -> stage.hide());
        javafx.scene.layout.BorderPane root = new javafx.scene.layout.BorderPane(view);
        root.setBottom(io.checkpointinspector.ui.common.Controls.toolbar(
                io.checkpointinspector.ui.common.Controls.spring(), close));
        Scene scene = new Scene(root, 960, 600);
        scene.getStylesheets().setAll(styleFrom.getStylesheets());
        stage.initOwner(owner);
        stage.setTitle("Containers — Checkpoint Inspector");
        stage.setScene(scene);
        stage.setOnHidden(e -> model.close());
    }

    /** Shows the window (and lists the containers the first time). */
    public void show() {
        if (!stage.isShowing()) {
            stage.show();
            model.refresh();
        }
        stage.toFront();
    }

    public Stage stage() {
        return stage;
    }

    public ContainersViewModel model() {
        return model;
    }

    public ContainersView view() {
        return view;
    }
}
