package io.checkpointinspector.image;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the user gives a build beyond the source: values a checkpoint from another engine does not record in the
 * form Podman restores from.
 *
 * @param rootfsImageId   Podman's id of the image the container ran (config.dump rootfsImageID), or null: then
 *                        the checkpoint's own id, then {@link #lookup} by name
 * @param rootfsImageName the image's name as Podman knows it (rootfsImageName), or null: the checkpoint's
 * @param criuConfig      a CRIU configuration file to carry in the image (checkpoint/criu.conf, named by the spec's
 *                        org.criu.config annotation, which runc hands to CRIU on restore), or null
 * @param lookup          finds a local image's id by name, when the checkpoint records none (null: no look-up)
 */
public record BuildOptions(String rootfsImageId, String rootfsImageName, Path criuConfig, ImageLookup lookup) {

    public BuildOptions {
        rootfsImageId = blankToNull(rootfsImageId);
        rootfsImageName = blankToNull(rootfsImageName);
    }

    public static BuildOptions none() {
        return new BuildOptions(null, null, null, null);
    }

    /** A local image store asked for an image's id. */
    @FunctionalInterface
    public interface ImageLookup {
        /** The id of the image named name, empty when there is none; what was asked is said in {@link #what}. */
        Optional<String> imageId(String name) throws IOException;

        default String what() {
            return "the local image store";
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
