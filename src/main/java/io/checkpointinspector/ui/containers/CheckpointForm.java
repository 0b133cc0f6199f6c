package io.checkpointinspector.ui.containers;

import io.checkpointinspector.helper.Checks;
import io.checkpointinspector.helper.RefusedException;
import io.checkpointinspector.runtime.CheckpointOptions;
import io.checkpointinspector.runtime.ContainerInfo;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The Checkpoint… dialog's state and rules: what the fields hold, why Checkpoint cannot be pressed yet, and the
 * request they make. A containerd container gets what ctr can do: a checkpoint image (required, a default
 * offered), an optional export (a plain tar) and leave running; Podman's other options stay off.
 */
public final class CheckpointForm {

    /** Why an option is off for a containerd container (the dialog's tooltip). */
    public static final String PODMAN_ONLY = "Podman only: ctr has no counterpart for this option";
    /** Why statistics are always on for containerd. */
    public static final String CTR_STATS = "ctr always reports the checkpoint's wall time and the pages written";

    private final ContainerInfo container;
    final StringProperty export = new SimpleStringProperty("");
    final StringProperty compression = new SimpleStringProperty("zstd");
    final StringProperty createImage = new SimpleStringProperty("");
    final BooleanProperty leaveRunning = new SimpleBooleanProperty();
    final BooleanProperty tcpEstablished = new SimpleBooleanProperty();
    final BooleanProperty fileLocks = new SimpleBooleanProperty();
    final BooleanProperty keep = new SimpleBooleanProperty();
    final BooleanProperty ignoreRootfs = new SimpleBooleanProperty();
    final BooleanProperty ignoreVolumes = new SimpleBooleanProperty();
    final BooleanProperty preCheckpoint = new SimpleBooleanProperty();
    final BooleanProperty withPrevious = new SimpleBooleanProperty();
    final BooleanProperty printStats = new SimpleBooleanProperty(true);
    private final StringBinding reason;

    /** Defaults for container: an export into home, and for containerd the default checkpoint image at now. */
    public CheckpointForm(ContainerInfo container, Path home, Instant now) {
        this.container = container;
        export.set(home.resolve(container.name() + "-checkpoint" + (container.containerd() ? ".tar" : ".tar.zst"))
                .toString());
        if (container.containerd()) {
            compression.set("none");
            createImage.set(CheckpointOptions.defaultImage(container.name(), now));
        }
        reason = Bindings.createStringBinding(this::reason, export, createImage);
    }

    public ContainerInfo container() {
        return container;
    }

    public boolean containerd() {
        return container.containerd();
    }

    /** Why Checkpoint cannot be pressed (null: it can); follows the fields. */
    public StringBinding reasonBinding() {
        return reason;
    }

    /** Why the fields cannot make a checkpoint (null: they can); the helper checks again, as root. */
    public String reason() {
        String why = exportProblem(export.get().strip());
        if (why != null) {
            return why;
        }
        String image = createImage.get().strip();
        if (image.isEmpty()) {
            return containerd() ? "Name the checkpoint image: ctr always makes one." : null;
        }
        return imageProblem(image);
    }

    private static String exportProblem(String t) {
        if (t.isEmpty()) {
            return null; // no export: the checkpoint stays in the runtime's storage (an image, for containerd)
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

    /** The helper's own image rule, so that the dialog refuses what the helper would. */
    static String imageProblem(String image) {
        try {
            Checks.image("the image name", image);
            return null;
        } catch (RefusedException e) {
            return "The image name " + image + " is not valid: [registry[:port]/]name[/name...][:tag], names in "
                    + "lower case.";
        }
    }

    /** The request; only when {@link #reason()} is null. */
    public CheckpointOptions options() {
        String t = export.get().strip();
        Path file = t.isEmpty() ? null : Path.of(t).toAbsolutePath().normalize();
        String image = createImage.get().strip();
        if (containerd()) {
            return CheckpointOptions.containerd(container.name(), image, file, leaveRunning.get());
        }
        return new CheckpointOptions(container.name(), file, file == null ? null : compression.get(),
                leaveRunning.get(), tcpEstablished.get(), fileLocks.get(), keep.get(), ignoreRootfs.get(),
                ignoreVolumes.get(), preCheckpoint.get(), withPrevious.get(), image.isEmpty() ? null : image,
                printStats.get());
    }
}
