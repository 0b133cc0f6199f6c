package io.checkpointinspector.discover;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.regex.Pattern;

/**
 * containerd's checkpoint images ({@code ctr containers checkpoint --task --rw}) in its content store
 * ({@code io.containerd.content.v1.content/blobs/sha256/<digest>}): an OCI index blob whose manifests are
 * containerd's checkpoint blobs by media type ({@code application/vnd.containerd.container.criu.checkpoint.criu.tar},
 * {@code ...checkpoint.config.v1+proto}, ...). Only small blobs that start like JSON are parsed; the rest is never read
 * beyond its first byte. A checkpoint index is read in place, as {@code show} reads the index blob.
 */
final class ContainerdContent {

    static final String CRIU_TAR = "application/vnd.containerd.container.criu.checkpoint.criu.tar";
    private static final String CHECKPOINT_MEDIA_PREFIX = "application/vnd.containerd.container.";
    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");
    private static final long MAX_INDEX = 1L << 20;

    private final BoundedJson json = new BoundedJson();
    private final CheckpointReading reading;

    ContainerdContent(CheckpointReading reading) {
        this.reading = reading;
    }

    void scan(Place place, ScanContext scan) {
        Path blobs = place.path().resolve("blobs").resolve("sha256");
        try {
            if (!Files.readAttributes(place.path(), BasicFileAttributes.class).isDirectory()) {
                scan.skipped(place, new java.nio.file.NotDirectoryException(place.path().toString()));
                return;
            }
        } catch (IOException e) {
            scan.skipped(place, e);
            return;
        }
        int seen = 0;
        try (DirectoryStream<Path> list = Files.newDirectoryStream(blobs)) {
            for (Path blob : list) {
                if (scan.stop()) {
                    return;
                }
                if (++seen > scan.limits().maxEntries()) {
                    scan.cut(place + ": stopped after " + scan.limits().maxEntries() + " blobs (the entries bound)");
                    return;
                }
                blob(blob, place, scan);
            }
        } catch (IOException e) {
            scan.skipped(place, e);
        }
    }

    private void blob(Path blob, Place place, ScanContext scan) {
        String digest = blob.getFileName().toString();
        if (!DIGEST.matcher(digest).matches()) {
            return;
        }
        byte[] data;
        try {
            BasicFileAttributes a = Files.readAttributes(blob, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile() || a.size() > MAX_INDEX || a.size() < 2) {
                return;
            }
            try (InputStream in = Files.newInputStream(blob, LinkOption.NOFOLLOW_LINKS)) {
                int first = in.read();
                if (first != '{') {
                    return;
                }
                byte[] rest = in.readNBytes((int) MAX_INDEX);
                data = new byte[rest.length + 1];
                data[0] = '{';
                System.arraycopy(rest, 0, data, 1, rest.length);
            }
        } catch (IOException e) {
            return;
        }
        JsonNode index;
        try {
            index = json.parse(blob, data);
        } catch (IOException e) {
            if (new String(data, java.nio.charset.StandardCharsets.ISO_8859_1).contains(CRIU_TAR)) {
                scan.add("containerd:" + digest, new FoundCheckpoint(null, "containerd", null, null, null, null,
                        place.kind(), where(digest), e.getMessage()));
            }
            return;
        }
        JsonNode manifests = index.path("manifests");
        if (!manifests.isArray() || !isCheckpointIndex(manifests)) {
            return;
        }
        long total = 0;
        long rwLayer = 0;
        for (JsonNode m : manifests) {
            long size = Math.max(0, m.path("size").asLong(0));
            total += size;
            if (m.path("mediaType").asText("").endsWith("+gzip")) {
                rwLayer += size;
            }
        }
        String image = index.path("annotations").path("org.opencontainers.image.ref.name").asText(null);
        scan.add("containerd:" + digest, read(blob, digest, image, total, rwLayer, place, scan));
    }

    /**
     * The index blob is what opens the checkpoint (the reader finds its sibling blobs from it), so it is read as
     * {@code show} reads it; what the index itself says fills what the reader could not.
     */
    private FoundCheckpoint read(Path blob, String digest, String image, long total, long rwLayer, Place place,
            ScanContext scan) {
        String where = where(digest);
        if (rwLayer > scan.limits().maxCompressedBytes()) {
            return new FoundCheckpoint(null, "containerd", image, null, total, blob.toString(), place.kind(), where,
                    "not read here: its rw layer of " + io.checkpointinspector.text.Units.bytes(rwLayer)
                            + " is read in one full pass (the scan reads compressed layers up to "
                            + io.checkpointinspector.text.Units.bytes(scan.limits().maxCompressedBytes())
                            + "); open it to read it");
        }
        FoundCheckpoint row;
        try {
            row = reading.read(blob, place.kind(), where, scan);
        } catch (CheckpointReading.NotACheckpoint e) {
            row = CheckpointReading.failed(blob, place.kind(), where, e.getMessage());
        }
        return new FoundCheckpoint(row.container(), row.engine() != null ? row.engine() : "containerd",
                row.image() != null ? row.image() : image, row.checkpointed(), row.readable() ? row.bytes() : total,
                blob.toString(), place.kind(), where, row.error(), row.warnings());
    }

    static boolean isCheckpointIndex(JsonNode manifests) {
        for (JsonNode m : manifests) {
            String type = m.path("mediaType").asText("");
            if (type.equals(CRIU_TAR) || (type.startsWith(CHECKPOINT_MEDIA_PREFIX) && type.contains("checkpoint"))) {
                return true;
            }
        }
        return false;
    }

    private static String where(String digest) {
        return "image index sha256:" + digest.substring(0, 12);
    }
}
