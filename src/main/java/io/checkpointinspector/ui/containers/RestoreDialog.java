package io.checkpointinspector.ui.containers;

import io.checkpointinspector.runtime.RestoreOptions;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** Restore… : an exported checkpoint (the one open in the window, or a chosen file) and podman's restore options. */
public final class RestoreDialog extends Dialog<RestoreOptions> {

    final TextField archive = new TextField();
    final TextField name = new TextField();
    final CheckBox keep = new CheckBox("Keep CRIU images and logs");
    final CheckBox tcpEstablished = new CheckBox("TCP established connections");
    final CheckBox ignoreStaticIp = new CheckBox("Ignore static IP");
    final CheckBox ignoreStaticMac = new CheckBox("Ignore static MAC");
    final CheckBox ignoreRootfs = new CheckBox("Ignore root file-system changes");
    final TextField publish = new TextField();

    /** current: the checkpoint open in the window, or null. */
    public RestoreDialog(Window owner, Path current) {
        initOwner(owner);
        setTitle("Restore a container");
        setHeaderText("Restore a container from an exported checkpoint");
        archive.setId("restore-archive");
        archive.setPromptText("exported checkpoint (.tar, .tar.zst, .tar.gz)");
        if (current != null && Files.isRegularFile(current)) {
            archive.setText(current.toString());
            setHeaderText("Restore a container from the checkpoint open in the window");
        } else if (current != null) {
            // a checkpoint opened as a folder cannot be restored by podman; say why the field is empty
            archive.setPromptText("the open checkpoint is a folder; choose an exported checkpoint file");
        }
        HBox.setHgrow(archive, Priority.ALWAYS);
        Button choose = new Button("Choose…");
        choose.setId("restore-choose");
        choose.setMinWidth(Region.USE_PREF_SIZE);
        choose.setOnAction(e -> chooseFile());
        name.setId("restore-name");
        name.setPromptText("new container name (optional: podman keeps the checkpointed name)");
        publish.setId("restore-publish");
        publish.setPromptText("ports, e.g. 8080:80 9000:90/udp (optional)");
        String[] ids = {"keep", "tcp-established", "ignore-static-ip", "ignore-static-mac", "ignore-rootfs"};
        CheckBox[] boxes = {keep, tcpEstablished, ignoreStaticIp, ignoreStaticMac, ignoreRootfs};
        GridPane grid = Forms.form();
        Forms.addRow(grid, 0, "Checkpoint", new HBox(6, archive, choose));
        Forms.addRow(grid, 1, "New name", name);
        Forms.addRow(grid, 2, "Publish", publish);
        Label why = Forms.reasonLabel();
        Button ok = Forms.finish(this, owner, grid, "restore", ids, boxes, why, "Restore");
        StringBinding reason = Bindings.createStringBinding(this::reason, archive.textProperty());
        // an empty field is not an error worth a red line: the disabled button says enough
        why.textProperty().bind(Bindings.createStringBinding(
                () -> reason.get() == null || archive.getText().isBlank() ? "" : reason.get(), reason));
        ok.disableProperty().bind(reason.isNotNull());
        setResultConverter(b -> b == ButtonType.OK ? options() : null);
    }

    /** Why the archive field cannot be restored from (null: it can); the helper checks again, as the user. */
    String reason() {
        String t = archive.getText().strip();
        if (t.isEmpty()) {
            return "Choose a checkpoint to restore.";
        }
        Path p;
        try {
            p = Path.of(t);
        } catch (InvalidPathException e) {
            return "not a valid path: " + e.getReason();
        }
        if (!p.isAbsolute()) {
            return "Give an absolute path.";
        }
        if (!Files.isRegularFile(p)) {
            return Files.isDirectory(p) ? p + " is a folder; podman restores exported checkpoint files only."
                    : "There is no file " + p + ".";
        }
        return null;
    }

    RestoreOptions options() {
        String n = name.getText().strip();
        List<String> ports = Arrays.stream(publish.getText().strip().split("[\\s,]+")).filter(s -> !s.isEmpty())
                .toList();
        return new RestoreOptions(Path.of(archive.getText().strip()).toAbsolutePath().normalize(), null,
                n.isEmpty() ? null : n, keep.isSelected(), tcpEstablished.isSelected(), ignoreStaticIp.isSelected(),
                ignoreStaticMac.isSelected(), ignoreRootfs.isSelected(), ports);
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
