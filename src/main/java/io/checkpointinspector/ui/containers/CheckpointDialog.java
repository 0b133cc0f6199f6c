package io.checkpointinspector.ui.containers;

import io.checkpointinspector.runtime.CheckpointOptions;
import io.checkpointinspector.runtime.ContainerInfo;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanExpression;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * Checkpoint… : where to export, compression and podman's checkpoint options; for a containerd container the
 * checkpoint image, the export and leave running, Podman's other options off with the reason as their tooltip.
 * The rules are {@link CheckpointForm}'s.
 */
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
    private final CheckpointForm form;

    public CheckpointDialog(Window owner, ContainerInfo container) {
        this(owner, new CheckpointForm(container, Path.of(System.getProperty("user.home")), Instant.now()));
    }

    public CheckpointDialog(Window owner, CheckpointForm form) {
        this.form = form;
        ContainerInfo container = form.container();
        boolean ctr = form.containerd();
        initOwner(owner);
        setTitle("Checkpoint " + container.name());
        setHeaderText("Checkpoint " + (ctr ? "containerd " : "") + "container " + container.name() + " ("
                + container.shortId() + ")" + (ctr ? " with ctr" : ""));
        export.setPromptText(ctr ? "file to export the checkpoint image to (must not exist yet); empty: the image only"
                : "file to export to (must not exist yet); empty: keep it in podman's storage");
        export.textProperty().bindBidirectional(form.export);
        export.setId("checkpoint-export");
        HBox.setHgrow(export, Priority.ALWAYS);
        Button choose = new Button("Choose…");
        choose.setId("checkpoint-choose");
        choose.setMinWidth(Region.USE_PREF_SIZE);
        choose.setOnAction(e -> chooseFile());
        compression.setId("checkpoint-compression");
        compression.getItems().setAll(ctr ? java.util.List.of("none") : java.util.List.of("zstd", "gzip", "none"));
        compression.valueProperty().bindBidirectional(form.compression);
        // compression applies to the exported archive only; ctr's export is always a plain tar
        compression.disableProperty().bind(ctr ? new SimpleBooleanProperty(true) : export.textProperty().isEmpty());
        if (ctr) {
            compression.setTooltip(new Tooltip("ctr exports a plain tar; " + CheckpointForm.PODMAN_ONLY));
        }
        createImage.setId("checkpoint-create-image");
        createImage.textProperty().bindBidirectional(form.createImage);
        createImage.setPromptText(ctr ? "the checkpoint image ctr makes in containerd's store"
                : "optional image name, e.g. localhost/" + container.name() + "-checkpoint");
        String[] ids = {"leave-running", "tcp-established", "file-locks", "keep", "ignore-rootfs", "ignore-volumes",
            "pre-checkpoint", "with-previous", "print-stats"};
        CheckBox[] boxes = {leaveRunning, tcpEstablished, fileLocks, keep, ignoreRootfs, ignoreVolumes, preCheckpoint,
            withPrevious, printStats};
        javafx.beans.property.BooleanProperty[] values = {form.leaveRunning, form.tcpEstablished, form.fileLocks,
            form.keep, form.ignoreRootfs, form.ignoreVolumes, form.preCheckpoint, form.withPrevious, form.printStats};
        for (int i = 0; i < boxes.length; i++) {
            boxes[i].selectedProperty().bindBidirectional(values[i]);
        }
        GridPane grid = Forms.form();
        Forms.addRow(grid, 0, "Export to", new HBox(6, export, choose));
        Forms.addRow(grid, 1, "Compression", compression);
        Forms.addRow(grid, 2, ctr ? "Checkpoint image" : "Create image", createImage);
        Label why = Forms.reasonLabel();
        Button ok = Forms.finish(this, owner, grid, "checkpoint", ids, boxes, why, "Checkpoint");
        if (ctr) {
            BooleanExpression off = new SimpleBooleanProperty(true);
            for (CheckBox b : new CheckBox[] {tcpEstablished, fileLocks, keep, ignoreRootfs, ignoreVolumes,
                preCheckpoint, withPrevious}) {
                Forms.offWhen(b, off, CheckpointForm.PODMAN_ONLY);
            }
            printStats.setDisable(true);
            Tooltip.install(printStats.getParent(), new Tooltip(CheckpointForm.CTR_STATS));
            Label note = new Label("containerd: ctr makes the checkpoint image and, with a file, exports it as a "
                    + "plain tar. Podman's other options have no ctr counterpart and stay off.");
            note.setId("checkpoint-runtime-note");
            note.getStyleClass().add("muted");
            note.setWrapText(true);
            note.setMinHeight(Region.USE_PREF_SIZE);
            grid.add(note, 0, 6, 2, 1);
        }
        StringBinding reason = form.reasonBinding();
        why.textProperty().bind(Bindings.createStringBinding(() -> reason.get() == null ? "" : reason.get(),
                reason));
        ok.disableProperty().bind(reason.isNotNull());
        setResultConverter(b -> b == ButtonType.OK ? form.options() : null);
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
