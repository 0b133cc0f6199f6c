package io.checkpointinspector.ui.containers;

import io.checkpointinspector.helper.Checks;
import io.checkpointinspector.runtime.CheckpointOptions;
import io.checkpointinspector.runtime.RestoreOptions;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The Restore… dialog's state and rules. Podman restores an exported file, under its checkpointed name unless
 * given one. containerd restores an exported file or a checkpoint image in its store (fromImage), always as a new
 * container that needs a name; Podman's restore options stay off.
 */
public final class RestoreForm {

    /** Why a restore option is off for containerd (the dialog's tooltip). */
    public static final String PODMAN_ONLY = CheckpointForm.PODMAN_ONLY;

    final StringProperty runtime = new SimpleStringProperty(CheckpointOptions.PODMAN);
    final BooleanProperty fromImage = new SimpleBooleanProperty();
    final StringProperty archive = new SimpleStringProperty("");
    final StringProperty image = new SimpleStringProperty("");
    final StringProperty name = new SimpleStringProperty("");
    final StringProperty publish = new SimpleStringProperty("");
    final BooleanProperty keep = new SimpleBooleanProperty();
    final BooleanProperty tcpEstablished = new SimpleBooleanProperty();
    final BooleanProperty ignoreStaticIp = new SimpleBooleanProperty();
    final BooleanProperty ignoreStaticMac = new SimpleBooleanProperty();
    final BooleanProperty ignoreRootfs = new SimpleBooleanProperty();
    private final BooleanBinding containerd = runtime.isEqualTo(CheckpointOptions.CONTAINERD);
    private final StringBinding reason = Bindings.createStringBinding(this::reason, runtime, fromImage, archive,
            image, name);

    /** current: the checkpoint open in the window (offered when it is a file), or null; runtime: the one to start with. */
    public RestoreForm(Path current, String runtime) {
        if (current != null && Files.isRegularFile(current)) {
            archive.set(current.toString());
        }
        this.runtime.set(CheckpointOptions.CONTAINERD.equals(runtime) ? CheckpointOptions.CONTAINERD
                : CheckpointOptions.PODMAN);
    }

    /** True while containerd is chosen. */
    public BooleanBinding containerdBinding() {
        return containerd;
    }

    public boolean containerd() {
        return containerd.get();
    }

    /** Restores from a checkpoint image in containerd's store rather than a file. */
    public boolean fromStoreImage() {
        return containerd() && fromImage.get();
    }

    public StringBinding reasonBinding() {
        return reason;
    }

    /**
     * True when the reason is only that nothing to restore from is named yet: not worth a red line, the disabled
     * button says enough.
     */
    public boolean nothingChosen() {
        return (fromStoreImage() ? image.get() : archive.get()).isBlank();
    }

    /** Why the fields cannot make a restore (null: they can); the helper checks again. */
    public String reason() {
        String why = fromStoreImage() ? imageProblem(image.get().strip()) : archiveProblem(archive.get().strip());
        if (why != null) {
            return why;
        }
        String n = name.get().strip();
        if (n.isEmpty()) {
            return containerd() ? "Name the new container: containerd restores a checkpoint as a new container."
                    : null;
        }
        if (n.startsWith("-") || !Checks.NAME.matcher(n).matches()) {
            return "The name " + n + " is not valid: letters, digits, '_', '.' and '-', starting with a letter or "
                    + "digit.";
        }
        return null;
    }

    private static String imageProblem(String ref) {
        return ref.isEmpty() ? "Name the checkpoint image in containerd's store." : CheckpointForm.imageProblem(ref);
    }

    private String archiveProblem(String t) {
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
            return Files.isDirectory(p) ? p + " is a folder; " + (containerd() ? "ctr" : "podman")
                    + " restores exported checkpoint files only." : "There is no file " + p + ".";
        }
        return null;
    }

    /** The request; only when {@link #reason()} is null. */
    public RestoreOptions options() {
        String n = name.get().strip();
        if (containerd()) {
            return fromStoreImage() ? RestoreOptions.containerd(null, image.get().strip(), n)
                    : RestoreOptions.containerd(Path.of(archive.get().strip()).toAbsolutePath().normalize(), null, n);
        }
        List<String> ports = Arrays.stream(publish.get().strip().split("[\\s,]+")).filter(s -> !s.isEmpty())
                .toList();
        return new RestoreOptions(Path.of(archive.get().strip()).toAbsolutePath().normalize(), null,
                n.isEmpty() ? null : n, keep.get(), tcpEstablished.get(), ignoreStaticIp.get(), ignoreStaticMac.get(),
                ignoreRootfs.get(), ports);
    }
}
