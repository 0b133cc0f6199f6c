package io.checkpointinspector.discover;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Podman's checkpoint images (made by {@code podman container checkpoint --create-image}) in a containers/storage
 * root, found without running podman: {@code <driver>-images/images.json} lists the images with their top layer;
 * each image's manifest ({@code <driver>-images/<id>/manifest}) carries Podman's
 * {@code io.podman.annotations.checkpoint.*} annotations; the single layer of such an image holds the checkpoint
 * exactly as an export does, unpacked in the driver's layer folder ({@code overlay/<layer>/diff},
 * {@code vfs/dir/<layer>}), which is read in place as a checkpoint folder.
 */
final class PodmanStorage {

    static final String CHECKPOINT_ANNOTATION = "io.podman.annotations.checkpoint.name";
    private static final String ANNOTATION_PREFIX = "io.podman.annotations.checkpoint.";
    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");
    private static final long MAX_IMAGES_JSON = 64L << 20;
    private static final long MAX_MANIFEST = 4L << 20;
    private static final String[] DRIVERS = {"overlay", "vfs"};

    private final CheckpointReading reading;
    private final BoundedJson json = new BoundedJson();

    PodmanStorage(CheckpointReading reading) {
        this.reading = reading;
    }

    void scan(Place place, ScanContext scan) {
        Path root = place.path();
        try {
            if (!Files.readAttributes(root, java.nio.file.attribute.BasicFileAttributes.class).isDirectory()) {
                scan.skipped(place, new java.nio.file.NotDirectoryException(root.toString()));
                return;
            }
            // Listing the root tells a root-only storage (drwx------) from a readable one.
            try (var list = Files.newDirectoryStream(root)) {
                list.iterator().hasNext();
            }
        } catch (IOException e) {
            scan.skipped(place, e);
            return;
        }
        boolean anyDriver = false;
        for (String driver : DRIVERS) {
            Path imagesJson = root.resolve(driver + "-images").resolve("images.json");
            if (!Files.exists(imagesJson, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            anyDriver = true;
            JsonNode images;
            try {
                images = json.read(imagesJson, MAX_IMAGES_JSON);
            } catch (IOException e) {
                if (e instanceof java.nio.file.AccessDeniedException) {
                    scan.skipped(place, e);
                } else {
                    scan.add(ScanContext.key(imagesJson), CheckpointReading.failed(imagesJson, place.kind(),
                            "image list", io.checkpointinspector.text.FailureText.of(e)));
                }
                continue;
            }
            if (!images.isArray()) {
                scan.add(ScanContext.key(imagesJson), CheckpointReading.failed(imagesJson, place.kind(),
                        "image list", imagesJson + ": not a list of images"));
                continue;
            }
            int seen = 0;
            for (JsonNode image : images) {
                if (scan.stop()) {
                    return;
                }
                if (++seen > scan.limits().maxEntries()) {
                    scan.cut(place + ": stopped after " + scan.limits().maxEntries() + " images (the entries bound)");
                    break;
                }
                image(root, driver, image, place, scan);
            }
        }
        if (!anyDriver) {
            scan.note(place + ": no image list of a driver this version reads (overlay, vfs)");
        }
    }

    private void image(Path root, String driver, JsonNode image, Place place, ScanContext scan) {
        String id = image.path("id").asText("");
        if (!ID.matcher(id).matches()) {
            return;
        }
        String name = image.path("names").path(0).asText(null);
        String where = "image " + (name != null ? name : id.substring(0, 12));
        Path manifest = root.resolve(driver + "-images").resolve(id).resolve("manifest");
        JsonNode annotations;
        try {
            annotations = json.read(manifest, MAX_MANIFEST).path("annotations");
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            if (mayBeCheckpoint(image)) {
                scan.add(id, CheckpointReading.failed(manifest, place.kind(), where,
                        io.checkpointinspector.text.FailureText.of(e)));
            }
            return;
        }
        if (!isCheckpointImage(annotations)) {
            return;
        }
        String layer = image.path("layer").asText("");
        if (!ID.matcher(layer).matches()) {
            scan.add(id, new FoundCheckpoint(annotations.path(CHECKPOINT_ANNOTATION).asText(null), "Podman", null,
                    null, null, null, place.kind(), where, "the image names no layer (or a malformed one): '"
                            + printable(layer) + "'"));
            return;
        }
        Path content = driver.equals("overlay") ? root.resolve("overlay").resolve(layer).resolve("diff")
                : root.resolve("vfs").resolve("dir").resolve(layer);
        if (!Files.isDirectory(content, LinkOption.NOFOLLOW_LINKS)) {
            scan.add(id, new FoundCheckpoint(annotations.path(CHECKPOINT_ANNOTATION).asText(null), "Podman", null,
                    null, null, null, place.kind(), where, "the layer's folder " + content + " is missing"));
            return;
        }
        try {
            scan.add(id, reading.read(content, place.kind(), where, scan));
        } catch (CheckpointReading.NotACheckpoint e) {
            scan.add(id, CheckpointReading.failed(content, place.kind(), where,
                    "the image carries Podman's checkpoint annotations, but its layer " + e.getMessage()));
        }
    }

    /** Podman marks its checkpoint images with the annotation naming the container; others with the prefix count. */
    static boolean isCheckpointImage(JsonNode annotations) {
        if (!annotations.isObject()) {
            return false;
        }
        if (annotations.has(CHECKPOINT_ANNOTATION)) {
            return true;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = annotations.fields(); it.hasNext();) {
            if (it.next().getKey().startsWith(ANNOTATION_PREFIX)) {
                return true;
            }
        }
        return false;
    }

    /** A manifest that cannot be read is only worth a row when the image list hints at a checkpoint. */
    private static boolean mayBeCheckpoint(JsonNode image) {
        return image.toString().contains("checkpoint");
    }

    private static String printable(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }
}
