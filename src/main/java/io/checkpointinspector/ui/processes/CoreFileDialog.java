package io.checkpointinspector.ui.processes;

import io.checkpointinspector.model.ProcessInfo;
import io.checkpointinspector.text.Units;
import io.checkpointinspector.ui.common.Controls;
import io.checkpointinspector.ui.common.TargetFile;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/** Save as core file…: the target, Replace, Save with progress and Cancel, then what was written. */
final class CoreFileDialog extends Stage {

    final TextField target = new TextField();
    final CheckBox replace = new CheckBox("Replace the file if it exists");
    final Button save = new Button("Save");
    final Button cancel = new Button("Cancel");
    final Label status = new Label();

    CoreFileDialog(Window owner, CoreFileViewModel model, ProcessInfo p, Path folder) {
        initOwner(owner);
        initModality(Modality.WINDOW_MODAL);
        setTitle("Save PID " + p.pid() + " as a core file");
        Label head = Controls.styled("PID " + p.pid() + "  ·  " + Units.orDash(p.comm()) + "  ·  "
                + p.threads().size() + (p.threads().size() == 1 ? " thread" : " threads") + ", "
                + Units.bytes(p.memory() == null ? 0 : p.memory().dumpedBytes()) + " dumped", "pane-title");
        Label about = new Label("An ELF core file for gdb -c FILE: the dumped memory, the registers CRIU recorded "
                + "for every thread, the auxiliary vector and the mapped files. Memory the checkpoint does not "
                + "hold is left out, not filled with zeros.");
        about.setWrapText(true);
        about.setMinHeight(Region.USE_PREF_SIZE);
        about.setPrefWidth(640);
        target.setId("core-target");
        target.setText(folder.resolve(fileName(p)).toString());
        HBox.setHgrow(target, Priority.ALWAYS);
        Button choose = new Button("Choose…");
        choose.setId("core-choose");
        choose.setMinWidth(Region.USE_PREF_SIZE);
        choose.setOnAction(e -> choose());
        replace.setId("core-replace");
        Label reason = Controls.styled("", "error-text");
        reason.setId("core-reason");
        reason.setWrapText(true);
        StringBinding why = Bindings.createStringBinding(() -> TargetFile.reason(target.getText(),
                replace.isSelected()), target.textProperty(), replace.selectedProperty(), model.resultProperty());
        // Right after writing, the file exists: Save is off for it, but that is no error to show in red.
        reason.textProperty().bind(Bindings.createStringBinding(() -> why.get() == null || justWritten(model)
                ? "" : why.get(), why));
        ProgressBar progress = Controls.progressWhile("core-progress", model.runningProperty(), model.progressProperty());
        status.setId("core-status");
        status.setWrapText(true);
        status.setMinHeight(Region.USE_PREF_SIZE);
        status.textProperty().bind(model.statusProperty());
        save.setId("core-save");
        save.setDefaultButton(true);
        save.disableProperty().bind(why.isNotNull().or(model.runningProperty()));
        save.setOnAction(e -> model.write(p, Path.of(target.getText().strip()), replace.isSelected()));
        cancel.setId("core-cancel");
        Controls.cancelOrClose(cancel, this, model.runningProperty(), model::cancel);
        HBox buttons = new HBox(8, Controls.spring(), save, cancel);
        VBox box = new VBox(10, head, about, new HBox(6, target, choose), replace, reason, progress, status,
                buttons);
        box.setPadding(new Insets(14));
        box.setId("core-dialog");
        box.getStyleClass().add("core-dialog");
        Scene scene = new Scene(box, 680, Region.USE_COMPUTED_SIZE);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().setAll(owner.getScene().getStylesheets());
            box.getStyleClass().addAll(owner.getScene().getRoot().getStyleClass());
        }
        setScene(scene);
        status.textProperty().addListener((o, a, t) -> javafx.application.Platform.runLater(this::sizeToScene));
    }

    private boolean justWritten(CoreFileViewModel model) {
        var r = model.resultProperty().get();
        return r != null && r.file().toString().equals(target.getText().strip());
    }

    /** "fixture-worker-11.core", safe as a file name. */
    static String fileName(ProcessInfo p) {
        String comm = p.comm() == null ? "process" : p.comm().replaceAll("[^A-Za-z0-9._-]", "_");
        return comm + "-" + p.pid() + ".core";
    }

    private void choose() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(getTitle());
        Path current = Path.of(target.getText().strip().isEmpty() ? System.getProperty("user.home")
                : target.getText().strip());
        if (current.getParent() != null && Files.isDirectory(current.getParent())) {
            chooser.setInitialDirectory(current.getParent().toFile());
            chooser.setInitialFileName(current.getFileName().toString());
        }
        File f = chooser.showSaveDialog(this);
        if (f != null) {
            target.setText(f.getAbsolutePath());
            // the system dialog has asked about replacing already
            replace.setSelected(f.exists());
        }
    }
}
