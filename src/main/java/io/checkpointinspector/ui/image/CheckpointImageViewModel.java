package io.checkpointinspector.ui.image;

import io.checkpointinspector.image.BuildOptions;
import io.checkpointinspector.image.CheckpointImageBuilder;
import io.checkpointinspector.image.PodmanImages;
import io.checkpointinspector.model.CheckpointedContainer;
import io.checkpointinspector.image.ImageName;
import io.checkpointinspector.text.Units;
import io.checkpointinspector.ui.common.ErrorText;
import io.checkpointinspector.ui.common.FailureLog;
import io.checkpointinspector.ui.common.LatestTask;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Save as checkpoint image…: the image name and the file, building it in the background (progress, Cancel) and
 * what was written. Use from the FX thread.
 */
public final class CheckpointImageViewModel {

    /**
     * What the open checkpoint needs for Podman to restore an image of it.
     *
     * @param engine    the engine that made it (null: unknown)
     * @param convert   it is not Podman's: the image gets a Podman-form record, so the rootfs image matters
     * @param imageId   the image id it records, or null
     * @param imageName the image name it records, or null
     * @param lookup    the local Podman can be asked for an id by name
     */
    public record Needs(String engine, boolean convert, String imageId, String imageName, boolean lookup) {

        public static Needs of(CheckpointedContainer c, boolean lookup) {
            boolean podman = c.engine() != null && c.engine().equalsIgnoreCase("podman");
            return new Needs(c.engine(), !podman, c.imageId(), c.image(), lookup);
        }

        /** containerd's rootfs root is 0755 where Podman's is 0555: CRIU needs skip-file-rwx-check. */
        public boolean criuConfigAdvised() {
            return "containerd".equalsIgnoreCase(engine);
        }
    }

    private static final java.util.regex.Pattern IMAGE_ID = java.util.regex.Pattern.compile(
            "(sha256:)?[0-9a-f]{64}");

    private final Path source;
    private final Needs needs;
    private final LatestTask builder;
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyObjectWrapper<CheckpointImageBuilder.Result> result =
            new ReadOnlyObjectWrapper<>(this, "result");

    public CheckpointImageViewModel(Path source, Executor executor, FailureLog failures) {
        this(source, new Needs("Podman", false, null, null, false), executor, failures);
    }

    public CheckpointImageViewModel(Path source, Needs needs, Executor executor, FailureLog failures) {
        this.source = source;
        this.needs = needs;
        this.builder = new LatestTask(executor, failures);
    }

    public Path source() {
        return source;
    }

    public Needs needs() {
        return needs;
    }

    /** Why the rootfs image fields cannot be used for needs (null: they can; only asked when converting). */
    static String rootfsReason(Needs needs, String imageId, String imageName) {
        if (!needs.convert()) {
            return null;
        }
        String id = imageId == null ? "" : imageId.strip();
        if (!id.isEmpty() && !IMAGE_ID.matcher(id).matches()) {
            return "Rootfs image id: 64 hexadecimal digits (optionally after sha256:), as podman images --no-trunc "
                    + "shows it.";
        }
        boolean named = (imageName != null && !imageName.isBlank()) || needs.imageName() != null;
        if (!named) {
            return "Rootfs image name: the checkpoint records none; give the image the container ran.";
        }
        if (id.isEmpty() && needs.imageId() == null && !needs.lookup()) {
            return "Rootfs image id: the checkpoint records no Podman image id and Podman is not installed here to "
                    + "look it up; give the id of the image on the host that will restore it.";
        }
        return null;
    }

    /** Why the CRIU configuration file cannot be used (null: it can, or none is given). */
    static String criuConfigReason(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            return null;
        }
        Path p;
        try {
            p = Path.of(t);
        } catch (InvalidPathException e) {
            return "CRIU configuration: not a valid path: " + e.getReason();
        }
        if (!p.isAbsolute()) {
            return "CRIU configuration: give an absolute path.";
        }
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            return "CRIU configuration: " + p + " is not a regular file.";
        }
        try {
            if (Files.size(p) > 64 << 10) {
                return "CRIU configuration: " + p + " is over 64 KiB; a CRIU configuration is a few lines.";
            }
        } catch (java.io.IOException e) {
            return "CRIU configuration: " + p + " cannot be read (" + e.getMessage() + ").";
        }
        return null;
    }

    /** The options the fields give (blank fields: the checkpoint's values; the local Podman is asked if present). */
    BuildOptions options(String imageId, String imageName, String criuConfig) {
        if (!needs.convert()) {
            return new BuildOptions(null, null, blank(criuConfig) ? null : Path.of(criuConfig.strip()), null);
        }
        return new BuildOptions(imageId, imageName, blank(criuConfig) ? null : Path.of(criuConfig.strip()),
                needs.lookup() ? PodmanImages.installed().orElse(null) : null);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** "my-container-checkpoint", a valid image name made from the container's name (null: "checkpoint"). */
    static String suggestedName(String container) {
        String base = container == null ? "" : container.toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9._-]+", "-").replaceAll("^[^a-z0-9]+|[^a-z0-9]+$", "");
        return (base.isEmpty() ? "checkpoint" : base + "-checkpoint");
    }

    /** Why the image name cannot be used (null: it can). */
    static String nameReason(String name) {
        try {
            ImageName.parse(name);
            return null;
        } catch (IllegalArgumentException e) {
            return "Image name: " + e.getMessage() + ".";
        }
    }

    public void build(String name, Path target, boolean replace) {
        build(name, target, replace, new BuildOptions(null, null, null, null));
    }

    public void build(String name, Path target, boolean replace, String imageId, String imageName,
            String criuConfig) {
        build(name, target, replace, options(imageId, imageName, criuConfig));
    }

    private void build(String name, Path target, boolean replace, BuildOptions options) {
        result.set(null);
        ImageName image = ImageName.parse(name);
        status.set("Building " + image + "…");
        builder.run(progress -> new CheckpointImageBuilder().build(source, image, target, replace, options,
                progress), r -> {
            result.set(r);
            status.set(summary(r));
        }, error -> status.set(error instanceof CancellationException ? "Cancelled; nothing was written."
                : "Not written: " + ErrorText.of(error)));
    }

    static String summary(CheckpointImageBuilder.Result r) {
        StringBuilder sb = new StringBuilder("Wrote " + r.file() + " (" + Units.bytes(r.fileBytes()) + "): image "
                + r.image() + ", " + r.entries() + " entries, layer " + Units.bytes(r.layerBytes()) + " gzip ("
                + Units.bytes(r.layerTarBytes()) + " uncompressed).");
        sb.append("\n").append(r.annotations().values().size()).append(" annotations");
        if (!r.annotations().omitted().isEmpty()) {
            sb.append("; not in the checkpoint, so left out: ").append(String.join(", ", r.annotations().omitted()
                    .stream().map(o -> o.substring(0, o.indexOf(':'))).toList()));
        }
        sb.append(".");
        for (String w : r.warnings()) {
            sb.append("\nNote: ").append(w);
        }
        sb.append("\nLoad it with: podman load -i ").append(r.file()).append("\nthen restore: podman container "
                + "restore ").append(r.image());
        return sb.toString();
    }

    public void cancel() {
        if (builder.cancel()) {
            status.set("Cancelled; nothing was written.");
        }
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<CheckpointImageBuilder.Result> resultProperty() {
        return result.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return builder.runningProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return builder.progressProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return builder.messageProperty();
    }
}
