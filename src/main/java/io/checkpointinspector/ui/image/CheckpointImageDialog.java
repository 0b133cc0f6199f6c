package io.checkpointinspector.ui.image;

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
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/** File → Save as checkpoint image…: image name, target, Replace, Build with progress and Cancel, the outcome. */
public final class CheckpointImageDialog extends Stage {

    final TextField name = new TextField();
    final TextField target = new TextField();
    final CheckBox replace = new CheckBox("Replace the file if it exists");
    final TextField imageId = new TextField();
    final TextField imageName = new TextField();
    final TextField criuConfig = new TextField();
    final Button build = new Button("Build");
    final Button cancel = new Button("Cancel");

    public CheckpointImageDialog(Window owner, CheckpointImageViewModel model, String title, String container) {
        initOwner(owner);
        initModality(Modality.WINDOW_MODAL);
        setTitle("Save as checkpoint image");
        Label head = Controls.styled(title, "pane-title");
        Label about = new Label("An OCI archive holding this checkpoint as one image layer, with the annotations "
                + "Podman's --create-image writes (taken from the checkpoint; host facts it does not record are left "
                + "out). Load it with podman load -i FILE, restore it with podman container restore NAME.");
        about.setWrapText(true);
        about.setMinHeight(Region.USE_PREF_SIZE);
        about.setPrefWidth(640);
        name.setId("image-name");
        name.setText(CheckpointImageViewModel.suggestedName(container));
        target.setId("image-target");
        Path folder = model.source().toAbsolutePath().getParent();
        target.setText((folder == null ? Path.of(System.getProperty("user.home")) : folder)
                .resolve(name.getText() + ".oci.tar").toString());
        HBox.setHgrow(target, Priority.ALWAYS);
        Button choose = new Button("Choose…");
        choose.setId("image-choose");
        choose.setMinWidth(Region.USE_PREF_SIZE);
        choose.setOnAction(e -> choose());
        replace.setId("image-replace");
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(8);
        form.addRow(0, new Label("Image name"), name);
        form.addRow(1, new Label("File"), new HBox(6, target, choose));
        GridPane.setHgrow(name, Priority.ALWAYS);
        VBox forPodman = forPodman(model.needs());
        Label reason = Controls.styled("", "error-text");
        reason.setId("image-reason");
        reason.setWrapText(true);
        StringBinding why = Bindings.createStringBinding(() -> {
            String n = CheckpointImageViewModel.nameReason(name.getText());
            if (n == null) {
                n = TargetFile.reason(target.getText(), replace.isSelected());
            }
            if (n == null) {
                n = CheckpointImageViewModel.rootfsReason(model.needs(), imageId.getText(), imageName.getText());
            }
            return n != null ? n : CheckpointImageViewModel.criuConfigReason(criuConfig.getText());
        }, name.textProperty(), target.textProperty(), replace.selectedProperty(), model.resultProperty(),
                imageId.textProperty(), imageName.textProperty(), criuConfig.textProperty());
        reason.textProperty().bind(Bindings.createStringBinding(() -> why.get() == null || justWritten(model)
                ? "" : why.get(), why));
        ProgressBar progress = Controls.progressWhile("image-progress", model.runningProperty(), model.progressProperty());
        Label entry = new Label();
        entry.setId("image-entry");
        entry.textProperty().bind(model.messageProperty());
        entry.visibleProperty().bind(model.runningProperty());
        entry.managedProperty().bind(entry.visibleProperty());
        Label status = new Label();
        status.setId("image-status");
        status.setWrapText(true);
        status.setMinHeight(Region.USE_PREF_SIZE);
        status.textProperty().bind(model.statusProperty());
        build.setId("image-build");
        build.setDefaultButton(true);
        build.disableProperty().bind(why.isNotNull().or(model.runningProperty()));
        build.setOnAction(e -> model.build(name.getText(), Path.of(target.getText().strip()), replace.isSelected(),
                imageId.getText(), imageName.getText(), criuConfig.getText()));
        cancel.setId("image-cancel");
        Controls.cancelOrClose(cancel, this, model.runningProperty(), model::cancel);
        HBox buttons = new HBox(8, Controls.spring(), build, cancel);
        VBox box = new VBox(10, head, about, form, replace, forPodman, reason, progress, entry, status, buttons);
        box.setPadding(new Insets(14));
        box.setId("image-dialog");
        Scene scene = new Scene(box, 700, Region.USE_COMPUTED_SIZE);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().setAll(owner.getScene().getStylesheets());
            box.getStyleClass().addAll(owner.getScene().getRoot().getStyleClass());
        }
        setScene(scene);
        status.textProperty().addListener((o, a, t) -> javafx.application.Platform.runLater(this::sizeToScene));
    }

    /**
     * For a checkpoint of another engine: the image Podman restores it on and a CRIU configuration (hidden for a
     * Podman checkpoint, which records both in Podman's own form).
     */
    private VBox forPodman(CheckpointImageViewModel.Needs needs) {
        Label about = new Label(needs.engine() + " checkpoint: the image gets a config.dump and spec.dump in Podman's "
                + "form, written from the checkpoint's values (the originals kept beside). Podman restores the "
                + "container on the image named here, which the restoring host must have."
                + (needs.criuConfigAdvised() ? " Restoring a containerd checkpoint here needed a CRIU configuration "
                        + "with the line skip-file-rwx-check (containerd's root folder is 0755, Podman's 0555)." : ""));
        about.setWrapText(true);
        about.setMinHeight(Region.USE_PREF_SIZE);
        about.setPrefWidth(640);
        imageId.setId("image-rootfs-id");
        imageId.setPromptText(needs.imageId() != null ? "recorded: " + needs.imageId()
                : needs.lookup() ? "empty: the id the local Podman has for the image name" : "64 hex digits");
        imageName.setId("image-rootfs-name");
        imageName.setText(needs.imageName() == null ? "" : needs.imageName());
        imageName.setPromptText("the image the container ran, e.g. localhost/busybox:latest");
        criuConfig.setId("image-criu-config");
        criuConfig.setPromptText("optional: a CRIU configuration file embedded as checkpoint/criu.conf");
        HBox.setHgrow(criuConfig, Priority.ALWAYS);
        Button chooseCriu = new Button("Choose…");
        chooseCriu.setId("image-criu-choose");
        chooseCriu.setMinWidth(Region.USE_PREF_SIZE);
        chooseCriu.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("CRIU configuration");
            File f = chooser.showOpenDialog(this);
            if (f != null) {
                criuConfig.setText(f.getAbsolutePath());
            }
        });
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.addRow(0, new Label("Rootfs image id"), imageId);
        grid.addRow(1, new Label("Rootfs image name"), imageName);
        grid.addRow(2, new Label("CRIU configuration"), new HBox(6, criuConfig, chooseCriu));
        GridPane.setHgrow(imageId, Priority.ALWAYS);
        VBox box = new VBox(8, Controls.styled("For Podman", "section-title"), about, grid);
        box.setId("image-for-podman");
        box.setVisible(needs.convert());
        box.setManaged(needs.convert());
        return box;
    }

    private boolean justWritten(CheckpointImageViewModel model) {
        var r = model.resultProperty().get();
        return r != null && r.file().toString().equals(target.getText().strip());
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
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("OCI archive (*.tar)", "*.tar"));
        File f = chooser.showSaveDialog(this);
        if (f != null) {
            target.setText(f.getAbsolutePath());
            replace.setSelected(f.exists());
        }
    }
}
