package io.checkpointinspector.ui.containers;

import io.checkpointinspector.runtime.RestoreOptions;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
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
        }
        HBox.setHgrow(archive, Priority.ALWAYS);
        Button choose = new Button("Choose…");
        choose.setOnAction(e -> chooseFile());
        name.setPromptText("new container name (optional)");
        publish.setPromptText("ports, e.g. 8080:80 9000:90/udp (optional)");
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        grid.addRow(0, new Label("Checkpoint"), new HBox(6, archive, choose));
        grid.addRow(1, new Label("New name"), name);
        grid.addRow(2, new Label("Publish"), publish);
        CheckBox[] boxes = {keep, tcpEstablished, ignoreStaticIp, ignoreStaticMac, ignoreRootfs};
        for (int i = 0; i < boxes.length; i++) {
            grid.add(boxes[i], i % 2, 3 + i / 2);
        }
        getDialogPane().setContent(grid);
        getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        Button ok = (Button) getDialogPane().lookupButton(ButtonType.OK);
        ok.setText("Restore");
        ok.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> !Path.of(archive.getText().strip()).isAbsolute() || archive.getText().isBlank(),
                archive.textProperty()));
        setResultConverter(b -> b == ButtonType.OK ? options() : null);
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
