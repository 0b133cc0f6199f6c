package io.checkpointinspector.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds OCI layouts and docker archives shaped like podman image save output. */
final class ImageBuilder {

    static final ObjectMapper JSON = new ObjectMapper();

    record Layer(byte[] blob, String mediaType) {
    }

    private final List<Layer> layers = new ArrayList<>();
    private final Map<String, String> indexAnnotations = new LinkedHashMap<>();
    private final Map<String, String> manifestAnnotations = new LinkedHashMap<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private String refName = "localhost/cp-web:latest";

    static ImageBuilder image() {
        return new ImageBuilder();
    }

    ImageBuilder layer(byte[] blob, String mediaType) {
        layers.add(new Layer(blob, mediaType));
        return this;
    }

    ImageBuilder indexAnnotation(String key, String value) {
        indexAnnotations.put(key, value);
        return this;
    }

    ImageBuilder annotation(String key, String value) {
        manifestAnnotations.put(key, value);
        return this;
    }

    ImageBuilder label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    ImageBuilder refName(String name) {
        refName = name;
        return this;
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] configJson() throws IOException {
        ObjectNode config = JSON.createObjectNode();
        config.put("architecture", "amd64").put("os", "linux");
        ObjectNode labelsNode = config.putObject("config").putObject("Labels");
        labels.forEach(labelsNode::put);
        ArrayNode diffIds = config.putObject("rootfs").put("type", "layers").putArray("diff_ids");
        layers.forEach(l -> diffIds.add("sha256:" + sha256(l.blob())));
        return JSON.writeValueAsBytes(config);
    }

    private static ObjectNode descriptor(String mediaType, byte[] blob) {
        ObjectNode d = JSON.createObjectNode();
        d.put("mediaType", mediaType).put("digest", "sha256:" + sha256(blob)).put("size", blob.length);
        return d;
    }

    /** name → content of an OCI layout, blobs first (as podman writes the tar). */
    Map<String, byte[]> ociFiles() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        byte[] config = configJson();
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("schemaVersion", 2).put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        manifest.set("config", descriptor("application/vnd.oci.image.config.v1+json", config));
        ArrayNode layerArray = manifest.putArray("layers");
        for (Layer l : layers) {
            layerArray.add(descriptor(l.mediaType(), l.blob()));
            files.put("blobs/sha256/" + sha256(l.blob()), l.blob());
        }
        ObjectNode ann = manifest.putObject("annotations");
        manifestAnnotations.forEach(ann::put);
        byte[] manifestBytes = JSON.writeValueAsBytes(manifest);
        files.put("blobs/sha256/" + sha256(config), config);
        files.put("blobs/sha256/" + sha256(manifestBytes), manifestBytes);
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2);
        ObjectNode d = descriptor("application/vnd.oci.image.manifest.v1+json", manifestBytes);
        d.putObject("annotations").put(OciImageReader.REF_NAME, refName);
        index.putArray("manifests").add(d);
        ObjectNode indexAnn = index.putObject("annotations");
        indexAnnotations.forEach(indexAnn::put);
        files.put("index.json", JSON.writeValueAsBytes(index));
        files.put("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes());
        return files;
    }

    Path ociArchive(Path file) throws IOException {
        TarBuilder tar = TarBuilder.tar().dir("blobs/").dir("blobs/sha256/");
        ociFiles().forEach(tar::file);
        return tar.write(file, Compression.NONE);
    }

    Path ociLayoutDirectory(Path dir) throws IOException {
        for (Map.Entry<String, byte[]> f : ociFiles().entrySet()) {
            Path target = dir.resolve(f.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, f.getValue());
        }
        return dir;
    }

    /** A docker archive as podman writes it: HEX.tar layers, HEX.json config, then manifest.json. */
    Path dockerArchive(Path file, boolean legacyDirectories) throws IOException {
        TarBuilder tar = TarBuilder.tar();
        ArrayNode layerPaths = JSON.createArrayNode();
        for (Layer l : layers) {
            String hex = sha256(l.blob());
            String path = legacyDirectories ? hex + "/layer.tar" : hex + ".tar";
            if (legacyDirectories) {
                tar.dir(hex + "/").file(hex + "/VERSION", "1.0");
            }
            tar.file(path, l.blob());
            layerPaths.add(path);
        }
        if (legacyDirectories) {
            // docker save links a repeated layer to the first copy
            String first = sha256(layers.get(0).blob());
            tar.dir("dup/").symlink("dup/layer.tar", "../" + first + "/layer.tar");
            layerPaths.set(0, JSON.getNodeFactory().textNode("dup/layer.tar"));
        }
        byte[] config = configJson();
        String configName = sha256(config) + ".json";
        tar.file(configName, config);
        ObjectNode item = JSON.createObjectNode();
        item.put("Config", configName);
        item.putArray("RepoTags").add(refName);
        item.set("Layers", layerPaths);
        tar.file("manifest.json", JSON.writeValueAsBytes(JSON.createArrayNode().add(item)));
        return tar.write(file, Compression.NONE);
    }
}
