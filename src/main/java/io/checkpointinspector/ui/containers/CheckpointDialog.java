package io.checkpointinspector.ui.containers;

import io.checkpointinspector.runtime.CheckpointOptions;
import io.checkpointinspector.runtime.ContainerInfo;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
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
import javafx.scene.layout.Region;
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
        export.setPromptText("file to export to (must not exist yet); empty: keep it in podman's storage");
        export.setText(Path.of(System.getProperty("user.home"), container.name() + "-checkpoint.tar.zst").toString());
        export.setId("checkpoint-export");
        HBox.setHgrow(export, Priority.ALWAYS);
        Button choose = new Button("Choose…");
        choose.setId("checkpoint-choose");
        choose.setMinWidth(Region.USE_PREF_SIZE);
        choose.setOnAction(e -> chooseFile());
        compression.setId("checkpoint-compression");
        compression.getItems().setAll("zstd", "gzip", "none");
        compression.setValue("zstd");
        // compression applies to the exported archive only
        compression.disableProperty().bind(export.textProperty().isEmpty());
        printStats.setSelected(true);
        createImage.setId("checkpoint-create-image");
        createImage.setPromptText("optional image name, e.g. localhost/" + container.name() + "-checkpoint");
        String[] ids = {"leave-running", "tcp-established", "file-locks", "keep", "ignore-rootfs", "ignore-volumes",
            "pre-checkpoint", "with-previous", "print-stats"};
        CheckBox[] boxes = {leaveRunning, tcpEstablished, fileLocks, keep, ignoreRootfs, ignoreVolumes, preCheckpoint,
            withPrevious, printStats};
        GridPane grid = Forms.form();
        Forms.addRow(grid, 0, "Export to", new HBox(6, export, choose));
        Forms.addRow(grid, 1, "Compression", compression);
        Forms.addRow(grid, 2, "Create image", createImage);
        Label why = Forms.reasonLabel();
        Button ok = Forms.finish(this, owner, grid, "checkpoint", ids, boxes, why, "Checkpoint");
        StringBinding reason = Bindings.createStringBinding(this::reason, export.textProperty());
        why.textProperty().bind(Bindings.createStringBinding(() -> reason.get() == null ? "" : reason.get(),
                reason));
        ok.disableProperty().bind(reason.isNotNull());
        setResultConverter(b -> b == ButtonType.OK ? options(container) : null);
    }

    /** Why the export field cannot be used (null: it can); the helper checks again, as root. */
    String reason() {
        String t = export.getText().strip();
        if (t.isEmpty()) {
            return null; // no export: the checkpoint stays in podman's storage
        }
        Path p;
        try {
            p = Path.of(t);
        } catch (InvalidPathException e) {
            return "not a valid path: " + e.getReason();
        }
        if (!p.isAbsolute()) {
            return "Give an absolute path to export to.";
        }
        if (Files.exists(p)) {
            return p + " exists already; choose a new file.";
        }
        Path folder = p.toAbsolutePath().normalize().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            return "The folder " + folder + " does not exist.";
        }
        return null;
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
        Path current;
        try {
            current = Path.of(export.getText().strip().isEmpty() ? System.getProperty("user.home")
                    : export.getText().strip());
        } catch (InvalidPathException e) {
            current = Path.of(System.getProperty("user.home"));
        }
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
