package io.checkpointinspector.ui.containers;

import io.checkpointinspector.runtime.CheckpointOptions;
import io.checkpointinspector.runtime.ContainerInfo;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** Checkpoint… : where to export, compression and podman's checkpoint options. */
public final class CheckpointDialog extends Dialog<CheckpointOptions> {

    final TextField export = new TextField();
    final ComboBox<String> compression = new ComboBox<>();
    final CheckBox leaveRunning = new CheckBox("Leave running");
    final CheckBox tcpEstablished = new CheckBox("TCP established connections");
    final CheckBox fileLocks = new CheckBox("File locks");
    final CheckBox keep = new CheckBox("Keep CRIU images and logs");
    final CheckBox ignoreRootfs = new CheckBox("Ignore root file-system changes");
    final CheckBox ignoreVolumes = new CheckBox("Ignore volumes");
    final CheckBox preCheckpoint = new CheckBox("Pre-checkpoint (memory only)");
    final CheckBox withPrevious = new CheckBox("With previous pre-checkpoint");
    final CheckBox printStats = new CheckBox("Print statistics");
    final TextField createImage = new TextField();

    public CheckpointDialog(Window owner, ContainerInfo container) {
        initOwner(owner);
        setTitle("Checkpoint " + container.name());
        setHeaderText("Checkpoint container " + container.name() + " (" + container.shortId() + ")");
        export.setPromptText("file to export to (must not exist yet)");
        export.setText(Path.of(System.getProperty("user.home"), container.name() + "-checkpoint.tar.zst").toString());
        export.setId("checkpoint-export");
        HBox.setHgrow(export, Priority.ALWAYS);
        Button choose = new Button("Choose…");
        choose.setOnAction(e -> chooseFile());
        compression.getItems().setAll("zstd", "gzip", "none");
        compression.setValue("zstd");
        printStats.setSelected(true);
        createImage.setPromptText("optional image name, e.g. localhost/" + container.name() + "-checkpoint");
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        grid.addRow(0, new Label("Export to"), new HBox(6, export, choose));
        grid.addRow(1, new Label("Compression"), compression);
        grid.addRow(2, new Label("Create image"), createImage);
        CheckBox[] boxes = {leaveRunning, tcpEstablished, fileLocks, keep, ignoreRootfs, ignoreVolumes, preCheckpoint,
            withPrevious, printStats};
        for (int i = 0; i < boxes.length; i++) {
            grid.add(boxes[i], i % 2, 3 + i / 2);
        }
        getDialogPane().setContent(grid);
        getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        Button ok = (Button) getDialogPane().lookupButton(ButtonType.OK);
        ok.setText("Checkpoint");
        ok.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> reason() != null, export.textProperty()));
        setResultConverter(b -> b == ButtonType.OK ? options(container) : null);
    }

    /** Why the export field cannot be used (null: it can); the helper checks again, as root. */
    String reason() {
        String t = export.getText().strip();
        if (t.isEmpty()) {
            return null; // no export: the checkpoint stays in podman's storage
        }
        Path p = Path.of(t);
        if (!p.isAbsolute()) {
            return "give an absolute path";
        }
        return Files.exists(p) ? "the file exists already" : null;
    }

    CheckpointOptions options(ContainerInfo container) {
        String t = export.getText().strip();
        Path file = t.isEmpty() ? null : Path.of(t).toAbsolutePath().normalize();
        String image = createImage.getText().strip();
        return new CheckpointOptions(container.name(), file, file == null ? null : compression.getValue(),
                leaveRunning.isSelected(), tcpEstablished.isSelected(), fileLocks.isSelected(), keep.isSelected(),
                ignoreRootfs.isSelected(), ignoreVolumes.isSelected(), preCheckpoint.isSelected(),
                withPrevious.isSelected(), image.isEmpty() ? null : image, printStats.isSelected());
    }

    private void chooseFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export checkpoint to");
        Path current = Path.of(export.getText().strip().isEmpty() ? System.getProperty("user.home")
                : export.getText().strip());
        if (current.getParent() != null && Files.isDirectory(current.getParent())) {
            chooser.setInitialDirectory(current.getParent().toFile());
            chooser.setInitialFileName(current.getFileName().toString());
        }
        File f = chooser.showSaveDialog(getOwner());
        if (f != null) {
            export.setText(f.getAbsolutePath());
        }
    }
}
