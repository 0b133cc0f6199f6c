package io.checkpointinspector.ui.containers;

import io.checkpointinspector.runtime.CheckpointOptions;
import io.checkpointinspector.runtime.RestoreOptions;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * Restore… : the runtime; an exported checkpoint (the one open in the window, or a chosen file) or, for
 * containerd, a checkpoint image in its store; the new name and podman's restore options. The rules are
 * {@link RestoreForm}'s.
 */
public final class RestoreDialog extends Dialog<RestoreOptions> {

    final RadioButton podman = new RadioButton("Podman");
    final RadioButton containerd = new RadioButton("containerd (ctr)");
    final RadioButton fromFile = new RadioButton("An exported file");
    final RadioButton fromImage = new RadioButton("A checkpoint image in containerd's store");
    final TextField archive = new TextField();
    final TextField image = new TextField();
    final TextField name = new TextField();
    final CheckBox keep = new CheckBox("Keep CRIU images and logs");
    final CheckBox tcpEstablished = new CheckBox("TCP established connections");
    final CheckBox ignoreStaticIp = new CheckBox("Ignore static IP");
    final CheckBox ignoreStaticMac = new CheckBox("Ignore static MAC");
    final CheckBox ignoreRootfs = new CheckBox("Ignore root file-system changes");
    final TextField publish = new TextField();

    /** current: the checkpoint open in the window, or null. */
    public RestoreDialog(Window owner, Path current) {
        this(owner, current, new RestoreForm(current, CheckpointOptions.PODMAN));
    }

    public RestoreDialog(Window owner, Path current, RestoreForm form) {
        initOwner(owner);
        setTitle("Restore a container");
        setHeaderText("Restore a container from a checkpoint");
        podman.setId("restore-runtime-podman");
        containerd.setId("restore-runtime-containerd");
        ToggleGroup runtimes = new ToggleGroup();
        podman.setToggleGroup(runtimes);
        containerd.setToggleGroup(runtimes);
        (form.containerd() ? containerd : podman).setSelected(true);
        runtimes.selectedToggleProperty().addListener((o, was, now) -> form.runtime.set(
                now == containerd ? CheckpointOptions.CONTAINERD : CheckpointOptions.PODMAN));
        fromFile.setId("restore-from-file");
        fromImage.setId("restore-from-image");
        ToggleGroup sources = new ToggleGroup();
        fromFile.setToggleGroup(sources);
        fromImage.setToggleGroup(sources);
        fromFile.setSelected(true);
        form.fromImage.bind(fromImage.selectedProperty());
        BooleanBinding ctr = form.containerdBinding();
        // Podman restores files only (a checkpointed container is restored by name from the command line)
        fromImage.disableProperty().bind(ctr.not());
        fromImage.setTooltip(new Tooltip("containerd only: ctr restores from an image in its store too"));

        archive.setId("restore-archive");
        archive.textProperty().bindBidirectional(form.archive);
        archive.setPromptText("exported checkpoint (.tar, .tar.zst, .tar.gz)");
        if (current != null && Files.isRegularFile(current)) {
            setHeaderText("Restore a container from the checkpoint open in the window");
        } else if (current != null) {
            // a checkpoint opened as a folder cannot be restored; say why the field is empty
            archive.setPromptText("the open checkpoint is a folder; choose an exported checkpoint file");
        }
        HBox.setHgrow(archive, Priority.ALWAYS);
        Button choose = new Button("Choose…");
        choose.setId("restore-choose");
        choose.setMinWidth(Region.USE_PREF_SIZE);
        choose.setOnAction(e -> chooseFile());
        BooleanBinding imageChosen = ctr.and(fromImage.selectedProperty());
        archive.disableProperty().bind(imageChosen);
        choose.disableProperty().bind(imageChosen);
        image.setId("restore-image");
        image.textProperty().bindBidirectional(form.image);
        image.setPromptText("checkpoint image, e.g. localhost/counter-checkpoint:20261204-101500");
        image.disableProperty().bind(imageChosen.not());
        name.setId("restore-name");
        name.textProperty().bindBidirectional(form.name);
        name.promptTextProperty().bind(Bindings.when(ctr)
                .then("new container name (required: containerd restores as a new container)")
                .otherwise("new container name (optional: podman keeps the checkpointed name)"));
        publish.setId("restore-publish");
        publish.textProperty().bindBidirectional(form.publish);
        publish.setPromptText("ports, e.g. 8080:80 9000:90/udp (optional)");
        publish.disableProperty().bind(ctr);
        String[] ids = {"keep", "tcp-established", "ignore-static-ip", "ignore-static-mac", "ignore-rootfs"};
        CheckBox[] boxes = {keep, tcpEstablished, ignoreStaticIp, ignoreStaticMac, ignoreRootfs};
        javafx.beans.property.BooleanProperty[] values = {form.keep, form.tcpEstablished, form.ignoreStaticIp,
            form.ignoreStaticMac, form.ignoreRootfs};
        for (int i = 0; i < boxes.length; i++) {
            boxes[i].selectedProperty().bindBidirectional(values[i]);
        }
        GridPane grid = Forms.form();
        Forms.addRow(grid, 0, "Runtime", new HBox(12, podman, containerd));
        Forms.addRow(grid, 1, "Restore from", new HBox(12, fromFile, fromImage));
        Forms.addRow(grid, 2, "Checkpoint file", new HBox(6, archive, choose));
        Forms.addRow(grid, 3, "Checkpoint image", image);
        Forms.addRow(grid, 4, "New name", name);
        HBox publishCell = new HBox(publish);
        HBox.setHgrow(publish, Priority.ALWAYS);
        Forms.addRow(grid, 5, "Publish", publishCell);
        Label why = Forms.reasonLabel();
        Button ok = Forms.finish(this, owner, grid, 6, "restore", ids, boxes, why, "Restore");
        for (CheckBox b : boxes) {
            Forms.offWhen(b, ctr, RestoreForm.PODMAN_ONLY);
        }
        Tooltip publishTip = new Tooltip(RestoreForm.PODMAN_ONLY);
        ctr.addListener((o, was, now) -> {
            if (now) {
                publish.clear();
                Tooltip.install(publishCell, publishTip);
            } else {
                Tooltip.uninstall(publishCell, publishTip);
            }
        });
        if (ctr.get()) {
            Tooltip.install(publishCell, publishTip);
        }
        StringBinding reason = form.reasonBinding();
        // an empty field is not an error worth a red line: the disabled button says enough
        why.textProperty().bind(Bindings.createStringBinding(
                () -> reason.get() == null || form.nothingChosen() ? "" : reason.get(), reason));
        ok.disableProperty().bind(reason.isNotNull());
        setResultConverter(b -> b == ButtonType.OK ? form.options() : null);
    }

    private void chooseFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Checkpoint to restore");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Checkpoints (*.tar, *.tar.zst, *.tar.gz)", "*.tar", "*.tar.zst",
                        "*.zst", "*.tar.gz", "*.tgz", "*.gz"),
                new FileChooser.ExtensionFilter("All files", "*"));
        File f = chooser.showOpenDialog(getOwner());
        if (f != null) {
            archive.setText(f.getAbsolutePath());
        }
    }
}
