package io.checkpointinspector.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An OCI archive read back with commons-compress (not our reader), every digest and size verified: the test's
 * view of what {@code podman load} gets.
 */
record OciArchiveFile(List<String> order, Map<String, byte[]> files, JsonNode index, JsonNode manifest,
        JsonNode config, byte[] layerGzip, byte[] layerTar) {

    static final ObjectMapper JSON = new ObjectMapper();

    static OciArchiveFile read(Path file) throws IOException {
        List<String> order = new ArrayList<>();
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(file))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                order.add(e.getName());
                assertThat(e.getLongUserId()).as(e.getName()).isZero();
                if (e.isFile()) {
                    files.put(e.getName(), tar.readAllBytes());
                }
            }
        }
        JsonNode index = JSON.readTree(files.get("index.json"));
        JsonNode manifestRef = index.path("manifests").get(0);
        byte[] manifestBytes = blob(files, manifestRef);
        JsonNode manifest = JSON.readTree(manifestBytes);
        JsonNode config = JSON.readTree(blob(files, manifest.path("config")));
        byte[] layer = blob(files, manifest.path("layers").get(0));
        byte[] tar;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(layer))) {
            tar = in.readAllBytes();
        }
        return new OciArchiveFile(order, files, index, manifest, config, layer, tar);
    }

    /** The blob a descriptor names, checked against its digest and size. */
    static byte[] blob(Map<String, byte[]> files, JsonNode descriptor) {
        String digest = descriptor.path("digest").asText();
        assertThat(digest).startsWith("sha256:");
        byte[] data = files.get("blobs/sha256/" + digest.substring(7));
        assertThat(data).as("blob %s", digest).isNotNull();
        assertThat(sha256(data)).isEqualTo(digest);
        assertThat((long) data.length).isEqualTo(descriptor.path("size").asLong());
        return data;
    }

    static String sha256(byte[] data) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Map<String, String> annotations() {
        Map<String, String> out = new LinkedHashMap<>();
        manifest.path("annotations").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** The layer's entries: name → content (directories map to an empty array). */
    Map<String, byte[]> layerEntries() throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(layerTar))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                out.put(e.getName(), e.isFile() ? tar.readAllBytes() : new byte[0]);
            }
        }
        return out;
    }
}
